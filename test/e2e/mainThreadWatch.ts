// Watches the page's main thread for the browser tests: long tasks (PerformanceObserver 'longtask', any
// task over 50 ms) and long animation frames, whose script entries say what ran in a blocked frame.

export interface LongTask {
  start: number;
  duration: number;
}

export interface BlockedFrame extends LongTask {
  /** What ran in the frame: "invoker · function · file (ms)", longest first. */
  scripts: string[];
}

export interface TaskSummary {
  count: number;
  over100: number;
  maxMs: number;
}

/** The long-animation-frame entry fields read here (TypeScript's DOM library has no type for them yet). */
interface FrameEntry extends PerformanceEntry {
  scripts?: { invoker?: string; sourceFunctionName?: string; sourceURL?: string; duration: number }[];
}

const shortUrl = (url: string | undefined) => (url ?? '').replace(/^https?:\/\/[^/]+\//, '').replace(/\?.*$/, '');

export class MainThreadWatch {
  readonly tasks: LongTask[] = [];
  readonly frames: BlockedFrame[] = [];
  callbacks = 0;
  private readonly observers: PerformanceObserver[] = [];

  start(): void {
    const tasks = new PerformanceObserver((list) => {
      this.callbacks++;
      for (const e of list.getEntries()) this.tasks.push({ start: e.startTime, duration: e.duration });
    });
    tasks.observe({ type: 'longtask' });
    this.observers.push(tasks);
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      const frames = new PerformanceObserver((list) => {
        for (const e of list.getEntries() as FrameEntry[]) {
          const scripts = [...(e.scripts ?? [])].sort((a, b) => b.duration - a.duration)
            .map((s) => `${s.invoker ?? '?'} · ${s.sourceFunctionName || 'anonymous'} · ${shortUrl(s.sourceURL)} (${Math.round(s.duration)} ms)`);
          this.frames.push({ start: e.startTime, duration: e.duration, scripts });
        }
      });
      frames.observe({ type: 'long-animation-frame' });
      this.observers.push(frames);
    }
  }

  stop(): void {
    for (const o of this.observers) {
      for (const e of o.takeRecords()) if (e.entryType === 'longtask') this.tasks.push({ start: e.startTime, duration: e.duration });
      o.disconnect();
    }
    this.observers.length = 0;
  }

  /** Long tasks that started in [from, to]. */
  during(from: number, to: number): LongTask[] {
    return this.tasks.filter((t) => t.start >= from && t.start <= to);
  }

  summary(from: number, to: number): TaskSummary {
    const ts = this.during(from, to);
    return { count: ts.length, over100: ts.filter((t) => t.duration > 100).length, maxMs: Math.round(Math.max(0, ...ts.map((t) => t.duration))) };
  }

  /** The frames that hold each long task over `minMs` in [from, to], with what ran in them. */
  blockers(from: number, to: number, minMs = 100): BlockedFrame[] {
    return this.during(from, to).filter((t) => t.duration > minMs).map((t) => {
      const frame = this.frames.find((f) => f.start <= t.start + 1 && f.start + f.duration >= t.start + t.duration - 1);
      return { start: Math.round(t.start), duration: Math.round(t.duration), scripts: frame?.scripts.slice(0, 4) ?? [] };
    });
  }
}

export const describeTasks = (s: TaskSummary) => `${s.count} long tasks, ${s.over100} over 100 ms, longest ${s.maxMs} ms`;

/** The app's "repscope:" performance marks since `t0`, as [ms after t0, name]. */
export function appMarks(t0: number): [number, string][] {
  return performance.getEntriesByType('mark').filter((e) => e.name.startsWith('repscope:') && e.startTime >= t0)
    .map((e): [number, string] => [Math.round(e.startTime - t0), e.name.slice('repscope:'.length)]).sort((a, b) => a[0] - b[0]);
}
