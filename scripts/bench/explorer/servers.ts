// The two ways the explorer benchmark serves the app, both from the repository's own vite.config.ts
// (so with its COOP/COEP headers): the static build under `vite preview`, and the `vite` dev server that
// `npm start` runs. Each returns its origin and a close function; the caller registers the close.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer, preview } from 'vite';
import { REPO_ROOT } from '../lib/paths';

export interface AppServer {
  /** e.g. http://127.0.0.1:4180 */
  origin: string;
  close: () => Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Modules the app and its engine worker import lazily, pre-bundled up front like the browser tests'
 * project does: found mid-run, Vite would re-optimise and the page would get stale-module errors (HMR is
 * off, so no reload would rescue it).
 */
const DEV_PREBUNDLE = [
  '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'react', 'react-dom', 'react-dom/client',
  'react/jsx-dev-runtime', 'react/jsx-runtime', 'gpt-tokenizer/encoding/r50k_base', 'gpt-tokenizer/bpeRanks/r50k_base', 'd3',
];

function originOf(address: string | AddressInfo | null | undefined, what: string): string {
  if (address == null || typeof address === 'string') throw new Error(`the ${what} did not start listening on a TCP port`);
  return `http://${HOST}:${address.port}`;
}

type Listener = (...args: unknown[]) => void;

/**
 * Starts a Vite server without the handlers Vite adds to end the whole process on SIGTERM or at the end
 * of stdin: they would exit before cleanup.ts had closed Chromium and removed the build folder.
 */
async function withoutViteExitHandlers<T>(start: () => Promise<T>): Promise<T> {
  const term = process.listeners('SIGTERM');
  const end = process.stdin.listeners('end');
  try {
    return await start();
  } finally {
    for (const l of process.listeners('SIGTERM')) if (!term.includes(l)) process.off('SIGTERM', l);
    for (const l of process.stdin.listeners('end')) if (!end.includes(l)) process.stdin.off('end', l as Listener);
  }
}

/** A fresh temporary folder for the build; `remove` deletes it. */
export async function makeBuildDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'repscope-bench-explorer-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `vite build` of the app into `outDir` (the repository's dist/ stays untouched). */
export async function buildApp(outDir: string): Promise<void> {
  await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/** `vite preview` of a build in `outDir`, on a free port from 4180 up. */
export async function startPreview(outDir: string): Promise<AppServer> {
  const server = await withoutViteExitHandlers(() => preview({
    root: REPO_ROOT, logLevel: 'warn', build: { outDir }, preview: { host: HOST, port: 4180, strictPort: false, open: false },
  }));
  return { origin: originOf(server.httpServer.address(), 'preview server'), close: () => server.close() };
}

/**
 * The dev server, as `npm start` runs it but with no file watcher and no HMR (others may edit src/ while
 * the benchmark runs, and a reload would end a measurement mid-way), on a free port from 5180 up, with its
 * own optimiser cache so that a concurrent `vite` or vitest never shares half-written dependencies.
 */
export async function startDev(): Promise<AppServer> {
  const server = await withoutViteExitHandlers(() => createServer({
    root: REPO_ROOT,
    logLevel: 'warn',
    cacheDir: 'node_modules/.vite-bench-explorer',
    server: { host: HOST, port: 5180, strictPort: false, hmr: false, watch: null, open: false },
    optimizeDeps: { include: DEV_PREBUNDLE },
  }));
  try {
    await server.listen();
    return { origin: originOf(server.httpServer?.address(), 'dev server'), close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
