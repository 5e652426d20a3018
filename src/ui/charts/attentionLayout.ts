// Pure layout of one head's attention pattern: query rows × key columns with the prompt's tokens on
// both axes, keys after the query left blank (the causal mask), viridis from 0 to 1; and the per-head
// summary rows (previous token, first token, self, entropy).
import type { AttentionView } from './causalResults';
import { linearColourKey } from './colourKeyLayout';
import { toCsv } from './csv';
import { probColor } from './lensLayout';
import { formatValue } from './scales';
import { layoutTokenGrid, type TokenGridLayout } from './tokenGridLayout';

type Show = (text: string) => string;

/** Pattern of `head` in result.layers[layerIndex], row-major query × key. */
export function headPattern(result: AttentionView, layerIndex: number, head: number): { pos: number; values: Float64Array } {
  const l = result.layers[layerIndex];
  if (!l) throw new Error(`attention: no layer at index ${layerIndex}; the result has ${result.layers.length}`);
  if (head < 0 || head >= l.nHeads) throw new Error(`attention: layer ${l.layer} has heads 0–${l.nHeads - 1}, not ${head}`);
  const n = l.pos * l.pos;
  return { pos: l.pos, values: Float64Array.from({ length: n }, (_, i) => l.data[head * n + i]) };
}

export function layoutAttention(result: AttentionView, layerIndex: number, head: number, width: number, height: number, show: Show = (t) => t): TokenGridLayout {
  const { pos, values } = headPattern(result, layerIndex, head);
  const labels = result.tokens.slice(0, pos).map(show);
  return layoutTokenGrid({
    rowLabels: labels,
    colLabels: labels,
    fills: Array.from(values, (v, i) => (i % pos > Math.floor(i / pos) ? null : probColor(v))),
    key: linearColourKey('attention', [0, 1], probColor, 4),
    width,
    height,
    square: true,
    maxCell: [48, 48],
  });
}

/** "query 3 ' sat' → key 1 ' cat': 0.412". */
export function attentionCellText(result: AttentionView, layerIndex: number, head: number, query: number, key: number, show: Show = (t) => t): string {
  const { pos, values } = headPattern(result, layerIndex, head);
  return `query ${query} ${show(result.tokens[query])} → key ${key} ${show(result.tokens[key])}: ${formatValue(values[query * pos + key])}`;
}

export interface HeadStatsRow {
  layerIndex: number;
  layer: number;
  head: number;
  prevToken: number;
  bos: number;
  self: number;
  entropy: number;
}

/** One row per layer and head, in layer then head order. */
export function headStatsRows(result: AttentionView): HeadStatsRow[] {
  return result.layers.flatMap((l, li) => {
    const s = result.stats[li];
    return Array.from({ length: l.nHeads }, (_, head) => ({
      layerIndex: li, layer: l.layer, head,
      prevToken: s?.prevToken[head] ?? NaN, bos: s?.bos[head] ?? NaN, self: s?.self[head] ?? NaN, entropy: s?.entropy[head] ?? NaN,
    }));
  });
}

/** The head's pattern as CSV: a row per query, a column per key (blank after the query). */
export function attentionCsv(result: AttentionView, layerIndex: number, head: number): string {
  const { pos, values } = headPattern(result, layerIndex, head);
  const header = ['query \\ key', ...result.tokens.slice(0, pos).map((t, k) => `${k}:${t}`)];
  return toCsv(header, Array.from({ length: pos }, (_, q) => [`${q}:${result.tokens[q]}`, ...Array.from({ length: pos }, (_, k) => (k > q ? null : values[q * pos + k]))]));
}
