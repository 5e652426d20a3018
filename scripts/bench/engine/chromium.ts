// Runs the engine suite in headless Chromium: one fresh page per backend (so one backend's GPU
// memory or wasm heap never weighs on the next), results passed back through page.evaluate.
import { loadavg } from 'node:os';
import type { Browser } from 'playwright';
import { launchChromium, startPageServer } from '../lib/browser';
import { PAGE_GLOBAL, type EngineBenchApi, type SuiteResult, type SuiteRun, type SuiteSpec } from './suite';

const PAGE = 'scripts/bench/engine/page.html';
/** Vite's first request transforms and pre-bundles tfjs; generous on a 2-core machine. */
const PAGE_READY_MS = 120_000;

export interface ChromiumRun {
  version: string;
  userAgent: string;
  runs: SuiteRun[];
}

async function runInPage(browser: Browser, url: string, spec: SuiteSpec, log: (message: string) => void): Promise<SuiteResult> {
  const page = await browser.newPage();
  page.on('console', (message) => log(`chromium ${message.text()}`));
  try {
    await page.goto(url);
    await page.waitForFunction((name) => name in globalThis, PAGE_GLOBAL, { timeout: PAGE_READY_MS });
    return await page.evaluate(
      ([name, s]) => (globalThis as unknown as Record<string, EngineBenchApi>)[name].run(s),
      [PAGE_GLOBAL, spec] as const,
    );
  } catch (error) {
    return { backend: spec.backend, error: `the page failed: ${String(error).split('\n')[0]}`, cases: [] };
  } finally {
    await page.close();
  }
}

export async function runChromiumSuites(specs: readonly SuiteSpec[], log: (message: string) => void): Promise<ChromiumRun> {
  const { server, origin } = await startPageServer([PAGE]);
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.close();
    const runs: SuiteRun[] = [];
    for (const spec of specs) {
      const loadBefore = loadavg()[0];
      const result = await runInPage(browser, `${origin}/${PAGE}`, spec, log);
      runs.push({ result, load: [loadBefore, loadavg()[0]] });
    }
    return { version: browser.version(), userAgent, runs };
  } finally {
    await browser?.close();
    await server.close();
  }
}
