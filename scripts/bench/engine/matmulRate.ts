// The forward pass's yardstick: the backend's own speed on the pass's linear-layer matmuls. Each round
// times one forward pass and then every matmul shape, so that a change in the shared machine's speed
// hits the pass and its yardstick alike; the achieved fraction is the median over rounds.
import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../../../src/model/config';
import { median, timeOnce, timeRepeated, type RepeatPlan } from '../lib/stats';
import { linearShapes, matmulFlops, type MatmulShape } from './flops';

/** A burst of matmuls is aimed at about this long, to average out timer and GPU-sync costs. */
const BURST_TARGET_MS = 100;
const MAX_BURST = 16;

export interface MatmulTiming extends MatmulShape {
  /** Median ms of one matmul over the rounds. */
  ms: number;
  gflops: number;
}

export interface MatmulRate {
  /** FLOPs of all linear layers of one pass ÷ the time those matmuls take alone (medians over rounds). */
  gflops: number;
  /** Median over rounds of (forward FLOP/s ÷ matmul FLOP/s) within the round. */
  fraction: number;
  /** The forward pass of each round. */
  forwardMs: number[];
  shapes: MatmulTiming[];
}

interface Operands {
  shape: MatmulShape;
  a: tf.Tensor2D;
  b: tf.Tensor2D;
  /** Matmuls per timed burst. */
  burst: number;
}

/** Runs `n` matmuls of the same operands and reads back only the last, as a forward pass reads only its end. */
async function matmulBurst(a: tf.Tensor2D, b: tf.Tensor2D, n: number): Promise<void> {
  const outs: tf.Tensor[] = [];
  try {
    for (let i = 0; i < n; i++) outs.push(tf.matMul(a, b));
    await outs[n - 1].data();
  } finally {
    tf.dispose(outs);
  }
}

/** Makes the operands and warms the shape up; the warm-up's time (an overestimate) sizes the burst. */
async function prepare(shape: MatmulShape, made: Operands[]): Promise<void> {
  const a = tf.randomUniform([shape.m, shape.k], -1, 1, 'float32', 1) as tf.Tensor2D;
  const b = tf.randomUniform([shape.k, shape.n], -0.05, 0.05, 'float32', 2) as tf.Tensor2D;
  const operands: Operands = { shape, a, b, burst: 1 };
  made.push(operands);
  const warmMs = await timeOnce(() => matmulBurst(a, b, 1));
  operands.burst = Math.max(1, Math.min(MAX_BURST, Math.floor(BURST_TARGET_MS / warmMs)));
}

async function timeRound(all: Operands[], forward: () => Promise<unknown>): Promise<{ forwardMs: number; shapeMs: number[] }> {
  const forwardMs = await timeOnce(forward);
  const shapeMs: number[] = [];
  for (const o of all) shapeMs.push((await timeOnce(() => matmulBurst(o.a, o.b, o.burst))) / o.burst);
  return { forwardMs, shapeMs };
}

/** Rounds of [forward pass, every linear-layer matmul] at `tokens` tokens; `forwardFlops` is the pass's FLOPs. */
export async function measureMatmulRate(
  config: ModelConfig,
  tokens: number,
  forward: () => Promise<unknown>,
  forwardFlops: number,
  plan: RepeatPlan,
): Promise<MatmulRate> {
  const all: Operands[] = [];
  try {
    for (const shape of linearShapes(config, tokens)) await prepare(shape, all);
    const rounds: { forwardMs: number; shapeMs: number[] }[] = [];
    await timeRepeated(async () => rounds.push(await timeRound(all, forward)), { ...plan, warmup: 0 });
    const linearFlops = all.reduce((s, o) => s + o.shape.count * matmulFlops(o.shape), 0);
    const linearMs = (r: { shapeMs: number[] }) => r.shapeMs.reduce((s, ms, i) => s + all[i].shape.count * ms, 0);
    const fractions = rounds.map((r) => forwardFlops / r.forwardMs / (linearFlops / linearMs(r)));
    const shapes = all.map((o, i): MatmulTiming => {
      const ms = median(rounds.map((r) => r.shapeMs[i]));
      return { ...o.shape, ms, gflops: matmulFlops(o.shape) / ms / 1e6 };
    });
    const gflops = linearFlops / median(rounds.map(linearMs)) / 1e6;
    return { gflops, fraction: median(fractions), forwardMs: rounds.map((r) => r.forwardMs), shapes };
  } finally {
    tf.dispose(all.flatMap((o) => [o.a, o.b]));
  }
}
