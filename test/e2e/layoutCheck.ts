// Checks the explorer's first screen as laid out in the browser: each main panel is visible, has a size,
// lies inside the viewport's width, overlaps no other panel, and shows something (pixels, marks, text).

export interface PanelSpec {
  name: string;
  el: HTMLElement | null;
  /** Why the panel counts as empty, or null when it shows something. */
  empty: (el: HTMLElement) => string | null;
}

export interface PanelBox {
  name: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Pixels of a 2-D canvas that differ from its most common colour (the background). */
export function inkPixels(canvas: HTMLCanvasElement): number {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return data.length / 4 - background;
}

export const canvasInk = (min: number) => (el: HTMLElement): string | null => {
  const canvas = el.querySelector('canvas');
  if (!canvas) return 'no canvas';
  const ink = inkPixels(canvas);
  return ink >= min ? null : `its canvas has ${ink} drawn pixels (< ${min})`;
};

export const svgMarks = (selector: string, min = 1) => (el: HTMLElement): string | null => {
  const marks = el.querySelectorAll(`svg ${selector}`).length;
  return marks >= min ? null : `its SVG has ${marks} "${selector}" marks (< ${min})`;
};

export const textMatches = (pattern: RegExp) => (el: HTMLElement): string | null =>
  pattern.test(el.textContent ?? '') ? null : `its text ${JSON.stringify(el.textContent?.slice(0, 80))} does not match ${pattern}`;

const overlap = (a: PanelBox, b: PanelBox) =>
  Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left) > 0.5 && Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top) > 0.5;

/** Every problem with the panels' layout, as sentences; empty when the layout is right. */
export function layoutProblems(panels: PanelSpec[], viewportWidth: number): { problems: string[]; boxes: PanelBox[] } {
  const problems: string[] = [];
  const boxes: PanelBox[] = [];
  for (const { name, el, empty } of panels) {
    if (!el) {
      problems.push(`${name}: missing`);
      continue;
    }
    const r = el.getBoundingClientRect();
    const box = { name, left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height };
    boxes.push(box);
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) problems.push(`${name}: hidden`);
    if (r.width < 1 || r.height < 1) problems.push(`${name}: has no size (${r.width}×${r.height})`);
    if (r.left < 0 || r.right > viewportWidth + 0.5) problems.push(`${name}: spans x ${Math.round(r.left)}–${Math.round(r.right)}, outside the ${viewportWidth} px viewport`);
    const why = empty(el);
    if (why) problems.push(`${name}: empty, ${why}`);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) problems.push(`${boxes[i].name} overlaps ${boxes[j].name}`);
  }
  return { problems, boxes };
}
