// The training loop: seeded init and data, AdamW with clipping and a warmup schedule, periodic evaluation,
// progress lines, and a check that no step leaks tensors. Returns host arrays; no tensor outlives it.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../src/data/random';
import type { ModelConfig } from '../../src/model/config';
import type { TensorToWrite } from '../../src/model/safetensors';
import type { Evaluation, Organism, TrainingDefaults } from '../organisms/types';
import { clipByGlobalNorm, createAdamW, type AdamW } from './adamw';
import { makeTrainBatch, type TrainBatch } from './batch';
import { installTrainingGradients } from './gradients';
import { batchLoss } from './loss';
import { decayedNames, disposeParams, initParams, paramsToHost, weightsView, type Params } from './params';
import { formatEval, formatProgress } from './progress';
import { learningRate } from './schedule';

export interface TrainOptions {
  /** Overrides of the organism's training defaults (steps, seed, batch size, …). */
  training?: Partial<TrainingDefaults>;
  /** A different architecture, e.g. a tiny one for tests; its dVocab must still fit the organism's tokens. */
  config?: ModelConfig;
  /** Skip periodic and final evaluation (smoke runs). Default false. */
  skipEval?: boolean;
  /** Where progress lines go; default nowhere. */
  log?: (line: string) => void;
  /** Steps between progress lines and curve samples; default steps / 60. */
  logEvery?: number;
}

export interface CurvePoint { step: number; loss: number; lr: number; gradNorm: number }
export interface EvalPoint { step: number; metrics: Record<string, number> }

export interface TrainResult {
  config: ModelConfig;
  training: TrainingDefaults;
  tensors: TensorToWrite[];
  curve: CurvePoint[];
  evals: EvalPoint[];
  final: Evaluation | null;
  wallSeconds: number;
  tokens: number;
  backend: string;
}

/** The data stream gets its own generator so that changing the init never changes the batches. */
const DATA_SEED_SALT = 0x5bd1e995;

function trainStep(params: Params, opt: AdamW, config: ModelConfig, b: TrainBatch, lr: number, clip: number): [number, number] {
  const out = tf.tidy(() => {
    const vars = [...params.values()];
    const { value, grads } = tf.variableGrads(() => batchLoss(params, config, b), vars);
    const byName: Record<string, tf.Tensor> = {};
    for (const [name, v] of params) byName[name] = grads[v.name];
    const { grads: clipped, norm } = clipByGlobalNorm(byName, clip);
    opt.apply(clipped, lr);
    return tf.stack([value, norm]);
  });
  const [loss, norm] = out.dataSync();
  out.dispose();
  return [loss, norm];
}

async function evaluateParams(organism: Organism, params: Params, config: ModelConfig): Promise<Evaluation> {
  const weights = weightsView(params, config);
  try {
    return await organism.evaluate({ config, weights });
  } finally {
    weights.wU.dispose();
  }
}

/** Averages loss and gradient norm over each logging window, keeps those averages as the curve, prints progress. */
function createRecorder(steps: number, logEvery: number, log: (line: string) => void) {
  const start = performance.now();
  const curve: CurvePoint[] = [];
  let window = { loss: 0, norm: 0, n: 0 };
  let tokens = 0;
  return {
    curve,
    tokens: () => tokens,
    elapsed: () => (performance.now() - start) / 1000,
    record(step: number, loss: number, norm: number, lr: number, batchTokens: number): void {
      tokens += batchTokens;
      window = { loss: window.loss + loss, norm: window.norm + norm, n: window.n + 1 };
      if (step % logEvery !== 0 && step !== steps) return;
      const point = { step, loss: window.loss / window.n, lr, gradNorm: window.norm / window.n };
      curve.push(point);
      window = { loss: 0, norm: 0, n: 0 };
      log(formatProgress(point, steps, tokens, (performance.now() - start) / 1000));
    },
  };
}

/** Trains `organism` from scratch; the same options give the same weights, bit for bit, on one machine. */
export async function train(organism: Organism, options: TrainOptions = {}): Promise<TrainResult> {
  installTrainingGradients();
  const o: TrainingDefaults = { ...organism.training, ...options.training };
  const config = options.config ?? organism.config;
  const log = options.log ?? (() => {});
  const recorder = createRecorder(o.steps, options.logEvery ?? Math.max(1, Math.round(o.steps / 60)), log);
  const params = initParams(config, createRng(o.seed), o.initStd);
  const opt = createAdamW(params, decayedNames(params), o);
  const dataRng = createRng(o.seed ^ DATA_SEED_SALT);
  const evals: EvalPoint[] = [];
  let final: Evaluation | null = null;
  let baseline = -1;
  try {
    for (let step = 1; step <= o.steps; step++) {
      const b = makeTrainBatch(organism.sampleBatch(dataRng, o.batchSize), config.nCtx, config.dVocab);
      const lr = learningRate(step, o.steps, o);
      const [loss, norm] = trainStep(params, opt, config, b, lr, o.clipNorm);
      if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${step}; lower the learning rate or check the data`);
      if (step === 1) baseline = tf.memory().numTensors;
      else checkNoLeak(baseline, step);
      recorder.record(step, loss, norm, lr, b.tokens);
      if (!options.skipEval && (step % o.evalEvery === 0 || step === o.steps)) {
        final = await evaluateParams(organism, params, config);
        evals.push({ step, metrics: final.metrics });
        log(formatEval(step, final));
      }
    }
    const tensors = paramsToHost(params);
    return { config, training: o, tensors, curve: recorder.curve, evals, final, wallSeconds: recorder.elapsed(), tokens: recorder.tokens(), backend: tf.getBackend() };
  } finally {
    opt.dispose();
    disposeParams(params);
  }
}

function checkNoLeak(baseline: number, step: number): void {
  const now = tf.memory().numTensors;
  if (now !== baseline) throw new Error(`step ${step} leaked tensors: ${now} live, ${baseline} after step 1 (a bug in the training step)`);
}
