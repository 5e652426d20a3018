// Chart images for export: standalone SVG (computed styles inlined, since CSS variables do not
// travel with the file) and PNG composed from SVG and canvas layers at any scale.

/** Style properties copied from the page into exported SVG so it looks the same on its own. */
const INLINE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-variant-numeric', 'text-anchor', 'dominant-baseline',
] as const;

/** Elements with this class (focus rings, hover marks) are left out of exports. */
export const NO_EXPORT_CLASS = 'rs-noexport';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface SvgExportOptions {
  /** Fill painted behind the chart (exports are otherwise transparent). */
  background?: string;
}

/** A standalone SVG document of a chart's <svg>, with its computed styles inlined. */
export function exportSvg(svg: SVGSVGElement, options: SvgExportOptions = {}): string {
  return new XMLSerializer().serializeToString(cloneForExport(svg, options));
}

/** The clone behind exportSvg, for exporters that add elements (e.g. scatter points) before serialising. */
export function cloneForExport(svg: SVGSVGElement, options: SvgExportOptions = {}): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  const drop: Element[] = [];
  originals.forEach((el, i) => {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.classList.contains(NO_EXPORT_CLASS)) { drop.push(copies[i]); return; }
    const decl = INLINE_PROPS.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
    copies[i].setAttribute('style', decl);
    copies[i].removeAttribute('class');
    copies[i].removeAttribute('tabindex');
  });
  for (const el of drop) el.remove();
  const { width, height } = svgSize(svg);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (options.background) {
    const bg = document.createElementNS(SVG_NS, 'rect');
    bg.setAttribute('width', '100%');
    bg.setAttribute('height', '100%');
    bg.setAttribute('fill', options.background);
    clone.insertBefore(bg, clone.firstChild);
  }
  return clone;
}

function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const r = svg.getBoundingClientRect();
  return { width: Math.round(r.width) || svg.width.baseVal.value, height: Math.round(r.height) || svg.height.baseVal.value };
}

/** A PNG layer: an element drawn over the whole image, or a painter given the context and scale. */
export type PngLayer = HTMLCanvasElement | SVGSVGElement | ((ctx: CanvasRenderingContext2D, scale: number) => void);

/** A PNG of a canvas or an SVG chart, `scale` times its CSS size. */
export async function exportPng(source: HTMLCanvasElement | SVGSVGElement, scale = 2, background?: string): Promise<Blob> {
  const r = source.getBoundingClientRect();
  return composePng([source], r.width, r.height, scale, background);
}

/** Draws the layers bottom to top onto one `width`×`height` (CSS pixels) image at `scale`. */
export async function composePng(layers: readonly PngLayer[], width: number, height: number, scale = 2, background?: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('cannot export PNG: this browser gave no 2-D canvas context');
  if (background) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  for (const layer of layers) {
    if (typeof layer === 'function') {
      ctx.save();
      layer(ctx, scale);
      ctx.restore();
    } else if (layer instanceof HTMLCanvasElement) {
      ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
    } else {
      ctx.drawImage(await svgImage(exportSvg(layer)), 0, 0, canvas.width, canvas.height);
    }
  }
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed; try a smaller scale'))), 'image/png');
  });
}

async function svgImage(text: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await img.decode();
  return img;
}

/** Saves a blob under `filename` through a temporary link. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
