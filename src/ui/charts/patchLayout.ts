// Pure layout of an activation-patching heat map: rows are layers (or layer·head), columns the prompt's
// tokens ("ann→bob" where clean and corrupt differ) or heads; a diverging scale centred on 0, 1 = full recovery.
import type { PatchHeatmap, PatchView } from './causalResults';
import { linearColourKey } from './colourKeyLayout';
import { heatColor, heatmapCsv } from './heatmapLayout';
import { formatValue } from './scales';
import { layoutTokenGrid, type TokenGridLayout } from './tokenGridLayout';

/** Recovery runs −1 … 1 on the colour scale (values beyond take the end colours): 0 neutral, 1 the clean run. */
export const PATCH_DOMAIN: [number, number] = [-1, 1];

export const patchColor = (v: number): string | null => heatColor({ kind: 'diverging' }, PATCH_DOMAIN)(v);

/** One label per position: the token, or "clean→corrupt" where the two prompts differ. */
export function patchTokenLabels(clean: readonly string[], corrupt: readonly string[]): string[] {
  return clean.map((t, i) => (corrupt[i] === undefined || corrupt[i] === t ? t : `${t}→${corrupt[i]}`));
}

/**
 * The column labels of a map: token labels for position columns when the prompts have one token per
 * column, else the map's own labels. `show` makes token text visible (e.g. spaces as ␣).
 */
export function patchColumnLabels(map: PatchHeatmap, tokens: PatchView['tokens'], show: (t: string) => string = (t) => t): string[] {
  if (map.colKind === 'position' && tokens.clean.length === map.cols.length) return patchTokenLabels(tokens.clean.map(show), tokens.corrupt.map(show));
  return [...map.cols];
}

export function layoutPatchGrid(map: PatchHeatmap, colLabels: readonly string[], width: number, height: number): TokenGridLayout {
  if (map.values.length !== map.rows.length * map.cols.length) {
    throw new Error(`patching map "${map.site}": ${map.values.length} values for ${map.rows.length}×${map.cols.length}; the result is malformed`);
  }
  return layoutTokenGrid({
    rowLabels: map.rows,
    colLabels,
    fills: map.values.map((v) => patchColor(v) ?? null),
    key: linearColourKey('recovery (1 = clean)', PATCH_DOMAIN, (v) => patchColor(v)!, 4),
    width,
    height,
    maxCell: [72, 40],
  });
}

/** "metric: clean 3.210 · corrupt -1.050 (difference 4.260)". */
export function patchHeader(result: Pick<PatchView, 'metricClean' | 'metricCorrupt'>): string {
  const { metricClean: c, metricCorrupt: x } = result;
  return `metric: clean ${formatValue(c)} · corrupt ${formatValue(x)} (difference ${formatValue(c - x)})`;
}

/** The readout of one cell: "layer 2 × ann→bob: recovery 0.812". */
export function patchCellText(map: PatchHeatmap, colLabels: readonly string[], row: number, col: number): string {
  const rowName = /^\d+$/.test(map.rows[row]) ? `layer ${map.rows[row]}` : map.rows[row];
  return `${rowName} × ${colLabels[col]}: recovery ${formatValue(map.values[row * map.cols.length + col])}`;
}

export function patchCsv(map: PatchHeatmap, colLabels: readonly string[]): string {
  return heatmapCsv(map.values, map.rows.length, map.cols.length, map.rows, colLabels);
}
