// Pure layout of the logit lens: rows are layers (embed, 0, 1, …), columns the prompt's tokens; each cell
// prints the lens's top-1 next token and its probability, shaded by that probability (viridis, 0 … 1).
// A second grid shows a chosen target's rank (log scale, 1 brightest) or probability at every cell.
import { interpolateViridis } from 'd3';
import type { LensView } from './causalResults';
import { linearColourKey, logColourKey } from './colourKeyLayout';
import { toCsv } from './csv';
import { layoutTokenGrid, type TokenGridLayout } from './tokenGridLayout';

export type LensTargetMode = 'rank' | 'prob';
type Show = (text: string) => string;
const same: Show = (t) => t;

/** "embed" for the embedding output (−1), else the block's number. */
export function lensRowLabels(layers: readonly number[]): string[] {
  return layers.map((l) => (l < 0 ? 'embed' : String(l)));
}

/** A probability in a few characters: "62%", "0.4%", "<0.1%". */
export function formatProb(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.01) return `${Math.round(p * 100)}%`;
  return p >= 0.001 ? `${(p * 100).toFixed(1)}%` : '<0.1%';
}

export const probColor = (p: number): string => interpolateViridis(Math.max(0, Math.min(1, p)));

/** Rank 1 brightest, `worst` darkest, on a log scale. */
export function rankColor(rank: number, worst: number): string {
  const t = worst > 1 ? Math.log(Math.max(1, rank)) / Math.log(worst) : 0;
  return interpolateViridis(1 - Math.max(0, Math.min(1, t)));
}

function checkShape(result: LensView, grid: readonly (readonly unknown[])[], what: string): void {
  if (grid.length !== result.layers.length || grid.some((row) => row.length !== result.tokens.length)) {
    throw new Error(`logit lens: ${what} should be ${result.layers.length} layers × ${result.tokens.length} positions; the result is malformed`);
  }
}

/** The top-1 grid: fill by probability, text [token, "62%"]. */
export function layoutLensGrid(result: LensView, width: number, height: number, show: Show = same): TokenGridLayout {
  checkShape(result, result.top, 'top');
  const firsts = result.top.flatMap((row) => row.map((ks) => ks[0] ?? null));
  return layoutTokenGrid({
    rowLabels: lensRowLabels(result.layers),
    colLabels: result.tokens.map(show),
    fills: firsts.map((t) => (t ? probColor(t.prob) : null)),
    texts: firsts.map((t) => (t ? [show(t.text), formatProb(t.prob)] : [])),
    key: linearColourKey('top-1 probability', [0, 1], probColor, 4),
    width,
    height,
    maxCell: [110, 40],
  });
}

/** The target grid, or null without a target: rank on a log scale, or probability. */
export function layoutLensTarget(result: LensView, mode: LensTargetMode, width: number, height: number, show: Show = same): TokenGridLayout | null {
  const grid = mode === 'rank' ? result.targetRank : result.targetProb;
  if (!grid) return null;
  checkShape(result, grid, mode === 'rank' ? 'targetRank' : 'targetProb');
  const flat = grid.flat();
  const worst = Math.max(10, ...flat.filter(Number.isFinite));
  const fill = mode === 'rank' ? (v: number) => rankColor(v, worst) : probColor;
  return layoutTokenGrid({
    rowLabels: lensRowLabels(result.layers),
    colLabels: result.tokens.map(show),
    fills: flat.map((v) => (Number.isFinite(v) ? fill(v) : null)),
    texts: flat.map((v) => [mode === 'rank' ? `#${v}` : formatProb(v)]),
    key: mode === 'rank' ? logColourKey('target rank', 1, worst, (v) => rankColor(v, worst)) : linearColourKey('target probability', [0, 1], probColor, 4),
    width,
    height,
    maxCell: [110, 28],
  });
}

/** The hover text of a cell: "layer 3 · after ' the': ' cat' 62%, ' dog' 10%, …". */
export function lensCellText(result: LensView, layer: number, pos: number, show: Show = same): string {
  const where = `${result.layers[layer] < 0 ? 'embed' : `layer ${result.layers[layer]}`} · after ${show(result.tokens[pos])}`;
  const top = result.top[layer][pos].map((t) => `${show(t.text)} ${formatProb(t.prob)}`).join(', ');
  const target = result.targetRank ? ` · target rank ${result.targetRank[layer][pos]}${result.targetProb ? ` (${formatProb(result.targetProb[layer][pos])})` : ''}` : '';
  return `${where}: ${top}${target}`;
}

/** Long form: one row per layer, position and rank k. */
export function lensCsv(result: LensView): string {
  const rows: (string | number)[][] = [];
  result.top.forEach((byPos, l) => byPos.forEach((ks, p) => ks.forEach((t, k) => {
    rows.push([lensRowLabels([result.layers[l]])[0], p, result.tokens[p], k + 1, t.text, t.prob]);
  })));
  return toCsv(['layer', 'position', 'token', 'k', 'next_token', 'prob'], rows);
}

/** The target grid as CSV: one row per layer and position. */
export function lensTargetCsv(result: LensView): string {
  const rows: (string | number | null)[][] = [];
  result.layers.forEach((layer, l) => result.tokens.forEach((tok, p) => {
    rows.push([lensRowLabels([layer])[0], p, tok, result.targetRank?.[l][p] ?? null, result.targetProb?.[l][p] ?? null]);
  }));
  return toCsv(['layer', 'position', 'token', 'target_rank', 'target_prob'], rows);
}
