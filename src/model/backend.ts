// Chooses the tfjs backend, and is the only caller of tf.setBackend: self-tests each candidate,
// picks the fastest correct one, says why in one sentence, and falls back when WebGL is lost.
import * as tf from '@tensorflow/tfjs';
import { describeWebglRenderer, isBrowserLike, messageOf, probeBackend, type BackendName } from './backendProbe';
import { measureCorrectness, measureMatmulMs, SELF_TEST_TOLERANCE } from './backendSelfTest';
import { autoReason, listTimings, describeProblem, formatError, joinNotes } from './backendReasons';
import { describeSkipped, detectSoftwareRendering, summariseSkipped } from './backendSoftware';

export type { BackendName };
export type BackendChoice = BackendName | 'auto';

export interface CandidateReport {
  name: BackendName;
  available: boolean;
  /** Whether the self-test matched the plain-JS result within SELF_TEST_TOLERANCE. */
  correct?: boolean;
  maxError?: number;
  /** Median ms of the timed matmul; only for correct candidates. */
  ms?: number;
  note?: string;
}

export interface BackendReport {
  requested: BackendChoice;
  chosen: BackendName;
  /** One human sentence on why `chosen` won, including any fallback. */
  reason: string;
  candidates: CandidateReport[];
  /** Auto only, when it measured the candidates just now: the timings (and which it left untimed), for a caller to remember. */
  timings?: string;
}

/** An auto choice measured on an earlier visit: auto then self-tests that backend alone, not all four. */
export interface RememberedChoice {
  chosen: BackendName;
  /** The timings of that measurement, as the reason lists them ("wasm 0.45 ms, webgl 8.7 ms"). */
  timings: string;
}

export interface BackendOptions {
  /** Browser only: where the wasm binaries are served (pass WASM_PATHS from wasmAssets.ts). */
  wasmPaths?: string | Record<string, string>;
  /** Rows of the timed matmul, [n, 2n] × [2n, 2n]; default 128. */
  timingSize?: number;
}

/** Auto order, best first on real GPUs; also the order candidates appear in reports. */
const AUTO_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const NODE_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];
const DEFAULT_TIMING_SIZE = 128;

// One chain for every selection: two overlapping tf.setBackend calls break (React StrictMode
// runs effects twice), so each call waits for the one before it.
let queue: Promise<unknown> = Promise.resolve();
let current: BackendReport | null = null;
let lastOptions: BackendOptions = {};
/** Backends whose context died this session; tfjs cannot revive them. */
const lostBackends = new Set<BackendName>();
const lostListeners = new Set<(report: BackendReport) => void>();
let watchedCanvas: EventTarget | null = null;

/**
 * Selects (and self-tests) a backend; calls run one after another, never overlapping. With `remembered`,
 * auto re-tests only that backend (measuring every candidate costs seconds of shader compiles on software
 * GPUs) and measures them all only when it no longer passes.
 */
export function initBackend(choice: BackendChoice = 'auto', options: BackendOptions = {}, remembered: RememberedChoice | null = null): Promise<BackendReport> {
  return enqueue(() => selectBackend(choice, options, remembered));
}

/** The report of the last successful initBackend, or null before the first. */
export function currentBackend(): BackendReport | null {
  return current;
}

/** Called with the new report after a lost WebGL context forced a fallback; returns an unsubscribe. */
export function onBackendLost(listener: (report: BackendReport) => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => undefined);
  return result;
}

async function selectBackend(choice: BackendChoice, options: BackendOptions, remembered: RememberedChoice | null = null): Promise<BackendReport> {
  configureEnvironment();
  lastOptions = options;
  const timingSize = options.timingSize ?? DEFAULT_TIMING_SIZE;
  let report: BackendReport;
  if (choice === 'auto') {
    report = (remembered && (await retestRemembered(remembered, options, timingSize))) ?? (await measureAuto(options, timingSize));
  } else {
    report = await selectExplicit(choice, options, timingSize);
  }
  await activate(report.chosen);
  current = report;
  return report;
}

/**
 * Self-tests and times the candidates, except GPU backends that are software-rendered here: those lose
 * to wasm on the same CPU and cost seconds of shader compiles, so they are timed only if wasm fails.
 */
async function measureAuto(options: BackendOptions, timingSize: number): Promise<BackendReport> {
  const names = environmentBackends();
  const software = await detectSoftwareRendering(names.filter((name) => !lostBackends.has(name)));
  let candidates = await testCandidates(names.filter((name) => !software.has(name)), options, timingSize);
  if (software.size > 0 && !candidates.some((c) => c.name === 'wasm' && c.correct === true)) {
    const rest = await testCandidates(names.filter((name) => software.has(name)), options, timingSize);
    candidates = [...candidates, ...rest].sort((a, b) => AUTO_ORDER.indexOf(a.name) - AUTO_ORDER.indexOf(b.name));
    software.clear();
  }
  const best = fastestCorrect(candidates);
  if (software.size === 0) return { requested: 'auto', chosen: best, reason: autoReason(best, candidates), candidates, timings: listTimings(candidates) };
  const reason = `${autoReason(best, candidates)}; ${describeSkipped(software)}`;
  return { requested: 'auto', chosen: best, reason, candidates, timings: `${listTimings(candidates)}; ${summariseSkipped(software)}` };
}

/** The remembered auto choice when it still runs and passes its self-test here, else null. */
async function retestRemembered(remembered: RememberedChoice, options: BackendOptions, timingSize: number): Promise<BackendReport | null> {
  const { chosen, timings } = remembered;
  if (!environmentBackends().includes(chosen)) return null;
  const candidate = await testCandidate(chosen, options, timingSize);
  if (candidate.correct !== true) return null;
  const reason = `auto: ${chosen} fastest correct when measured earlier (${timings}); remembered, and passed its self-test now (${candidate.ms} ms)`;
  return { requested: 'auto', chosen, reason, candidates: [candidate] };
}

async function selectExplicit(choice: BackendName, options: BackendOptions, timingSize: number): Promise<BackendReport> {
  const first = await testCandidate(choice, options, timingSize);
  if (first.correct === true) {
    const reason = `${choice} as requested: passed its self-test (max |Δ| ${formatError(first.maxError)}, ${first.ms} ms)`;
    return { requested: choice, chosen: choice, reason, candidates: [first] };
  }
  const rest = await testCandidates(environmentBackends().filter((name) => name !== choice), options, timingSize);
  const best = fastestCorrect(rest);
  const reason = `${describeProblem(first)}; fell back to ${best}, the fastest correct (${listTimings(rest)})`;
  return { requested: choice, chosen: best, reason, candidates: [first, ...rest] };
}

/** The backends worth testing here: Node has no WebGL or WebGPU. */
function environmentBackends(): BackendName[] {
  return isBrowserLike() ? [...AUTO_ORDER] : [...NODE_BACKENDS];
}

async function testCandidates(names: BackendName[], options: BackendOptions, timingSize: number): Promise<CandidateReport[]> {
  const reports: CandidateReport[] = [];
  for (const name of names) reports.push(await testCandidate(name, options, timingSize));
  return reports;
}

async function testCandidate(name: BackendName, options: BackendOptions, timingSize: number): Promise<CandidateReport> {
  if (lostBackends.has(name)) return { name, available: false, note: 'its WebGL context was lost this session' };
  const probe = await probeBackend(name, options);
  if (!probe.available) return { name, available: false, note: probe.note };
  const failure = await trySetBackend(name);
  if (failure != null) return { name, available: false, note: joinNotes(probe.note, failure) };
  const note = joinNotes(probe.note, name === 'webgl' ? webglRendererNote() : undefined);
  try {
    const maxError = await measureCorrectness();
    if (!(maxError <= SELF_TEST_TOLERANCE)) return { name, available: true, correct: false, maxError, note };
    const ms = Number((await measureMatmulMs(timingSize)).toPrecision(3));
    return { name, available: true, correct: true, maxError, ms, note };
  } catch (error) {
    return { name, available: true, correct: false, note: joinNotes(note, `self-test threw: ${messageOf(error)}`) };
  }
}

/** Switches tfjs to `name`; returns why it failed, or undefined on success. */
async function trySetBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (!(await tf.setBackend(name))) return 'initialisation failed';
    await tf.ready();
    return undefined;
  } catch (error) {
    return `initialisation failed (${messageOf(error)})`;
  }
}

function fastestCorrect(candidates: CandidateReport[]): BackendName {
  const correct = candidates.filter((c) => c.correct === true);
  if (correct.length === 0) {
    const problems = candidates.map(describeProblem).join('; ');
    throw new Error(`No tfjs backend passed its self-test here (${problems}). Try another browser, or report this.`);
  }
  return correct.reduce((best, c) => ((c.ms ?? Infinity) < (best.ms ?? Infinity) ? c : best)).name;
}

async function activate(name: BackendName): Promise<void> {
  const failure = await trySetBackend(name);
  if (failure != null) throw new Error(`Could not switch tfjs to ${name} after it passed its self-test: ${failure}.`);
  watchCanvas(name === 'webgl' ? webglCanvas() : null);
}

function configureEnvironment(): void {
  const env = tf.env();
  // The "install tfjs-node" banner cannot be acted on here (it needs a native download).
  if (env.getBool('IS_NODE')) env.set('IS_TEST', true);
  if (isBrowserLike()) {
    // fp16 textures gather wrong rows past id 2048 and turn a -1e9 mask into NaN (TECH-NOTES).
    env.set('WEBGL_FORCE_F16_TEXTURES', false);
  }
}

// --- WebGL context loss -------------------------------------------------------------------------

/** Listens for context loss on the canvas of the active webgl backend only (null: on none). */
function watchCanvas(canvas: EventTarget | null): void {
  if (canvas === watchedCanvas) return;
  watchedCanvas?.removeEventListener('webglcontextlost', handleContextLost);
  canvas?.addEventListener('webglcontextlost', handleContextLost);
  watchedCanvas = canvas;
}

function webglContext(): WebGLRenderingContext | null {
  const backend = tf.findBackend('webgl') as unknown as { getGPGPUContext?: () => { gl: WebGLRenderingContext } } | null;
  return backend?.getGPGPUContext?.().gl ?? null;
}

function webglCanvas(): EventTarget | null {
  return (webglContext()?.canvas as EventTarget | undefined) ?? null;
}

function webglRendererNote(): string | undefined {
  const gl = webglContext();
  return gl == null ? undefined : describeWebglRenderer(gl);
}

function handleContextLost(): void {
  watchCanvas(null);
  lostBackends.add('webgl');
  const requested = current?.requested ?? 'auto';
  enqueue(() => selectBackend(requested, lastOptions))
    .then((report) => lostListeners.forEach((listener) => listener(report)))
    .catch((error: unknown) => console.error(`After losing the WebGL context, no backend could take over: ${messageOf(error)}`));
}

// --- Synchronous reads --------------------------------------------------------------------------

/**
 * Backends that cannot read a tensor synchronously. WebGPU has no synchronous map, so tfjs's dataSync
 * copies through a WebGPU canvas: slow on real GPUs, and in headless Chromium (SwiftShader adapter)
 * submitting that copy destroys the device, after which every upload fails with "createBuffer failed,
 * size (…) is too large for the implementation when mappedAtCreation == true".
 */
const NO_SYNC_READS: ReadonlySet<string> = new Set<BackendName>(['webgpu']);
/** Where code that reads synchronously runs instead, best first. */
const SYNC_READ_HOSTS: readonly BackendName[] = ['wasm', 'cpu'];
let syncReadHost: BackendName | null = null;

/**
 * Runs `fn`, code that reads tensors with dataSync (the analyses), on a backend that can: the active
 * one where it reads synchronously, else wasm (cpu where wasm cannot start), and switches back after.
 * `fn` must create its own tensors. It holds the selection chain, so no backend change lands while it
 * runs; `fn` must not call initBackend.
 */
export function withSyncReads<T>(fn: () => Promise<T>): Promise<T> {
  return enqueue(async () => {
    const active = tf.getBackend() as BackendName | null;
    if (active === null || !NO_SYNC_READS.has(active)) return fn();
    await activateSyncReadHost(active);
    try {
      return await fn();
    } finally {
      await switchBack(active);
    }
  });
}

async function switchBack(active: BackendName): Promise<void> {
  const failure = await trySetBackend(active);
  if (failure != null) throw new Error(`Could not switch tfjs back to ${active} after reading on ${syncReadHost}: ${failure}; choose another backend`);
}

/** The backend withSyncReads last ran on, or null before it had to move. */
export function currentSyncReadHost(): BackendName | null {
  return syncReadHost;
}

async function activateSyncReadHost(active: BackendName): Promise<void> {
  if (syncReadHost !== null && (await trySetBackend(syncReadHost)) == null) return;
  const problems: string[] = [];
  for (const name of SYNC_READ_HOSTS) {
    const probe = await probeBackend(name, lastOptions);
    const failure = probe.available ? await trySetBackend(name) : (probe.note ?? 'unavailable');
    if (failure == null) {
      syncReadHost = name;
      return;
    }
    problems.push(`${name}: ${failure}`);
  }
  await trySetBackend(active);
  throw new Error(`${active} cannot read results synchronously and no backend that can started here (${problems.join('; ')}); choose another backend`);
}
