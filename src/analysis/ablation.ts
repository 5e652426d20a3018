// Directional ablation: project a direction out of a block site at chosen layers (every position) and
// compare behaviour and the accuracy of fixed probes at later hooks before and after.
import { runModel, type ModelCore, type ReadPosition } from '../model/cache';
import { argmax } from '../model/generate';
import { blockHook, type BlockSite, type HookName } from '../model/hooks';
import type { Intervention } from '../model/interventions';
import type { Matrix } from '../data/types';
import { predictLogistic, type LogisticFit } from './logistic';
import type { Label } from './probeLabels';
import { abortError, type CancelSignal } from './probeDriver';
import { DEFAULT_BATCH, probabilityOf, type TargetFn } from './steering';

export interface AblationSpec {
  /** Direction over the site's last axis (d_model for residual sites), or one per model layer; need not be unit length. */
  direction: Float32Array | readonly Float32Array[];
  layers: readonly number[];
  /** Block site to ablate at; default 'hook_resid_pre'. */
  site?: BlockSite;
}

/** A trained probe to re-score: it reads `hook` at the ablation's read position. */
export interface ProbeCheck {
  hook: HookName;
  fit: LogisticFit;
}

export interface AblationOptions {
  /** The answer token(s) of prompt i, for the behaviour score. */
  target?: TargetFn;
  /** Probes to re-score, with the true label of every prompt. */
  probes?: readonly ProbeCheck[];
  labels?: ArrayLike<Label>;
  /** Where probes read (default 'last'). */
  position?: ReadPosition;
  batchSize?: number;
  signal?: CancelSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface Behaviour {
  /** Mean P(target) at each prompt's last position (NaN without a target). */
  meanTargetProb: number;
  /** Share of prompts whose top-1 token is a target token (NaN without a target). */
  top1: number;
  /** Top-1 token of every prompt. */
  top1Tokens: number[];
}

export interface ProbeComparison {
  hook: HookName;
  before: number;
  after: number;
}

export interface AblationReport {
  before: Behaviour;
  after: Behaviour;
  probes: ProbeComparison[];
}

/** One project_out intervention per layer, acting at every position. */
export function ablationInterventions(spec: AblationSpec): Intervention[] {
  if (spec.layers.length === 0) throw new Error('no layers to ablate: give at least one layer');
  return spec.layers.map((layer) => {
    const direction = spec.direction instanceof Float32Array ? spec.direction : spec.direction[layer];
    if (direction === undefined) throw new Error(`no direction given for layer ${layer}; pass one vector, or one per model layer`);
    return { hook: blockHook(layer, spec.site ?? 'hook_resid_pre'), kind: 'project_out', direction, positions: 'all' };
  });
}

interface Reading {
  logits: Float32Array[];
  acts: Map<HookName, Float32Array[]>;
}

/** Last-position logits and the probes' reads of every prompt, batch by batch, under `interventions`. */
async function readAll(model: ModelCore, prompts: readonly (readonly number[])[], interventions: Intervention[], o: AblationOptions, tick: () => void): Promise<Reading> {
  const names = [...new Set((o.probes ?? []).map((p) => p.hook))];
  const out: Reading = { logits: [], acts: new Map(names.map((n) => [n, []])) };
  const size = o.batchSize ?? DEFAULT_BATCH;
  const V = model.config.dVocab;
  for (let start = 0; start < prompts.length; start += size) {
    if (o.signal?.aborted) throw abortError();
    const run = await runModel(model, prompts.slice(start, start + size), { interventions, names, position: o.position ?? 'last', logits: 'last' });
    const rows = run.lengths.length;
    for (let b = 0; b < rows; b++) out.logits.push(run.logits!.data.slice(b * V, (b + 1) * V));
    for (const n of names) {
      const a = run.cache.get(n)!;
      const width = a.data.length / rows;
      for (let b = 0; b < rows; b++) out.acts.get(n)!.push(a.data.slice(b * width, (b + 1) * width));
    }
    tick();
  }
  return out;
}

function behaviour(logits: Float32Array[], target: TargetFn | undefined): Behaviour {
  const top1Tokens = logits.map((row) => argmax(row));
  if (!target) return { meanTargetProb: NaN, top1: NaN, top1Tokens };
  let prob = 0;
  let hits = 0;
  logits.forEach((row, i) => {
    const t = target(i);
    prob += probabilityOf(row, 0, row.length, t);
    if ((typeof t === 'number' ? [t] : t).includes(top1Tokens[i])) hits++;
  });
  return { meanTargetProb: prob / logits.length, top1: hits / logits.length, top1Tokens };
}

function stack(rows: Float32Array[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => data.set(r, i * cols));
  return { data, rows: rows.length, cols };
}

function accuracy(fit: LogisticFit, x: Matrix, labels: ArrayLike<Label>): number {
  const predicted = predictLogistic(fit, x);
  let right = 0;
  predicted.forEach((p, i) => (right += String(p) === String(labels[i]) ? 1 : 0));
  return right / predicted.length;
}

/** Runs the prompts clean and with the direction projected out; scores behaviour and each probe on both. */
export async function ablateDirection(model: ModelCore, prompts: readonly (readonly number[])[], spec: AblationSpec, options: AblationOptions = {}): Promise<AblationReport> {
  if (prompts.length === 0) throw new Error('no prompts: give at least one prompt');
  const probes = options.probes ?? [];
  if (probes.length > 0 && options.labels?.length !== prompts.length) {
    throw new Error(`probe checks need one label per prompt: ${prompts.length} prompts, ${options.labels?.length ?? 0} labels`);
  }
  const interventions = ablationInterventions(spec);
  const total = 2 * Math.ceil(prompts.length / (options.batchSize ?? DEFAULT_BATCH));
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const clean = await readAll(model, prompts, [], options, tick);
  const ablated = await readAll(model, prompts, interventions, options, tick);
  return {
    before: behaviour(clean.logits, options.target),
    after: behaviour(ablated.logits, options.target),
    probes: probes.map((p) => ({
      hook: p.hook,
      before: accuracy(p.fit, stack(clean.acts.get(p.hook)!), options.labels!),
      after: accuracy(p.fit, stack(ablated.acts.get(p.hook)!), options.labels!),
    })),
  };
}
