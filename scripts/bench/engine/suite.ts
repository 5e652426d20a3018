// Runs the engine measurements on one tfjs backend within a time budget and returns plain JSON: the
// same code in Node and in the Chromium page, so both environments measure exactly the same thing.
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../../../src/model/backend';
import type { ModelCore } from '../../../src/model/cache';
import type { ModelConfig } from '../../../src/model/config';
import type { ModelFiles } from '../../../src/model/model';
import { disposeWeights } from '../../../src/model/weights';
import { median, type RepeatPlan } from '../lib/stats';
import { forwardFlops, type ForwardFlops } from './flops';
import { forwardOnce, timeForward, timeHookOverhead } from './measure';
import { measureMatmulRate, type MatmulRate } from './matmulRate';
import { benchPrompt, buildBenchModel, GPT2_SMALL_CONFIG, type BenchModelId } from './models';
import { BudgetPlanner, orderSteps, type Part, type Step } from './planner';

export interface EnginePlans {
  forward: RepeatPlan;
  hooks: RepeatPlan;
  matmul: RepeatPlan;
}

export interface SuiteSpec {
  backend: BackendName;
  models: BenchModelId[];
  /** Prompt lengths T (batch 1). */
  tokens: number[];
  /** Where to measure the hook overhead (tokens must be among `tokens`), or null for nowhere. */
  hooks: { model: BenchModelId; tokens: number } | null;
  /** Wall-clock budget of the whole suite, model uploads included. */
  budgetMs: number;
  /** Run each model's first forward pass even when predicted over budget, so every backend has a figure. */
  forceFirstForward: boolean;
  plans: EnginePlans;
}

export interface HookResult {
  plainMs: number[];
  hookedMs: number[];
  /** median(hooked) ÷ median(plain). */
  ratio: number;
  count: number;
}

export interface CaseResult {
  model: BenchModelId;
  tokens: number;
  forwardMs?: number[];
  medianMs?: number;
  /** The process's CPU time per pass (Node only): close to the wall time unless other processes compete. */
  forwardCpuMs?: number[];
  tokensPerSecond?: number;
  flops?: ForwardFlops;
  gflops?: number;
  matmul?: MatmulRate;
  /** Forward FLOP/s ÷ matmul FLOP/s, from rounds that time both (see matmulRate.ts). */
  fraction?: number;
  hookOverhead?: HookResult;
  /** Why a part was not measured. */
  skipped: Partial<Record<Part, string>>;
  error?: string;
}

export interface SuiteResult {
  backend: BackendName;
  /** initBackend's note on the backend (SIMD, software renderer, …). */
  note?: string;
  /** Set when the backend could not be selected; nothing ran then. */
  error?: string;
  cases: CaseResult[];
  elapsedMs?: number;
}

/** A suite's result with the host's one-minute load average before and after it (Node side). */
export interface SuiteRun {
  result: SuiteResult;
  load: [number, number];
}

export interface SuiteEnv {
  wasmPaths?: string | Record<string, string>;
  loadTinyFiles: () => Promise<ModelFiles>;
  log: (message: string) => void;
  /** Milliseconds of CPU time this process has used, where the environment can tell (Node). */
  cpuClock?: () => number;
}

/** What page.ts puts on the page's global object under PAGE_GLOBAL, for the playwright driver. */
export interface EngineBenchApi {
  run(spec: SuiteSpec): Promise<SuiteResult>;
}

export const PAGE_GLOBAL = 'repscopeEngineBench';

/** Configs known before a model is loaded, so its upload can be skipped when nothing of it fits. */
const KNOWN_CONFIGS: Partial<Record<BenchModelId, ModelConfig>> = { 'gpt2-small': GPT2_SMALL_CONFIG };

export async function runSuite(spec: SuiteSpec, env: SuiteEnv): Promise<SuiteResult> {
  const start = performance.now();
  const report = await initBackend(spec.backend, { wasmPaths: env.wasmPaths });
  const note = report.candidates.find((c) => c.name === spec.backend)?.note;
  if (report.chosen !== spec.backend) return { backend: spec.backend, note, error: report.reason, cases: [] };
  const planner = new BudgetPlanner(spec.budgetMs);
  const cases: CaseResult[] = [];
  for (const id of spec.models) cases.push(...(await runModelCases(id, spec, env, planner)));
  return { backend: spec.backend, note, cases, elapsedMs: performance.now() - start };
}

async function runModelCases(id: BenchModelId, spec: SuiteSpec, env: SuiteEnv, planner: BudgetPlanner): Promise<CaseResult[]> {
  const results = new Map<number, CaseResult>(spec.tokens.map((t) => [t, { model: id, tokens: t, skipped: {} }]));
  const steps = orderSteps(spec.tokens, spec.hooks?.model === id ? spec.hooks.tokens : null);
  const known = KNOWN_CONFIGS[id];
  const upfront = known == null || spec.forceFirstForward ? null : planner.skipReason(id, known, steps[0].tokens, 'forward');
  if (upfront != null) {
    for (const step of steps) results.get(step.tokens)!.skipped[step.part] = upfront;
    return [...results.values()];
  }
  const model = await buildBenchModel(id, env.loadTinyFiles);
  try {
    for (const [i, step] of steps.entries()) {
      const result = results.get(step.tokens)!;
      const forced = i === 0 && spec.forceFirstForward;
      const reason = result.medianMs == null && step.part !== 'forward'
        ? 'no forward figure to compare with'
        : forced ? null : planner.skipReason(id, model.config, step.tokens, step.part);
      if (reason != null) result.skipped[step.part] = reason;
      else {
        env.log(`${spec.backend} ${id} T=${step.tokens} ${step.part}`);
        await runStep(model, result, step, { plans: spec.plans, planner, cpuClock: env.cpuClock });
      }
    }
  } finally {
    disposeWeights(model.weights);
  }
  return [...results.values()];
}

/** Measures one part into `result`; an error is recorded there rather than ending the suite. */
interface StepContext {
  plans: EnginePlans;
  planner: BudgetPlanner;
  cpuClock?: () => number;
}

async function runStep(model: ModelCore, result: CaseResult, step: Step, { plans, planner, cpuClock }: StepContext): Promise<void> {
  const prompt = benchPrompt(model.config, step.tokens);
  const before = tf.memory().numTensors;
  try {
    if (step.part === 'forward') {
      const { wall: forwardMs, cpu: forwardCpuMs } = await timeForward(model, prompt, plans.forward, cpuClock);
      const medianMs = median(forwardMs);
      const flops = forwardFlops(model.config, 1, step.tokens);
      const tokensPerSecond = (1000 * step.tokens) / medianMs;
      Object.assign(result, { forwardMs, forwardCpuMs, medianMs, flops, gflops: flops.total / medianMs / 1e6, tokensPerSecond });
      planner.record(result.model, model.config, step.tokens, medianMs);
    } else if (step.part === 'matmul') {
      const forward = () => forwardOnce(model, prompt);
      result.matmul = await measureMatmulRate(model.config, step.tokens, forward, result.flops!.total, plans.matmul);
      result.fraction = result.matmul.fraction;
    } else {
      const h = await timeHookOverhead(model, prompt, plans.hooks);
      result.hookOverhead = { plainMs: h.plain, hookedMs: h.hooked, ratio: median(h.hooked) / median(h.plain), count: h.hooks };
    }
    const leaked = tf.memory().numTensors - before;
    if (leaked !== 0) addError(result, `${step.part}: ${leaked} tensors leaked`);
  } catch (error) {
    addError(result, `${step.part}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function addError(result: CaseResult, message: string): void {
  result.error = result.error == null ? message : `${result.error}; ${message}`;
}
