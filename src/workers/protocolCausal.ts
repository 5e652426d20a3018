// The causal jobs' messages: steering (with its α sweep), directional ablation, activation patching, logit
// lens, attention patterns and the per-layer "decodable vs causal" summary. Plain data only (no tensors).
import type { ActivationSpec, Score } from './protocol';

/** Where a direction comes from: fitted in the worker on cached activations, or a vector the user gave. */
export type DirectionRequest =
  | {
    kind: 'fit';
    method: 'meandiff' | 'pcadiff' | 'probe';
    /** Activations to fit on (site and position of the view; `layers` are the layers fitted, one direction each). */
    data: ActivationSpec;
    /** Label of each prompt in `data.prompts` (null: unlabelled, left out). */
    labels: (string | null)[];
    /** The class the direction points towards (positive minus the rest); e.g. 'honest'. */
    positive: string;
    /** Contrast pairs [positive row, negative row] for 'pcadiff'. */
    pairs: [number, number][];
  }
  /** One vector for every layer ([d_model]) or one per model layer ([n_layers · d_model], row-major). */
  | { kind: 'vector'; data: Float32Array; name: string };

/** Positions steered: every prompt token, the last one, indices (negative: from the prompt's end), or only the generated tokens. */
export type SteerPositions = 'all' | 'last' | 'generated' | number[];

export interface SteerScore {
  /** Share of prompts whose first generated token is one of its target tokens. */
  firstToken: number;
  /** Share with a target token among the first k generated tokens. */
  anyOfK: number;
  /** Mean P(target) at the answer position. */
  meanTargetProb: number;
}

export interface Generation {
  /** Text of the generated tokens, one entry per token. */
  tokens: string[];
  /** Projection on the (unit) direction at the read hook for each generated token. */
  projection: number[];
  /** Whether the first generated token is a target token (null without a target). */
  hit: boolean | null;
}

export interface SteerJob {
  /** Prompts to steer (e.g. the liar prompts); at most a few hundred. */
  prompts: string[];
  /** Each prompt's target text (its first token counts as the wanted answer; '' or null: no target). */
  targets: (string | null)[];
  direction: DirectionRequest;
  /** Layers to steer (one, or a band). */
  layers: number[];
  /** Residual site to add at, e.g. 'hook_resid_pre'. */
  site: string;
  positions: SteerPositions;
  alpha: number;
  mode: 'oneshot' | 'continual';
  /** α values of the sweep (both modes are run at each); [] skips the sweep. */
  alphas: number[];
  maxNew: number;
  /** Seed of the random-direction control (same norm, drawn uniformly on the sphere). */
  seed: number;
}

export interface SteerResult {
  /** One per prompt, in order. */
  unsteered: Generation[];
  /** At `alpha` and `mode`. */
  steered: Generation[];
  scores: { unsteered: SteerScore; steered: SteerScore; random: SteerScore };
  sweep: { alphas: number[]; oneshot: SteerScore[]; continual: SteerScore[]; random: SteerScore[] } | null;
  /** Mean projection on the direction per generated token: unsteered, and steered in each mode at `alpha`. */
  projection: { unsteered: number[]; oneshot: number[]; continual: number[] };
  /** Norm of the fitted (unnormalised) direction at each steered layer, to put α in scale. */
  directionNorms: number[];
  /** Typical residual norm at the steered site (mean over prompts and positions), for scale. */
  residualNorm: number;
  notes: string[];
}

export interface AblateJob {
  prompts: string[];
  targets: (string | null)[];
  direction: DirectionRequest;
  /** Layers whose `site` the direction is projected out of, at every position. */
  layers: number[];
  site: string;
  /** Probes are re-scored at every layer's `probeSite` read at `position`, trained on `labels` (null: no probes). */
  labels: (string | null)[] | null;
  probeSite: string;
  position: ActivationSpec['position'];
  folds: number;
  seed: number;
}

export interface AblateResult {
  before: { meanTargetProb: number; top1: number };
  after: { meanTargetProb: number; top1: number };
  /** Probe accuracy per layer (held-out folds) before and after the ablation. */
  probes: { layer: number; before: Score; after: Score }[];
  notes: string[];
}

export type PatchMetricRequest =
  | { kind: 'logitdiff'; /** Token texts: the answer the clean run gives, and the corrupt one. */ targets: [string, string] }
  | { kind: 'prob'; target: string }
  | { kind: 'projection'; direction: DirectionRequest; layer: number; site: string };

export interface PatchJob {
  clean: string;
  corrupt: string;
  metric: PatchMetricRequest;
  /** Any of 'resid_pre', 'attn_out', 'mlp_out', 'heads'. */
  sites: string[];
}

export interface PatchResult {
  /** Token texts of the (equal-length) prompts: clean and corrupt. */
  tokens: { clean: string[]; corrupt: string[] };
  metricClean: number;
  metricCorrupt: number;
  heatmaps: {
    site: string;
    rows: string[];
    cols: string[];
    colKind: 'position' | 'head';
    /** Recovery, row-major rows × cols: 1 = the clean metric, 0 = unchanged. */
    values: number[];
    /** How many components patched together recover 50 / 80 / 90 % (null: not reached). */
    density: { recovery: number[]; needed: { fraction: number; components: number | null }[] } | null;
  }[];
}

export interface LensJob {
  text: string;
  topK: number;
  /** Token text whose rank and probability are shown at every layer and position. */
  target: string | null;
}

export interface LensResult {
  tokens: string[];
  /** −1 is the embedding output, then each block's resid_post. */
  layers: number[];
  /** [layer][position][k] */
  top: { text: string; prob: number }[][][];
  targetRank: number[][] | null;
  targetProb: number[][] | null;
}

export interface AttentionJob {
  text: string;
}

export interface AttentionResult {
  tokens: string[];
  /** data[(head · pos + query) · pos + key]. */
  layers: { layer: number; nHeads: number; pos: number; data: Float32Array }[];
  /** Per layer, per head. */
  stats: { prevToken: number[]; bos: number[]; self: number[]; entropy: number[] }[];
}

/** One layer of the "decodable vs causal" chart; every number is in [0, 1] (null: not measured). */
export interface LayerEffect {
  layer: number;
  /** Probe accuracy on the label at this layer (held-out folds). */
  probe: Score | null;
  /** Steering success (share of target prompts that give their target) at the best α, per mode. */
  steerOneshot: number | null;
  steerContinual: number | null;
  /** α that gave the one-shot value. */
  bestAlpha: number | null;
  /** Share of the behaviour gap between the classes removed by projecting the direction out at this layer. */
  ablation: number | null;
  /** Mean recovery of patching the read position at this layer's resid_pre, clean = positive, corrupt = paired negative. */
  patching: number | null;
}

export interface LayerEffectsJob {
  /** Every prompt of the dataset (both classes) with labels, targets and pairs. */
  prompts: string[];
  labels: (string | null)[];
  targets: (string | null)[];
  positive: string;
  pairs: [number, number][];
  /** Site the direction is fitted on and steered / ablated at (e.g. 'hook_resid_pre'). */
  site: string;
  position: ActivationSpec['position'];
  method: 'meandiff' | 'pcadiff' | 'probe';
  alphas: number[];
  maxNew: number;
  folds: number;
  seed: number;
  datasetKey: string;
}

export interface LayerEffectsResult {
  layers: LayerEffect[];
  /** Share of the negative class's prompts that give their target, unsteered (the floor of steering). */
  baseline: number;
  notes: string[];
}

export interface CausalJobMap {
  steer: { job: SteerJob; result: SteerResult };
  ablate: { job: AblateJob; result: AblateResult };
  patch: { job: PatchJob; result: PatchResult };
  lens: { job: LensJob; result: LensResult };
  attention: { job: AttentionJob; result: AttentionResult };
  layerEffects: { job: LayerEffectsJob; result: LayerEffectsResult };
}
