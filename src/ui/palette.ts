// Colour-blind-safe colours for charts: Okabe–Ito for categories, viridis/cividis for sequential
// values and a blue–red diverging scale (ColorBrewer RdBu, safe for the common deficiencies) for signs.
import { interpolateCividis, interpolateRdBu, interpolateViridis } from 'd3';

/**
 * Okabe & Ito (2008), reordered so the first colours contrast most on both light and dark
 * backgrounds; their black is left out because it vanishes on dark themes (categories past the
 * eighth cycle, and the legend names them all).
 */
export const OKABE_ITO = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#0072B2', // blue
  '#CC79A7', // reddish purple
  '#F0E442', // yellow
  '#999999', // grey
] as const;

/** Points without a label: a neutral grey that reads on both themes and is not a category colour. */
export const UNLABELLED_COLOR = '#8c8c8c';

/** The colour of category `c`; negative indices mean "no label". */
export function categoryColor(c: number): string {
  if (c < 0 || !Number.isFinite(c)) return UNLABELLED_COLOR;
  return OKABE_ITO[c % (OKABE_ITO.length - 1)];
}

/**
 * Dash patterns that pair with series colours, so lines stay distinguishable in greyscale prints
 * and for readers who cannot tell two colours apart.
 */
export const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'] as const;

export type SequentialName = 'viridis' | 'cividis';

/** t in [0, 1] → colour; perceptually uniform and readable without colour vision. */
export function sequentialInterpolator(name: SequentialName): (t: number) => string {
  return name === 'cividis' ? interpolateCividis : interpolateViridis;
}

/** t in [0, 1] → colour; 0 is blue (negative), 0.5 near-white (zero), 1 red (positive). */
export function divergingInterpolator(): (t: number) => string {
  return (t: number) => interpolateRdBu(1 - t);
}

/** Relative luminance (WCAG) of a `#rrggbb` or `rgb(r, g, b)` colour, in [0, 1]. */
export function luminance(color: string): number {
  const channels = parseColor(color).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/** Black or white, whichever reads better on `background` (for numbers printed inside cells). */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  // 0.179 is where the contrast ratios against black and against white are equal.
  return luminance(background) > 0.179 ? '#000000' : '#ffffff';
}

function parseColor(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const v = parseInt(hex[1], 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(color.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`unknown colour "${color}": use #rrggbb or rgb(r, g, b)`);
}
