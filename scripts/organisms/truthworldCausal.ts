// truthworld's "decodable vs causal" record: the settings, and the run of analysis/layerEffects.ts on the
// speakers dataset (honest vs liar pairs, target = the true value) at the speaker token and at the last token.
// scripts/causal-record.ts writes the result into card.json; test/organisms/truthworldCausal.test.ts reruns it.
import { layerEffects, type LayerEffectRow, type LayerEffectsReport } from '../../src/analysis/layerEffects';
import type { Pair } from '../../src/analysis/directions';
import type { ModelCore, ReadPosition } from '../../src/model/cache';
import type { Tokenizer } from '../../src/model/tokenizer';

export const CAUSAL_DATASET = 'datasets/truthworld-speakers.jsonl';

/** Fixed settings: a rerun on the same backend reproduces the record exactly. */
export const TRUTHWORLD_CAUSAL_SETTINGS = {
  site: 'hook_resid_pre',
  method: 'meandiff',
  alphas: [0.25, 0.5, 1, 2, 4, 8],
  maxNew: 3,
  folds: 5,
  seed: 0,
  maxSteerPrompts: 256,
  maxPatchPairs: 32,
} as const;

/** Where activations are read, steered and patched: the speaker token (index 1 after <bos>) and the last token. */
export const CAUSAL_READINGS: readonly { name: string; position: ReadPosition; where: string; about: string }[] = [
  { name: 'speaker', position: 1, where: 'the speaker token', about: 'the speaker token (index 1 after <bos>), the one token where a pair differs' },
  { name: 'last', position: 'last', where: 'the last token', about: 'the last prompt token, where the value is predicted' },
];

export interface SpeakerRow {
  text: string;
  label: string;
  answer: string;
  pair: string;
}

/** Token ids, labels, target ids (the answer word) and [honest, liar] pairs of the speakers dataset. */
export function speakerInput(rows: readonly SpeakerRow[], tokenizer: Tokenizer) {
  const bos = tokenizer.encode('').ids.length;
  const byPair = new Map<string, number[]>();
  rows.forEach((r, i) => byPair.set(r.pair, [...(byPair.get(r.pair) ?? []), i]));
  const pairs = [...byPair.values()].map(([a, b]): Pair => (rows[a].label === 'honest' ? [a, b] : [b, a]));
  return {
    prompts: rows.map((r) => tokenizer.encode(r.text).ids),
    labels: rows.map((r) => r.label),
    positive: 'honest',
    targets: rows.map((r) => tokenizer.encode(r.answer).ids.slice(bos)),
    pairs,
  };
}

/** The layer with the highest success in a mode (ties: the earliest), with its α. */
function bestLayer(layers: readonly LayerEffectRow[], mode: 'oneshot' | 'continual') {
  let best = layers[0];
  for (const r of layers) if (r.steer[mode].success > best.steer[mode].success) best = r;
  return { layer: best.layer, alpha: best.steer[mode].alpha, success: best.steer[mode].success };
}

export interface CausalReading {
  name: string;
  position: ReadPosition;
  where: string;
  about: string;
  best: { oneshot: ReturnType<typeof bestLayer>; continual: ReturnType<typeof bestLayer> };
  unsteered: number;
  chance: number;
  layers: LayerEffectRow[];
  counts: LayerEffectsReport['counts'];
  notes: string[];
}

export interface CausalRecord {
  about: string;
  reproduce: string;
  dataset: string;
  positive: string;
  target: string;
  generationLength: number;
  settings: typeof TRUTHWORLD_CAUSAL_SETTINGS & { backend: string };
  readings: CausalReading[];
}

const ABOUT =
  'Decodable vs causal per layer (definitions in src/analysis/layerEffects.ts). Pairs are split by the seed into a fit half ' +
  '(the meandiff direction honest − liar is fitted there) and an eval half (scored). probe: held-out accuracy of honest vs liar. ' +
  'steering: share of eval liar prompts whose greedy 3-token generation starts with the true value, at the best α, one-shot and continual; ' +
  'random: the same along a random direction at the best one-shot α. ablation: share of the honest − liar gap in P(true value) removed ' +
  'by projecting the direction out at every position. patching: mean recovery of logit(honest answer) − logit(liar answer) when the ' +
  'honest run\'s resid_pre at the reading position is patched into the liar run.';

/** Runs every reading; `backend` is recorded with the settings. */
export async function truthworldCausalRecord(model: ModelCore, rows: readonly SpeakerRow[], tokenizer: Tokenizer, backend: string): Promise<CausalRecord> {
  const input = speakerInput(rows, tokenizer);
  const readings: CausalReading[] = [];
  for (const r of CAUSAL_READINGS) {
    const report = await layerEffects(model, input, { ...TRUTHWORLD_CAUSAL_SETTINGS, position: r.position });
    readings.push({
      ...r, best: { oneshot: bestLayer(report.layers, 'oneshot'), continual: bestLayer(report.layers, 'continual') },
      unsteered: report.unsteered, chance: report.chance, layers: report.layers, counts: report.counts, notes: report.notes,
    });
  }
  return {
    about: ABOUT,
    reproduce: 'npm run record -- truthworld (rerun after retraining: npm run train rewrites card.json without this section)',
    dataset: CAUSAL_DATASET, positive: 'honest', target: 'answer (the true value; for a liar prompt, answering it is telling the truth)',
    generationLength: TRUTHWORLD_CAUSAL_SETTINGS.maxNew, settings: { ...TRUTHWORLD_CAUSAL_SETTINGS, backend }, readings,
  };
}
