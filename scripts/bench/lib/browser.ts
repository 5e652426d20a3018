// Headless Chromium and a private Vite dev server for benchmark pages, so a page under scripts/bench/
// runs the same src/ code the app does. Shared by every benchmark that measures in the browser.
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import { REPO_ROOT } from './paths';

/** Same default and override as vite.config.ts: the Debian Chromium, or REPSCOPE_CHROMIUM. */
const CHROMIUM_PATH = process.env.REPSCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags of vite.config.ts's browser tests: every tfjs backend runs headless (SwiftShader for GPU APIs). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu',
];

/** The app's headers: its pages are cross-origin isolated, so the benchmark's are too. */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface PageServer {
  server: ViteDevServer;
  /** e.g. http://127.0.0.1:5199 */
  origin: string;
}

/**
 * Serves the repository root (public/ included) for the given page entries. No watcher and no HMR:
 * others edit src/ while a benchmark runs, and a reload would kill the measurement mid-way.
 */
export async function startPageServer(entries: string[]): Promise<PageServer> {
  const server = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    // Its own optimizer cache, so a concurrent `vite` or vitest run never shares half-written deps.
    cacheDir: 'node_modules/.vite-bench',
    server: { host: '127.0.0.1', port: 5199, strictPort: false, headers: ISOLATION_HEADERS, hmr: false, watch: null },
    // Pre-bundled up front: a backend found lazily mid-run would make Vite reload the page.
    optimizeDeps: { entries, include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'] },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (address == null) throw new Error('the benchmark page server did not start listening');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

/** `ownSignals`: the caller closes the browser on Ctrl-C itself (see cleanup.ts), so playwright's handlers stay off. */
export async function launchChromium({ ownSignals = false }: { ownSignals?: boolean } = {}): Promise<Browser> {
  const signals = ownSignals ? { handleSIGINT: false, handleSIGTERM: false } : {};
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, ...signals });
  } catch (error) {
    throw new Error(`cannot start Chromium at ${CHROMIUM_PATH} (${String(error).split('\n')[0]}); ` +
      'install it (Debian: apt-get install -y chromium) or set REPSCOPE_CHROMIUM to a Chrome/Chromium binary');
  }
}
