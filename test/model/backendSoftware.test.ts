// Software-rendering detection with fake WebGPU adapters and WebGL renderers: SwiftShader, llvmpipe, WARP
// and fallback adapters are named; hardware and masked renderers are not; each answer is asked for once.
import { describe, expect, it } from 'vitest';
import {
  describeSkipped,
  detectSoftwareRendering,
  softwareAdapter,
  softwareRendererIn,
  softwareWebglRenderer,
  summariseSkipped,
  type GpuAdapterLike,
  type RenderingEnvironment,
} from '../../src/model/backendSoftware';

const UNMASKED = 0x9246;
const RENDERER = 0x1f01;

/** A WebGL context that reports `renderer` (through the debug extension unless `masked`). */
function fakeGl(renderer: string, masked = false, onLose: () => void = () => undefined): WebGLRenderingContext {
  const gl = {
    RENDERER,
    getExtension(name: string) {
      if (name === 'WEBGL_debug_renderer_info') return masked ? null : { UNMASKED_RENDERER_WEBGL: UNMASKED };
      if (name === 'WEBGL_lose_context') return { loseContext: onLose };
      return null;
    },
    getParameter: (p: number) => (p === UNMASKED ? renderer : p === RENDERER ? 'WebKit WebGL' : null),
  };
  return gl as unknown as WebGLRenderingContext;
}

/** An environment with this adapter and WebGL renderer (null: none), counting what detection asks of it. */
function fakeEnv(adapter: GpuAdapterLike | null, renderer: string | null) {
  const calls = { adapters: 0, contexts: 0, lost: 0 };
  const env: RenderingEnvironment = {
    gpu: { requestAdapter: async () => (calls.adapters++, adapter) },
    createWebglContext: () => {
      calls.contexts++;
      return renderer === null ? null : fakeGl(renderer, false, () => calls.lost++);
    },
  };
  return { env, calls };
}

const SWIFTSHADER_GL = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const INTEL_GL = 'ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)';

describe('softwareRendererIn', () => {
  it.each([
    [SWIFTSHADER_GL, 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Basic Render'],
    ['Software Adapter', 'Software'],
    ['google cpu', 'a CPU adapter'],
  ])('names the software rasteriser in %j', (text, name) => {
    expect(softwareRendererIn(text)).toBe(name);
  });

  it.each([INTEL_GL, 'Apple M2', 'NVIDIA GeForce RTX 4090/PCIe/SSE2', 'AMD Radeon Pro 5500M OpenGL Engine', 'WebKit WebGL', ''])(
    'finds none in the hardware or masked renderer %j',
    (text) => {
      expect(softwareRendererIn(text)).toBeNull();
    },
  );
});

describe('softwareAdapter', () => {
  it('names SwiftShader from the adapter info Chromium gives a software adapter', async () => {
    expect(await softwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } })).toBe('SwiftShader');
  });

  it('calls an unnamed adapter that says it is a fallback a fallback adapter', async () => {
    expect(await softwareAdapter({ isFallbackAdapter: true, info: { vendor: '', architecture: '' } })).toBe('a fallback adapter');
    expect(await softwareAdapter({ info: { isFallbackAdapter: true } })).toBe('a fallback adapter');
  });

  it('reads requestAdapterInfo() where the adapter has no info attribute (older Chromium)', async () => {
    expect(await softwareAdapter({ requestAdapterInfo: async () => ({ vendor: 'google', architecture: 'swiftshader' }) })).toBe('SwiftShader');
    expect(await softwareAdapter({ requestAdapterInfo: () => Promise.reject(new Error('gone')) })).toBeNull();
  });

  it('does not flag a hardware adapter', async () => {
    expect(await softwareAdapter({ isFallbackAdapter: false, info: { vendor: 'nvidia', architecture: 'ada', description: 'NVIDIA GeForce RTX 4090' } })).toBeNull();
    expect(await softwareAdapter({ info: { vendor: 'intel', architecture: 'gen-12lp' } })).toBeNull();
  });
});

describe('softwareWebglRenderer', () => {
  it('reads the unmasked renderer', () => {
    expect(softwareWebglRenderer(fakeGl(SWIFTSHADER_GL))).toBe('SwiftShader');
    expect(softwareWebglRenderer(fakeGl(INTEL_GL))).toBeNull();
  });

  it('cannot tell when the renderer is masked, so flags nothing', () => {
    expect(softwareWebglRenderer(fakeGl(SWIFTSHADER_GL, true))).toBeNull();
  });
});

describe('detectSoftwareRendering', () => {
  it('names both GPU backends on a machine like headless Chromium with SwiftShader', async () => {
    const { env, calls } = fakeEnv({ isFallbackAdapter: true, info: { vendor: 'google', architecture: 'swiftshader' } }, SWIFTSHADER_GL);
    const found = await detectSoftwareRendering(['webgpu', 'webgl', 'wasm', 'cpu'], env);
    expect([...found]).toEqual([['webgpu', 'SwiftShader'], ['webgl', 'SwiftShader']]);
    expect(calls).toEqual({ adapters: 1, contexts: 1, lost: 1 });
  });

  it('names neither on a hardware GPU', async () => {
    const { env } = fakeEnv({ info: { vendor: 'nvidia', architecture: 'ada' } }, INTEL_GL);
    expect((await detectSoftwareRendering(['webgpu', 'webgl', 'wasm', 'cpu'], env)).size).toBe(0);
  });

  it('names only the software one when WebGPU has hardware and WebGL runs on llvmpipe', async () => {
    const { env } = fakeEnv({ info: { vendor: 'amd', architecture: 'rdna-3' } }, 'llvmpipe (LLVM 15.0.6, 256 bits)');
    expect([...(await detectSoftwareRendering(['webgpu', 'webgl'], env))]).toEqual([['webgl', 'llvmpipe']]);
  });

  it('flags nothing it cannot inspect: no adapter, a throwing adapter request, no WebGL context', async () => {
    const none = fakeEnv(null, null);
    expect((await detectSoftwareRendering(['webgpu', 'webgl'], none.env)).size).toBe(0);
    const throwing: RenderingEnvironment = { gpu: { requestAdapter: () => Promise.reject(new Error('blocked')) }, createWebglContext: () => { throw new Error('no canvas'); } };
    expect((await detectSoftwareRendering(['webgpu', 'webgl'], throwing)).size).toBe(0);
    expect((await detectSoftwareRendering(['webgpu', 'webgl'], {})).size).toBe(0);
  });

  it('inspects only the backends asked about, and each once per environment', async () => {
    const { env, calls } = fakeEnv({ isFallbackAdapter: true }, SWIFTSHADER_GL);
    expect([...(await detectSoftwareRendering(['webgl', 'wasm'], env)).keys()]).toEqual(['webgl']);
    expect(calls).toMatchObject({ adapters: 0, contexts: 1 });
    await detectSoftwareRendering(['webgpu', 'webgl'], env);
    await detectSoftwareRendering(['webgpu', 'webgl'], env);
    expect(calls).toMatchObject({ adapters: 1, contexts: 1 });
  });
});

describe('the sentences auto uses', () => {
  it('say which backends were left untimed and on what they run', () => {
    const both = new Map([['webgpu', 'SwiftShader'], ['webgl', 'SwiftShader']]);
    expect(describeSkipped(both)).toBe('webgpu and webgl are software-rendered here (SwiftShader), so not timed');
    expect(summariseSkipped(both)).toBe('webgpu and webgl not timed: software-rendered');
    expect(describeSkipped(new Map([['webgl', 'llvmpipe']]))).toBe('webgl is software-rendered here (llvmpipe), so not timed');
    expect(describeSkipped(new Map([['webgpu', 'a fallback adapter'], ['webgl', 'llvmpipe']]))).toBe('webgpu and webgl are software-rendered here (a fallback adapter, llvmpipe), so not timed');
  });
});
