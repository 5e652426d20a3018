// The contract every built-in model organism meets: what it is, how its training data is drawn, how it is
// judged, and what it ships. The training pipeline (scripts/train/) knows organisms only through this file.
import type { ModelConfig } from '../../src/model/config';
import type { ModelCore } from '../../src/model/cache';
import type { TokenizerJson } from '../../src/model/tokenizer';
import type { Rng } from '../../src/data/random';

/**
 * One training sequence. `ids[0]` is usually bos. `lossWeights[t]` weighs the loss of predicting `ids[t]`
 * from `ids[0..t-1]`; `lossWeights[0]` must be 0 (nothing predicts the first token). Same length as `ids`.
 * The loop right-pads a batch with weight 0, so sequences may differ in length (each ≤ config.nCtx).
 */
export interface TrainingExample {
  ids: number[];
  lossWeights: number[];
  /**
   * Optional. Where the generator drew `ids[t]` uniformly from a set of tokens, `drawnFrom[t]` is that set
   * (absent or null elsewhere). The loss at t is then the expected cross-entropy over the draw (a uniform
   * soft target): the same objective in expectation as the sampled token, without its sampling noise.
   */
  drawnFrom?: (readonly number[] | null)[];
}

/** Optimiser and loop settings; `npm run train -- <id> --steps N --seed S` overrides steps and seed. */
export interface TrainingDefaults {
  steps: number;
  /** Sequences per step. */
  batchSize: number;
  /** Peak learning rate, reached after `warmupSteps`. */
  lr: number;
  /** Final learning rate as a fraction of `lr` at the end of the schedule. */
  minLrFraction: number;
  warmupSteps: number;
  schedule: 'cosine' | 'linear';
  /** AdamW's decoupled weight decay, applied to 2-D weights only. */
  weightDecay: number;
  beta1: number;
  beta2: number;
  /** Given explicitly: tfjs's default depends on the backend's float precision (TECH-NOTES). */
  epsilon: number;
  /** Gradients are scaled down when their global L2 norm exceeds this. */
  clipNorm: number;
  /** Standard deviation of the normal initialisation of weight matrices and embeddings (GPT-2: 0.02). */
  initStd: number;
  /** Run `evaluate` every this many steps (and at the end). */
  evalEvery: number;
  seed: number;
}

/** A behaviour target: `metric` (a key of Evaluation.metrics) must be ≥ `min`. */
export interface TargetSpec {
  metric: string;
  min: number;
  description: string;
}

export interface TargetResult extends TargetSpec {
  value: number;
  pass: boolean;
}

export interface Evaluation {
  /** Named numbers in [0, 1] unless their name says otherwise; rounded only when printed. */
  metrics: Record<string, number>;
  targets: TargetResult[];
  /** Number of evaluation prompts behind the metrics. */
  prompts: number;
}

/** A built-in prompt set in a format users can drop (jsonl or csv), written to public/datasets/<file>. */
export interface DatasetSpec {
  id: string;
  /** File name inside public/datasets/, ending in .jsonl or .csv. */
  file: string;
  /** Id of the model the prompts are meant for. */
  model: string;
  description: string;
  /** Column holding the prompt text. */
  textField: string;
  /** Columns holding labels, the first being the main one. */
  labelFields: string[];
  /** Where to read activations: 'last' token, 'mean', or a token index (negative counts from the end). */
  readPosition: 'last' | 'mean' | number;
  /** Why that position, and any other position worth reading (e.g. the speaker token). */
  readPositionNote?: string;
  rows: Record<string, string | number | boolean>[];
}

export interface Organism {
  /** Directory name under public/models/. */
  id: string;
  title: string;
  description: string;
  /** Architecture in our config.json format. */
  config: ModelConfig;
  /** Written as tokenizer.json. */
  tokenizer: TokenizerJson;
  /** Bump whenever the data generator or the evaluation changes what it produces. */
  generatorVersion: string;
  training: TrainingDefaults;
  targets: TargetSpec[];
  /** Draws `n` training sequences; all randomness comes from `rng`, so a seed fixes the data. */
  sampleBatch(rng: Rng, n: number): TrainingExample[];
  /** Runs the full evaluation set through `model` and checks every target. Leaves no tensors behind. */
  evaluate(model: ModelCore): Promise<Evaluation>;
  /**
   * Organism-specific part of card.json: everything an outside evaluator needs to rebuild the
   * evaluation prompts (facts, templates, vocabulary of values) without this code.
   */
  card(): Record<string, unknown>;
  datasets(): DatasetSpec[];
}
