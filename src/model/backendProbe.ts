// Registers each tfjs backend on demand and says whether it can run here, with a short note on
// why not (or on what it runs: a software WebGPU adapter, a SwiftShader WebGL renderer).
import * as tf from '@tensorflow/tfjs';
import { SOFTWARE_RENDERER, type GpuAdapterLike, type GpuLike } from './backendSoftware';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface ProbeResult {
  available: boolean;
  note?: string;
}

export interface ProbeOptions {
  /** Where the browser finds the wasm binaries: a folder URL or a map of file name → URL. */
  wasmPaths?: string | Record<string, string>;
}

export function isBrowserLike(): boolean {
  return tf.env().getBool('IS_BROWSER');
}

/** Makes `name` registered with tfjs if this environment can have it; says why not otherwise. */
export async function probeBackend(name: BackendName, options: ProbeOptions): Promise<ProbeResult> {
  switch (name) {
    case 'cpu':
      return { available: tf.findBackendFactory('cpu') != null };
    case 'wasm':
      return probeWasm(options);
    case 'webgl':
      return probeWebgl();
    case 'webgpu':
      return probeWebgpu();
  }
}

async function probeWasm(options: ProbeOptions): Promise<ProbeResult> {
  if (typeof WebAssembly === 'undefined') return { available: false, note: 'WebAssembly missing' };
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The threaded binary hung in the production build under COOP/COEP (TECH-NOTES); the flag
    // exists only once the package is loaded, and must be set before the backend starts.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    // Must precede the first tf.setBackend('wasm'); later calls only repeat the same paths.
    if (options.wasmPaths != null && tf.findBackend('wasm') == null) wasm.setWasmPaths(options.wasmPaths);
  } catch (error) {
    return { available: false, note: `could not load @tensorflow/tfjs-backend-wasm (${messageOf(error)})` };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { available: tf.findBackendFactory('wasm') != null, note: simd ? 'SIMD' : 'no SIMD (slow)' };
}

function probeWebgl(): ProbeResult {
  if (!isBrowserLike()) return { available: false, note: 'WebGL needs a browser (this is Node)' };
  if (tf.findBackendFactory('webgl') == null) return { available: false, note: 'not registered with tfjs' };
  const version = tf.env().getNumber('WEBGL_VERSION');
  if (version === 0) return { available: false, note: 'no WebGL context (disabled or blocked)' };
  // Without float32 render targets tfjs falls back to fp16, which gathers wrong rows (TECH-NOTES).
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
    return { available: false, note: 'cannot render to float32 textures, and fp16 is unsafe' };
  }
  const maxTexture = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
  return { available: true, note: `WebGL ${version}, max texture ${maxTexture}` };
}

async function probeWebgpu(): Promise<ProbeResult> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (gpu == null) return { available: false, note: 'navigator.gpu missing' };
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { available: false, note: `requestAdapter failed (${messageOf(error)})` };
  }
  if (adapter == null) return { available: false, note: 'navigator.gpu gave no adapter' };
  try {
    // Registers itself only where navigator.gpu exists, which is checked above.
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return { available: false, note: `could not load @tensorflow/tfjs-backend-webgpu (${messageOf(error)})` };
  }
  if (tf.findBackendFactory('webgpu') == null) return { available: false, note: 'not registered with tfjs' };
  return { available: true, note: describeAdapter(adapter) };
}

function describeAdapter(adapter: GpuAdapterLike): string {
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter((part) => part).join(' ') || 'unnamed';
  const fallback = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true;
  const software = fallback || SOFTWARE_RENDERER.test(name);
  return software ? `adapter ${name} is a software fallback` : `adapter ${name}`;
}

/** Names the WebGL renderer once the webgl backend runs, flagging software rasterisers. */
export function describeWebglRenderer(gl: WebGLRenderingContext): string | undefined {
  // The plain RENDERER string is often masked ("WebKit WebGL"); the debug extension is not.
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  if (typeof renderer !== 'string' || renderer === '') return undefined;
  const software = SOFTWARE_RENDERER.exec(renderer);
  return software ? `${software[0]} software renderer (${renderer})` : `renderer ${renderer}`;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error != null && 'message' in error) return String(error.message);
  return String(error);
}
