// The steering job: generations unsteered, steered at α in the chosen mode, and along a seeded random direction
// (same α and mode) as a control; an optional α sweep in both modes; the direction's and the residual's norms for scale.
import type { SteeredRun, SteeringSpec } from '../analysis/steering';
import { createRng } from '../data/random';
import { checkLayers, encodePromptSet, promptTargets, requireTokenizer, residualSite } from './causalInputs';
import { requireLayers, resolveDirectionWithNotes, vectorNorm } from './directionRequest';
import type { JobContext } from './jobContext';
import type { SteerJob, SteerResult, SteerScore } from './protocolCausal';
import { requireModel, type EngineSession } from './session';
import { generations, meanProjection, randomDirections, residualNorm, scoreTargets, STEER_CHUNK, steerChunked } from './steerRuns';

/** Most α values in one sweep, and most tokens generated per prompt. */
export const MAX_SWEEP_ALPHAS = 24;
export const MAX_STEER_NEW = 32;

const MODES = ['oneshot', 'continual'] as const;

function checkJob(job: SteerJob, ids: readonly (readonly number[])[]): void {
  if (!Number.isFinite(job.alpha)) throw new Error(`α must be a finite number, got ${job.alpha}`);
  if (!(MODES as readonly string[]).includes(job.mode)) throw new Error(`unknown steering mode ${JSON.stringify(job.mode)}; use oneshot or continual`);
  if (job.alphas.length > MAX_SWEEP_ALPHAS) throw new Error(`the sweep has ${job.alphas.length} α values; at most ${MAX_SWEEP_ALPHAS} run at once, so use fewer`);
  const bad = job.alphas.find((a) => !Number.isFinite(a));
  if (bad !== undefined) throw new Error(`every α of the sweep must be a finite number, got ${bad}`);
  if (!Number.isInteger(job.maxNew) || job.maxNew < 1 || job.maxNew > MAX_STEER_NEW) throw new Error(`tokens to generate must be a whole number from 1 to ${MAX_STEER_NEW}, got ${job.maxNew}`);
  if (!Number.isFinite(job.seed)) throw new Error(`the seed must be a finite number, got ${job.seed}`);
  const positions = job.positions;
  if (positions === 'all' || positions === 'last' || positions === 'generated') return;
  if (!Array.isArray(positions) || positions.length === 0) throw new Error("steering positions must be 'all', 'last', 'generated' or a list of token indices");
  for (const raw of positions) {
    ids.forEach((p, i) => {
      const at = raw < 0 ? p.length + raw : raw;
      if (!Number.isInteger(raw) || at < 0 || at >= p.length) throw new Error(`position ${raw} is outside prompt ${i + 1} (${p.length} tokens); steer positions that every prompt has`);
    });
  }
}

type Kind = 'direction' | 'random';

/** Runs by (direction kind, mode, α), each run at most once; α = 0 is the unsteered run in any mode. */
class SteerRunner {
  private readonly runs = new Map<string, Promise<SteeredRun>>();
  private readonly planned = new Set<string>();
  private done = 0;

  constructor(
    private readonly base: Omit<SteeringSpec, 'alpha' | 'mode' | 'direction'>,
    private readonly directions: Record<Kind, Float32Array[]>,
    private readonly steerRun: (spec: SteeringSpec, tick: () => void) => Promise<SteeredRun>,
    private readonly passesPerRun: number,
    private readonly ctx: JobContext,
  ) {}

  private key(kind: Kind, mode: SteerJob['mode'], alpha: number): string {
    return alpha === 0 ? 'unsteered' : `${kind} ${mode} ${alpha}`;
  }

  /** Declares a run ahead, so progress knows the total. */
  plan(kind: Kind, mode: SteerJob['mode'], alpha: number): void {
    this.planned.add(this.key(kind, mode, alpha));
  }

  get(kind: Kind, mode: SteerJob['mode'], alpha: number): Promise<SteeredRun> {
    const key = this.key(kind, mode, alpha);
    this.planned.add(key);
    let run = this.runs.get(key);
    if (run === undefined) {
      const tick = () => this.ctx.progress('Steering', ++this.done, this.planned.size * this.passesPerRun);
      run = this.steerRun({ ...this.base, direction: this.directions[kind], alpha, mode }, tick);
      this.runs.set(key, run);
    }
    return run;
  }
}

export async function steerJob(session: EngineSession, job: SteerJob, ctx: JobContext): Promise<SteerResult> {
  const model = requireModel(session);
  requireTokenizer(model);
  const ids = encodePromptSet(model, job.prompts, 'steer');
  checkLayers(model, job.layers, 'steer');
  const layers = [...new Set(job.layers)];
  const site = residualSite(model, job.site, 'steer');
  checkJob(job, ids);
  const targets = promptTargets(model, job.prompts, job.targets);
  const { nLayers, dModel } = model.config;
  const resolved = await resolveDirectionWithNotes(session, job.direction, ctx, nLayers);
  requireLayers(resolved.directions, layers, dModel, site);
  const rng = createRng(job.seed);
  const directions = { direction: resolved.directions, random: randomDirections(() => rng.normal(), layers, dModel) };
  const chunked = { model, ids, targets, maxNew: job.maxNew, ctx };
  const passes = Math.ceil(ids.length / STEER_CHUNK) * job.maxNew;
  const positions = typeof job.positions === 'string' ? job.positions : [...job.positions];
  const runner = new SteerRunner({ layers, site, positions }, directions, (spec, tick) => steerChunked({ ...chunked, tick }, spec), passes, ctx);
  for (const mode of MODES) runner.plan('direction', mode, job.alpha);
  runner.plan('random', job.mode, job.alpha);
  for (const a of job.alphas) for (const kind of ['direction', 'random'] as const) for (const mode of kind === 'random' ? [job.mode] : MODES) runner.plan(kind, mode, a);

  // Sequential on purpose: one forward pass at a time, in a fixed order.
  const unsteered = await runner.get('direction', 'oneshot', 0);
  const oneshot = await runner.get('direction', 'oneshot', job.alpha);
  const continual = await runner.get('direction', 'continual', job.alpha);
  const random = await runner.get('random', job.mode, job.alpha);
  const score = (r: SteeredRun): SteerScore => scoreTargets(r, targets, job.maxNew);
  let sweep: SteerResult['sweep'] = null;
  if (job.alphas.length > 0) {
    sweep = { alphas: [...job.alphas], oneshot: [], continual: [], random: [] };
    for (const a of job.alphas) {
      sweep.oneshot.push(score(await runner.get('direction', 'oneshot', a)));
      sweep.continual.push(score(await runner.get('direction', 'continual', a)));
      sweep.random.push(score(await runner.get('random', job.mode, a)));
    }
  }
  const steered = job.mode === 'oneshot' ? oneshot : continual;
  const notes = [...resolved.notes];
  if (targets.every((t) => t === null)) notes.push('no prompt has a target, so the scores are not defined');
  notes.push(`the random control steers along a random unit direction (seed ${job.seed}) at the same α and in ${job.mode} mode`);
  return {
    unsteered: generations(model, unsteered, targets),
    steered: generations(model, steered, targets),
    scores: { unsteered: score(unsteered), steered: score(steered), random: score(random) },
    sweep,
    projection: { unsteered: meanProjection(unsteered), oneshot: meanProjection(oneshot), continual: meanProjection(continual) },
    directionNorms: layers.map((l) => vectorNorm(resolved.directions[l])),
    residualNorm: await residualNorm(model, ids, layers[0], site, ctx),
    notes,
  };
}
