// The engine's message handler, the same in the worker and on the main thread: a queue that runs one
// job at a time (highest priority first), throttled progress with time left, and cancel by id.
import { onBackendLost, type BackendOptions, type BackendReport } from '../model/backend';
import { activationsJob, directionsJob, probeJob, projectJob } from './jobsAnalysis';
import { backendJob, encodeJob, loadModelJob, memoryJob, predictJob, uploadHeld } from './jobsModel';
import { ablateJob } from './jobsAblate';
import { attentionJob } from './jobsAttention';
import { layerEffectsJob } from './jobsLayerEffects';
import { lensJob } from './jobsLens';
import { patchJob } from './jobsPatch';
import { steerJob } from './jobsSteer';
import { cancelledError, isCancelled, type JobContext } from './jobContext';
import { transferablesOf, type EngineEvent, type EngineRequest, type EngineResponse, type Job, type JobKind, type JobResult } from './protocol';
import { createSession, modelInfo, unloadModel, type EngineSession } from './session';

export type Post = (message: EngineResponse, transfer: ArrayBuffer[]) => void;

export interface HandlerOptions extends BackendOptions {
  /** Prompts per forward pass (default 32). */
  batchSize?: number;
  cacheBytes?: number;
}

export interface EngineHandler {
  handle(request: EngineRequest): void;
  /** Stops listening for backend loss. */
  dispose(): void;
}

type JobFn<K extends JobKind> = (session: EngineSession, job: Job<K>, ctx: JobContext) => Promise<JobResult<K>>;

const JOBS: { [K in JobKind]: JobFn<K> } = {
  loadModel: loadModelJob,
  backend: backendJob,
  encode: (s, j) => encodeJob(s, j),
  activations: activationsJob,
  project: projectJob,
  probe: probeJob,
  directions: directionsJob,
  predict: (s, j) => predictJob(s, j),
  memory: () => memoryJob(),
  // Filled in by the causal jobs (work in progress).
  steer: steerJob,
  ablate: ablateJob,
  patch: patchJob,
  lens: (s, j) => lensJob(s, j),
  attention: (s, j) => attentionJob(s, j),
  layerEffects: layerEffectsJob,
};

/** Progress messages per job, at most one per this many ms (the last one always goes). */
const PROGRESS_INTERVAL_MS = 100;

interface Entry {
  id: number;
  job: Job;
  priority: number;
  signal: { aborted: boolean };
}

function makeContext(entry: Entry, post: Post): JobContext {
  const started = performance.now();
  let last = -Infinity;
  let lastWhat = '';
  const check = () => {
    if (entry.signal.aborted) throw cancelledError();
  };
  return {
    signal: entry.signal,
    progress(what, done, total) {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS && done < total && what === lastWhat) return;
      last = now;
      lastWhat = what;
      const etaMs = done > 0 && total > done ? ((now - started) / done) * (total - done) : null;
      post({ type: 'progress', id: entry.id, what, done, total, etaMs }, []);
    },
    checkCancelled: check,
    pause: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      check();
    },
  };
}

async function runEntry(session: EngineSession, entry: Entry, post: Post): Promise<void> {
  try {
    const run = JOBS[entry.job.kind] as JobFn<JobKind>;
    const result = await run(session, entry.job, makeContext(entry, post));
    if (entry.signal.aborted) throw cancelledError();
    post({ type: 'result', id: entry.id, result }, transferablesOf(result));
  } catch (error) {
    const cancelled = entry.signal.aborted || isCancelled(error);
    const message = cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error);
    post({ type: 'error', id: entry.id, message, cancelled }, []);
  }
}

/** Jobs waiting and the one running; cancel drops a waiting job or flags the running one. */
class JobQueue {
  private readonly waiting: Entry[] = [];
  private running: Entry | null = null;

  constructor(private readonly session: EngineSession, private readonly post: Post) {}

  add(entry: Entry): void {
    const at = this.waiting.findIndex((e) => e.priority < entry.priority);
    this.waiting.splice(at === -1 ? this.waiting.length : at, 0, entry);
    void this.pump();
  }

  cancel(id: number): void {
    const queued = this.waiting.findIndex((e) => e.id === id);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      this.post({ type: 'error', id, message: 'cancelled', cancelled: true }, []);
    } else if (this.running?.id === id) {
      this.running.signal.aborted = true;
    }
  }

  private async pump(): Promise<void> {
    if (this.running !== null) return;
    while (this.waiting.length > 0) {
      this.running = this.waiting.shift()!;
      await runEntry(this.session, this.running, this.post);
      this.running = null;
    }
  }
}

/** After a lost WebGL context the backend module has already switched; upload the weights there again. */
async function reloadAfterLoss(session: EngineSession, report: BackendReport): Promise<EngineEvent> {
  session.backend = { requested: report.requested, chosen: report.chosen, reason: `${report.reason} (the WebGL context was lost)` };
  const id = session.model?.id ?? null;
  try {
    unloadModel(session);
  } catch {
    // The lost context's textures are gone already; there is nothing left to free.
    session.model = null;
  }
  if (id !== null && session.files) await uploadHeld(session, id);
  return { kind: 'backendLost', backend: session.backend, model: session.model && modelInfo(session.model) };
}

export function createEngineHandler(post: Post, options: HandlerOptions = {}): EngineHandler {
  const { batchSize, cacheBytes, ...backendOptions } = options;
  const session = createSession(backendOptions, batchSize, cacheBytes);
  const queue = new JobQueue(session, post);
  const stopListening = onBackendLost((report) => {
    void reloadAfterLoss(session, report).then((event) => post({ type: 'event', event }, []), () => post({ type: 'event', event: { kind: 'backendLost', backend: session.backend!, model: null } }, []));
  });
  return {
    handle(request) {
      if (request.type === 'cancel') queue.cancel(request.id);
      else queue.add({ id: request.id, job: request.job, priority: request.priority ?? 0, signal: { aborted: false } });
    },
    dispose: stopListening,
  };
}
