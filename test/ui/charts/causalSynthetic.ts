// Small hand-made causal results for the causal views' tests, typed with the worker protocol's own types
// so that tsc checks they still fit the views' props (src/ui/charts/causalResults.ts mirrors them).
import type { AblateResult, AttentionResult, LensResult, PatchResult, SteerResult, SteerScore } from '../../../src/workers/protocolCausal';

export const patchResult: PatchResult = {
  tokens: { clean: ['When', 'ann', 'met', 'her'], corrupt: ['When', 'bob', 'met', 'her'] },
  metricClean: 3.25,
  metricCorrupt: -1.5,
  heatmaps: [
    {
      site: 'resid_pre',
      rows: ['0', '1', '2'],
      cols: ['0', '1', '2', '3'],
      colKind: 'position',
      values: [0, 1, 0, 0, 0, 0.5, 0, 0.25, -1, 0, 0, 1],
      density: { recovery: [0.6, 0.85, 0.88, 0.89], needed: [{ fraction: 0.5, components: 1 }, { fraction: 0.8, components: 2 }, { fraction: 0.9, components: null }] },
    },
    {
      site: 'heads',
      rows: ['0', '1'],
      cols: ['H0', 'H1', 'H2'],
      colKind: 'head',
      values: [0.1, 0.7, 0, -0.2, 0, 0.4],
      density: null,
    },
  ],
};

const tops = (texts: string[], p: number) => texts.map((text, k) => ({ text, prob: k === 0 ? p : (1 - p) / (texts.length - 1) }));

/** 3 layers (embed, 0, 1) × 3 positions, top 3; the last layer predicts ' Paris' at the last position. */
export const lensResult: LensResult = {
  tokens: ['The', ' capital', ' is'],
  layers: [-1, 0, 1],
  top: [
    [tops([' The', ' a', ' A'], 0.2), tops([' capital', ' city', ' of'], 0.3), tops([' is', ' was', ' the'], 0.1)],
    [tops([' first', ' same', ' best'], 0.4), tops([' of', ' city', ' is'], 0.5), tops([' the', ' a', ' Paris'], 0.3)],
    [tops([' first', ' way', ' best'], 0.6), tops([' of', ' city', ' is'], 0.9), tops([' Paris', ' London', ' the'], 0.75)],
  ],
  targetRank: [[5000, 1200, 300], [800, 40, 3], [60, 12, 1]],
  targetProb: [[0, 0.0001, 0.001], [0.0005, 0.004, 0.05], [0.002, 0.01, 0.75]],
};

/** Row-normalised causal pattern of `pos` tokens where every query puts `w` on `key(q)` and spreads the rest. */
function pattern(pos: number, key: (q: number) => number, w: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < pos; q++) {
    for (let k = 0; k < pos; k++) {
      if (k > q) out.push(0);
      else if (q === 0) out.push(1);
      else out.push(k === key(q) ? w : (1 - w) / q);
    }
  }
  return out;
}

const POS = 4;
/** Layer 0: head 0 previous-token, head 1 first-token; layer 2: head 0 self, head 1 previous-token. */
export const attentionResult: AttentionResult = {
  tokens: ['<s>', 'cat', 'sat', 'down'],
  layers: [
    { layer: 0, nHeads: 2, pos: POS, data: Float32Array.from([...pattern(POS, (q) => q - 1, 0.9), ...pattern(POS, () => 0, 0.8)]) },
    { layer: 2, nHeads: 2, pos: POS, data: Float32Array.from([...pattern(POS, (q) => q, 0.7), ...pattern(POS, (q) => q - 1, 0.6)]) },
  ],
  stats: [
    { prevToken: [0.9, 0.1], bos: [0.05, 0.8], self: [0.03, 0.05], entropy: [0.4, 0.7] },
    { prevToken: [0.15, 0.6], bos: [0.1, 0.2], self: [0.7, 0.1], entropy: [0.9, 1.1] },
  ],
};

const score = (firstToken: number): SteerScore => ({ firstToken, anyOfK: Math.min(1, firstToken + 0.1), meanTargetProb: firstToken / 2 });
const gen = (tokens: string[], hit: boolean | null) => ({ tokens, projection: tokens.map((_, i) => i), hit });

export const steerPrompts = ['Is the sky green? Answer:', 'Is water dry? Answer:', 'Tell me a story.'];
export const steerTargets = [' Yes', ' Yes', null];

export const steerResult: SteerResult = {
  unsteered: [gen([' No', '.'], false), gen([' No', ','], false), gen([' Once', ' upon'], null)],
  steered: [gen([' Yes', '!'], true), gen([' No', '.'], false), gen([' Yes', ' upon'], null)],
  scores: { unsteered: score(0), steered: score(0.94), random: score(0.06) },
  sweep: {
    alphas: [0, 4, 8, 16],
    oneshot: [score(0), score(0.3), score(0.7), score(0.94)],
    continual: [score(0), score(0.5), score(0.9), score(1)],
    random: [score(0), score(0.02), score(0.04), score(0.06)],
  },
  projection: { unsteered: [-1, -0.8, -0.9], oneshot: [3, 1, 0.2], continual: [3, 2.8, 3.1] },
  directionNorms: [4.2],
  residualNorm: 60,
  notes: ['1 prompt has no target and is left out of the scores'],
};

export const ablateResult: AblateResult = {
  before: { meanTargetProb: 0.62, top1: 0.8 },
  after: { meanTargetProb: 0.12, top1: 0.1 },
  probes: [
    { layer: 0, before: { mean: 0.55, std: 0.04 }, after: { mean: 0.5, std: 0.03 } },
    { layer: 1, before: { mean: 0.8, std: 0.05 }, after: { mean: 0.52, std: 0.04 } },
    { layer: 2, before: { mean: 0.95, std: 0.02 }, after: { mean: 0.55, std: 0.05 } },
  ],
  notes: [],
};
