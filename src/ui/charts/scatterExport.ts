// Scatter exports: SVG with one circle per visible point (capped, with a note), PNG painted at the
// export scale, and CSV of every point with its label, selection and prompt.
import { categoryColor } from '../palette';
import type { ChartTheme } from '../theme';
import { toCsv } from './csv';
import { drawPoints } from './drawPoints';
import { cloneForExport, composePng } from './exportImage';
import { categoryOf, type ScatterLayout, type ZoomTransform } from './scatterLayout';

/** SVG files with more circles than this get slow to open; the rest are left out, with a note. */
export const SVG_POINT_CAP = 20_000;

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Room added at the right of exported images for the class legend: swatch, longest entry, margin. */
export function exportLegendWidth(names: readonly string[], counts: readonly number[]): number {
  const entries = names.map((n, c) => `${n} (${counts[c] ?? 0}) – hidden`);
  if ((counts[names.length] ?? 0) > 0) entries.push(`unlabelled (${counts[names.length]}) – hidden`);
  return Math.ceil(40 + 6.6 * Math.max(10, ...entries.map((e) => e.length)));
}

export interface ScatterExportInput {
  /** The on-screen SVG with grid and axes; its clone is the export's base. */
  axes: SVGSVGElement;
  layout: ScatterLayout;
  transform: ZoomTransform;
  /** Visible points by category (groupByCategory). */
  groups: ReadonlyMap<number, Int32Array>;
  selected: ReadonlySet<number>;
  radius: number;
  alpha: number;
  names: readonly string[];
  counts: readonly number[];
  hidden: ReadonlySet<number>;
  theme: ChartTheme;
}

/**
 * At most `cap` members of `all`, one from each of `cap` equal strata at a hashed position within
 * it: spread like an even stride, but without aliasing with periodic structure (e.g. class = i % 4).
 */
export function capIndices(all: Int32Array, cap: number): Int32Array {
  if (all.length <= cap) return all;
  const out = new Int32Array(cap);
  const stride = all.length / cap;
  for (let m = 0; m < cap; m++) {
    const jitter = (Math.imul(m + 1, 2654435761) >>> 0) / 4294967296;
    out[m] = all[Math.min(all.length - 1, Math.floor((m + jitter) * stride))];
  }
  return out;
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function exportBase(input: ScatterExportInput): SVGSVGElement {
  const svg = cloneForExport(input.axes, { background: input.theme.bg });
  const w = input.layout.width + exportLegendWidth(input.names, input.counts), h = input.layout.height;
  svg.setAttribute('width', String(w));
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.appendChild(legendGroup(input));
  return svg;
}

function legendGroup(input: ScatterExportInput): SVGElement {
  const g = el('g', { transform: `translate(${input.layout.width + 12},${input.layout.plot.top + 6})`, 'font-family': 'system-ui, sans-serif', 'font-size': 12 });
  const rows = input.names.map((name, c) => ({ c, name, n: input.counts[c] ?? 0 }));
  if ((input.counts[input.names.length] ?? 0) > 0) rows.push({ c: -1, name: 'unlabelled', n: input.counts[input.names.length] });
  rows.forEach((r, i) => {
    const off = input.hidden.has(r.c);
    const row = el('g', { transform: `translate(0,${i * 18})`, opacity: off ? 0.35 : 1 });
    row.appendChild(el('circle', { cx: 5, cy: 0, r: 5, fill: categoryColor(r.c) }));
    row.appendChild(el('text', { x: 16, dy: '0.32em', fill: input.theme.fg }, `${r.name} (${r.n})${off ? ' – hidden' : ''}`));
    g.appendChild(row);
  });
  return g;
}

/** The scatter as SVG: axes, legend and one circle per visible point (up to SVG_POINT_CAP). */
export function scatterSvg(input: ScatterExportInput): string {
  const svg = exportBase(input);
  const { plot } = input.layout;
  const defs = el('defs', {});
  const clip = el('clipPath', { id: 'rs-scatter-clip' });
  clip.appendChild(el('rect', { x: plot.left, y: plot.top, width: plot.width, height: plot.height }));
  defs.appendChild(clip);
  svg.appendChild(defs);
  const total = [...input.groups.values()].reduce((s, g) => s + g.length, 0);
  const g = el('g', { 'clip-path': 'url(#rs-scatter-clip)' });
  const { k, x: tx, y: ty } = input.transform;
  const fade = input.selected.size > 0;
  let drawn = 0;
  for (const [c, idx] of input.groups) {
    const kept = capIndices(idx, Math.max(1, Math.round((SVG_POINT_CAP * idx.length) / Math.max(total, SVG_POINT_CAP))));
    drawn += kept.length;
    for (const i of kept) {
      const px = input.layout.pixels;
      const on = !fade || input.selected.has(i);
      g.appendChild(el('circle', {
        cx: (k * px[2 * i] + tx).toFixed(2), cy: (k * px[2 * i + 1] + ty).toFixed(2), r: input.radius,
        fill: categoryColor(c), 'fill-opacity': on ? input.alpha : 0.12, 'data-index': i,
      }));
    }
  }
  svg.appendChild(g);
  if (total > SVG_POINT_CAP) {
    const note = `Showing ${drawn.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} points, evenly sampled; PNG and CSV exports have all of them.`;
    svg.appendChild(el('text', { x: plot.left + 6, y: plot.top + 14, 'font-size': 11, fill: input.theme.muted, 'font-family': 'system-ui, sans-serif' }, note));
  }
  return new XMLSerializer().serializeToString(svg);
}

/** The scatter as PNG: the SVG's axes and legend, with every visible point painted at `scale`. */
export async function scatterPng(input: ScatterExportInput, scale: number): Promise<Blob> {
  const text = new XMLSerializer().serializeToString(exportBase(input));
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await img.decode();
  const w = input.layout.width + exportLegendWidth(input.names, input.counts), h = input.layout.height;
  return composePng([
    (ctx, s) => ctx.drawImage(img, 0, 0, w * s, h * s),
    (ctx, s) => {
      ctx.scale(s, s);
      drawPoints(ctx, { ...input, pixels: input.layout.pixels, clip: input.layout.plot, outline: input.theme.fg });
    },
  ], w, h, scale);
}

/** Every point: index, data coordinates, label, whether selected, and its prompt text when known. */
export function scatterCsv(points: Float32Array, categories: ArrayLike<number>, names: readonly string[], selected: ReadonlySet<number>, text?: (i: number) => string): string {
  const n = Math.floor(points.length / 2);
  const rows = function* () {
    for (let i = 0; i < n; i++) {
      const c = categoryOf(categories, i);
      yield [i, points[2 * i], points[2 * i + 1], c >= 0 ? names[c] ?? null : null, selected.has(i) ? 1 : 0, text ? text(i) : null];
    }
  };
  return toCsv(['index', 'x', 'y', 'label', 'selected', 'text'], rows());
}
