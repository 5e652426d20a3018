// Tells, cheaply and before any tfjs backend starts, whether WebGPU and WebGL run on a software rasteriser
// here (SwiftShader, llvmpipe, WARP): auto then leaves them untimed, since wasm on the same CPU beats them.
// WebGPU: the adapter's fallback flag and info, no device. WebGL: the unmasked renderer of one throwaway context.

/** Names of software rasterisers as browsers report them in adapter info or WebGL's renderer string. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|\bwarp\b|\bcpu\b/i;

export type GpuBackendName = 'webgpu' | 'webgl';

/** The bits of a WebGPU adapter we read; TypeScript's DOM library has no WebGPU types yet. */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  /** Chromium ≥ 127 and the spec; older Chromium has only requestAdapterInfo(). */
  info?: GpuAdapterInfoLike;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** What detection needs from the environment; tests pass fakes, the app the browser's own. */
export interface RenderingEnvironment {
  gpu?: GpuLike;
  /** A fresh WebGL context on a canvas of its own, or null where none can be made. */
  createWebglContext?: () => WebGLRenderingContext | WebGL2RenderingContext | null;
}

/** The rasteriser's name when `text` names a software one ("SwiftShader", "llvmpipe"), else null. */
export function softwareRendererIn(text: string): string | null {
  const match = SOFTWARE_RENDERER.exec(text);
  if (match === null) return null;
  const word = match[0].toLowerCase();
  if (word === 'swiftshader') return 'SwiftShader';
  if (word === 'cpu') return 'a CPU adapter';
  return match[0];
}

/** The software rasteriser behind a WebGPU adapter, or null for a hardware (or unnamed, non-fallback) one. */
export async function softwareAdapter(adapter: GpuAdapterLike): Promise<string | null> {
  const info = adapter.info ?? (await readLegacyInfo(adapter));
  const text = [info.vendor, info.architecture, info.device, info.description].filter((part) => part).join(' ');
  const named = softwareRendererIn(text);
  if (named !== null) return named;
  return adapter.isFallbackAdapter === true || info.isFallbackAdapter === true ? 'a fallback adapter' : null;
}

async function readLegacyInfo(adapter: GpuAdapterLike): Promise<GpuAdapterInfoLike> {
  try {
    return (await adapter.requestAdapterInfo?.()) ?? {};
  } catch {
    return {};
  }
}

/** The software rasteriser behind WebGL contexts here, or null (hardware, masked renderer, or no context). */
export function softwareWebglRenderer(gl: WebGLRenderingContext | WebGL2RenderingContext): string | null {
  // The plain RENDERER string is often masked ("WebKit WebGL"); the debug extension is not.
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof renderer === 'string' ? softwareRendererIn(renderer) : null;
}

async function detectWebgpu(gpu: GpuLike | undefined): Promise<string | null> {
  if (gpu == null) return null;
  try {
    // The same request tfjs's webgpu backend makes; an adapter creates no device.
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter === null ? null : await softwareAdapter(adapter);
  } catch {
    return null;
  }
}

function detectWebgl(create: RenderingEnvironment['createWebglContext']): string | null {
  let gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  try {
    gl = create?.() ?? null;
    return gl === null ? null : softwareWebglRenderer(gl);
  } catch {
    return null;
  } finally {
    // Hand the context back at once: browsers keep only a few alive, and tfjs makes its own.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/**
 * For each GPU backend in `names`: the software rasteriser it would run on here, or nothing when it
 * looks like hardware or cannot be told (then auto times it as before). Answers are kept per environment.
 */
export async function detectSoftwareRendering(names: readonly string[], env: RenderingEnvironment = browserEnvironment()): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const name of ['webgpu', 'webgl'] as const) {
    if (!names.includes(name)) continue;
    const software = await cached(env, name, () => (name === 'webgpu' ? detectWebgpu(env.gpu) : Promise.resolve(detectWebgl(env.createWebglContext))));
    if (software !== null) found.set(name, software);
  }
  return found;
}

const answers = new WeakMap<RenderingEnvironment, Map<GpuBackendName, Promise<string | null>>>();

function cached(env: RenderingEnvironment, name: GpuBackendName, detect: () => Promise<string | null>): Promise<string | null> {
  let byName = answers.get(env);
  if (byName === undefined) answers.set(env, (byName = new Map()));
  let answer = byName.get(name);
  if (answer === undefined) byName.set(name, (answer = detect()));
  return answer;
}

let browser: RenderingEnvironment | null = null;

/** This page's or worker's own navigator.gpu and canvases (one object, so its answers are cached). */
export function browserEnvironment(): RenderingEnvironment {
  browser ??= {
    gpu: (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu,
    createWebglContext: () => {
      const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : typeof document !== 'undefined' ? document.createElement('canvas') : null;
      if (canvas === null) return null;
      return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | WebGL2RenderingContext | null;
    },
  };
  return browser;
}

/** "webgpu and webgl", in auto's order. */
export function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The clause auto's reason ends with: which backends it left untimed, and on what they run. */
export function describeSkipped(software: ReadonlyMap<string, string>): string {
  const names = [...software.keys()];
  const renderers = [...new Set(software.values())].join(', ');
  return `${joinNames(names)} ${names.length === 1 ? 'is' : 'are'} software-rendered here (${renderers}), so not timed`;
}

/** The same, short, for the timings a later visit quotes: "webgpu and webgl not timed: software-rendered". */
export function summariseSkipped(software: ReadonlyMap<string, string>): string {
  return `${joinNames([...software.keys()])} not timed: software-rendered`;
}
