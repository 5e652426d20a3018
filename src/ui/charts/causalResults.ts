// The causal jobs' results as the causal views read them. They mirror the parts of
// src/workers/protocolCausal.ts the views use, since ui/ may not import workers/ (ARCHITECTURE.md §3);
// the views' tests build their data with the protocol's own types, so tsc catches any drift.
import type { Score } from './probeLayout';

export interface PatchHeatmap {
  site: string;
  rows: readonly string[];
  cols: readonly string[];
  colKind: 'position' | 'head';
  /** Recovery, row-major rows × cols: 1 = the clean metric, 0 = unchanged. */
  values: readonly number[];
  /** recovery[k − 1]: top k components patched together; needed: fewest components per fraction (null: never). */
  density: { recovery: readonly number[]; needed: readonly { fraction: number; components: number | null }[] } | null;
}

export interface PatchView {
  tokens: { clean: readonly string[]; corrupt: readonly string[] };
  metricClean: number;
  metricCorrupt: number;
  heatmaps: readonly PatchHeatmap[];
}

export interface LensView {
  tokens: readonly string[];
  /** −1 is the embedding output, then each block's resid_post. */
  layers: readonly number[];
  /** [layer][position][k], most likely first. */
  top: readonly (readonly (readonly { text: string; prob: number }[])[])[];
  /** [layer][position]; ranks are 1-based. */
  targetRank: readonly (readonly number[])[] | null;
  targetProb: readonly (readonly number[])[] | null;
}

export interface AttentionView {
  tokens: readonly string[];
  /** data[(head · pos + query) · pos + key]. */
  layers: readonly { layer: number; nHeads: number; pos: number; data: ArrayLike<number> }[];
  /** Per entry of `layers`, per head. */
  stats: readonly { prevToken: readonly number[]; bos: readonly number[]; self: readonly number[]; entropy: readonly number[] }[];
}

export interface SteerScoreView {
  firstToken: number;
  anyOfK: number;
  meanTargetProb: number;
}

export interface GenerationView {
  tokens: readonly string[];
  projection: readonly number[];
  hit: boolean | null;
}

export interface SteerView {
  unsteered: readonly GenerationView[];
  steered: readonly GenerationView[];
  scores: { unsteered: SteerScoreView; steered: SteerScoreView; random: SteerScoreView };
  sweep: { alphas: readonly number[]; oneshot: readonly SteerScoreView[]; continual: readonly SteerScoreView[]; random: readonly SteerScoreView[] } | null;
  projection: { unsteered: readonly number[]; oneshot: readonly number[]; continual: readonly number[] };
  notes: readonly string[];
}

export interface AblateView {
  before: { meanTargetProb: number; top1: number };
  after: { meanTargetProb: number; top1: number };
  probes: readonly { layer: number; before: Score; after: Score }[];
  notes: readonly string[];
}
