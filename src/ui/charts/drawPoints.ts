// Paints many points on a 2-D canvas: one path per category colour, points outside the clip skipped,
// unselected points faded when a selection exists so the selection stands out.
import { categoryColor } from '../palette';
import type { Rect } from './scales';
import type { ZoomTransform } from './scatterLayout';

export interface PointPaint {
  /** Interleaved pixel positions at zoom 1. */
  pixels: Float32Array;
  /** Visible point indices grouped by category (scatterLayout.groupByCategory). */
  groups: ReadonlyMap<number, Int32Array>;
  transform: ZoomTransform;
  /** Points are drawn only inside this rectangle (CSS pixels). */
  clip: Rect;
  radius: number;
  /** Opacity of points when nothing is selected. */
  alpha: number;
  /** Emphasised points; when non-empty, the others fade. */
  selected?: ReadonlySet<number>;
  /** Outline colour of selected points (the theme's foreground). */
  outline?: string;
}

/** Opacity of unselected points while a selection exists. */
const FADED_ALPHA = 0.12;
/** Points smaller than this (in px) are painted as squares: a few device pixels either way. */
const SQUARE_MAX_RADIUS = 2;
/** Below this radius an outline would hide the fill colour, so small selected points get none. */
const OUTLINE_MIN_RADIUS = 2.5;

export function drawPoints(ctx: CanvasRenderingContext2D, p: PointPaint): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.clip.left, p.clip.top, p.clip.width, p.clip.height);
  ctx.clip();
  const hasSelection = !!p.selected && p.selected.size > 0;
  for (const [c, idx] of p.groups) {
    ctx.globalAlpha = hasSelection ? FADED_ALPHA : p.alpha;
    ctx.fillStyle = categoryColor(c);
    fillCircles(ctx, p, idx, hasSelection ? (i) => !p.selected!.has(i) : () => true);
  }
  if (hasSelection) {
    ctx.globalAlpha = 0.95;
    ctx.strokeStyle = p.outline ?? '#000';
    ctx.lineWidth = 0.75;
    for (const [c, idx] of p.groups) {
      ctx.fillStyle = categoryColor(c);
      fillCircles(ctx, p, idx, (i) => p.selected!.has(i), p.radius >= OUTLINE_MIN_RADIUS);
    }
  }
  ctx.restore();
}

function fillCircles(ctx: CanvasRenderingContext2D, p: PointPaint, idx: Int32Array, keep: (i: number) => boolean, stroke = false): void {
  const { k, x: tx, y: ty } = p.transform;
  const r = p.radius;
  const x0 = p.clip.left - r, x1 = p.clip.left + p.clip.width + r;
  const y0 = p.clip.top - r, y1 = p.clip.top + p.clip.height + r;
  // Below SQUARE_MAX_RADIUS a square of equal area looks the same and paints about 4× faster.
  const square = r < SQUARE_MAX_RADIUS, side = r * Math.sqrt(Math.PI), half = side / 2;
  ctx.beginPath();
  for (const i of idx) {
    const x = k * p.pixels[2 * i] + tx, y = k * p.pixels[2 * i + 1] + ty;
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1) || !keep(i)) continue;
    if (square) {
      ctx.rect(x - half, y - half, side, side);
    } else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  ctx.fill();
  if (stroke) ctx.stroke();
}

/** A point radius that shrinks as points multiply, so 20k points do not become one blob. */
export function pointRadius(count: number, area: number): number {
  const perPoint = area / Math.max(1, count);
  return Math.max(1.4, Math.min(4, Math.sqrt(perPoint) / 6));
}

/** Sizes a canvas's backing store for crisp drawing at the device pixel ratio; returns its context. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = Math.max(1, window.devicePixelRatio || 1);
  const w = Math.round(width * dpr), h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
