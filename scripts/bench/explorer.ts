// `npm run bench -- explorer`: time from navigation start to the app's first impression (backend badge,
// scatter with points, probe chart with its line and baselines) in headless Chromium, for the static build
// (`vite build` + `vite preview`) against the `vite` dev server in the same run; each run is a first visit
// in a fresh browser context and a returning visit in the same context. Also counts main-thread long tasks.
import { loadavg } from 'node:os';
import type { Browser } from 'playwright';
import { launchChromium } from './lib/browser';
import { withCleanup } from './lib/cleanup';
import type { BenchCommand } from './lib/command';
import { describeMachine, finishMachine, formatMachine } from './lib/machine';
import { buildApp, makeBuildDir, startDev, startPreview, type AppServer } from './explorer/servers';
import { formatGoal, formatVisitTable, type RunFigures } from './explorer/summary';
import { visit } from './explorer/visit';

const GOAL_MS = 3000;
const VISIT_TIMEOUT_MS = 240_000;
const VIEWPORT = { width: 1280, height: 800 };

type ServerName = 'build' | 'dev';

interface ServerRuns {
  name: ServerName;
  server: AppServer;
  runs: RunFigures[];
  failures: string[];
  /** The warm-up run: the server's first requests (the dev server transforms every module then). */
  warmup?: RunFigures;
}

/** A first visit in a fresh context (empty storage and cache), then a returning one in the same context. */
async function measureRun(browser: Browser, origin: string): Promise<RunFigures> {
  const loadBefore = loadavg()[0];
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const first = await visit(context, `${origin}/`, VISIT_TIMEOUT_MS);
    const returning = await visit(context, `${origin}/`, VISIT_TIMEOUT_MS);
    return { first, returning, load: [loadBefore, loadavg()[0]] };
  } finally {
    await context.close();
  }
}

function runCount(flag: string | boolean | undefined, quick: boolean): number {
  if (flag === undefined) return quick ? 2 : 5;
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs wants a whole number ≥ 1, not "${String(flag)}"`);
  return n;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const short = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describeRun(name: ServerName, i: number, r: RunFigures): string {
  return `${name} run ${i + 1}: first impression ${seconds(r.first.firstImpressionMs)} first visit, ` +
    `${seconds(r.returning.firstImpressionMs)} returning (load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)})`;
}

/** Which backend each server's visits chose, how many returning visits re-used the remembered one, and why (first run). */
function backendLines(all: readonly ServerRuns[]): string[] {
  const lines: string[] = [];
  for (const s of all) {
    const visits = s.runs.flatMap((r) => [r.first, r.returning]);
    const chosen = [...new Set(visits.map((v) => v.backend))].map((b) => `${b} ${visits.filter((v) => v.backend === b).length}/${visits.length}`);
    const remembered = s.runs.filter((r) => /remembered/.test(r.returning.backendReason)).length;
    lines.push(`  ${s.name}: ${chosen.join(', ')} visits; returning visits on the remembered backend: ${remembered}/${s.runs.length}`);
    if (s.runs.length > 0) lines.push(`    first visit: ${s.runs[0].first.backendReason}`, `    returning:   ${s.runs[0].returning.backendReason}`);
  }
  return lines;
}

function report(all: readonly ServerRuns[], header: string[], runs: number): string {
  const build = all.find((s) => s.name === 'build')!;
  const dev = all.find((s) => s.name === 'dev');
  const loads = all.flatMap((s) => s.runs.flatMap((r) => r.load));
  const lines = [...header, `load average during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`, ''];
  for (const v of ['first', 'returning'] as const) {
    lines.push(formatVisitTable(build.runs, dev?.runs ?? [], v), '');
  }
  lines.push(`Goal: first impression < ${GOAL_MS / 1000} s (static build, ${build.runs.length} of ${runs} runs)`);
  lines.push(`  ${formatGoal(build.runs, 'first', GOAL_MS)}`, `  ${formatGoal(build.runs, 'returning', GOAL_MS)}`);
  if (dev) {
    lines.push(`The dev server for comparison (${dev.runs.length} of ${runs} runs)`);
    lines.push(`  ${formatGoal(dev.runs, 'first', GOAL_MS)}`, `  ${formatGoal(dev.runs, 'returning', GOAL_MS)}`);
  }
  const warm = all.filter((s) => s.warmup).map((s) => `${s.name} ${seconds(s.warmup!.first.firstImpressionMs)} first visit, ${seconds(s.warmup!.returning.firstImpressionMs)} returning`);
  if (warm.length > 0) lines.push(`Warm-up run (the server's first requests; not in the tables): ${warm.join('; ')}`);
  lines.push('Backend chosen', ...backendLines(all));
  for (const s of all) for (const f of s.failures) lines.push(`FAILED ${s.name} run: ${f}`);
  return lines.join('\n');
}

export const command: BenchCommand = {
  summary: 'the app\'s first impression in headless Chromium: static build vs the dev server, first and returning visits',
  flags: {
    runs: { type: 'string', description: 'runs per server, each a first and a returning visit (default 5; 2 with --quick)' },
    'skip-dev': { type: 'boolean', description: 'measure the static build only, without the dev server as peer' },
  },
  async run({ quick, flags, log }) {
    const runs = runCount(flags.runs, quick);
    const machine = describeMachine();
    return withCleanup(async (cleanup) => {
      log('vite build into a temporary folder…');
      const out = cleanup.add(await makeBuildDir(), 'the build folder', (d) => d.remove());
      const buildStart = performance.now();
      await buildApp(out.dir);
      const buildMs = performance.now() - buildStart;
      const all: ServerRuns[] = [];
      const preview = cleanup.add(await startPreview(out.dir), 'the preview server', (s) => s.close());
      all.push({ name: 'build', server: preview, runs: [], failures: [] });
      if (flags['skip-dev'] !== true) {
        log('starting the dev server…');
        const dev = cleanup.add(await startDev(), 'the dev server', (s) => s.close());
        all.push({ name: 'dev', server: dev, runs: [], failures: [] });
      }
      const browser = cleanup.add(await launchChromium({ ownSignals: true }), 'Chromium', (b) => b.close());
      for (const s of all) {
        if (cleanup.signalled) break;
        log(`${s.name}: untimed warm-up run (${s.server.origin})…`);
        s.warmup = await measureRun(browser, s.server.origin);
      }
      for (let i = 0; i < runs; i++) {
        // Alternate which server goes first, so drift in the machine's load hits both alike.
        for (const s of i % 2 === 0 ? all : [...all].reverse()) {
          if (cleanup.signalled) break;
          try {
            const r = await measureRun(browser, s.server.origin);
            s.runs.push(r);
            log(describeRun(s.name, i, r));
          } catch (error) {
            s.failures.push(String(error).split('\n')[0]);
            log(`${s.name} run ${i + 1} failed: ${s.failures[s.failures.length - 1]}`);
          }
        }
      }
      const done = finishMachine(machine);
      if (all.every((s) => s.runs.length === 0)) throw new Error(`every run failed: ${all.flatMap((s) => s.failures).join('; ')}`);
      const header = [
        'Repscope explorer benchmark: navigation start → first impression, in headless Chromium',
        ...formatMachine(done),
        `chromium: ${browser.version()}, headless, the browser tests' flags (--disable-gpu: webgl/webgpu in software); viewport ${VIEWPORT.width}×${VIEWPORT.height}`,
        `build: vite build (${short(buildMs)}) into a temporary folder, served by vite preview; dev: the vite dev server (npm start's config, no HMR)`,
        `method: ${runs} run${runs === 1 ? '' : 's'} per server, alternating; a run = a first visit in a fresh browser context (empty storage and cache)`,
        '  and a returning visit in a new page of the same context; one untimed warm-up run per server before.',
        '  first impression = backend badge names the backend + scatter has points + probe chart has its line and baselines',
        '  (the browser test\'s definition plus badge and baselines); engine idle = progress bar idle for 600 ms; model ready = the',
        '  app\'s "repscope:model ready" mark; probes job = its job start → done marks; long tasks = PerformanceObserver(\'longtask\') from navigation start. Figures: min / median / max.',
      ];
      const json = { machine: done, chromium: browser.version(), buildMs, runsPerServer: runs, servers: Object.fromEntries(all.map((s) => [s.name, { runs: s.runs, failures: s.failures, warmup: s.warmup }])) };
      return { text: report(all, header, runs), json };
    }, log);
  },
};
