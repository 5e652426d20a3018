// A lost WebGL context in the middle of a session: the engine falls back to another backend, uploads the
// model's weights again from the files it kept, and answers the same question with the same numbers.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createEngineHandler } from '../../src/workers/handler';
import { WASM_PATHS } from '../../src/model/wasmAssets';
import type { EngineEvent, EngineResponse, Job, Prediction } from '../../src/workers/protocol';

async function files(id: string) {
  const base = `/models/${id}/`;
  const json = async (f: string) => (await fetch(base + f)).json();
  return { config: await json('config.json'), tokenizer: await json('tokenizer.json'), weights: await (await fetch(base + 'model.safetensors')).arrayBuffer() };
}

describe('the engine after a lost WebGL context', () => {
  it('re-uploads the model on the fallback backend and keeps answering with the same numbers', async () => {
    const pending = new Map<number, (r: EngineResponse) => void>();
    let lost: (e: EngineEvent) => void = () => undefined;
    const lostEvent = new Promise<EngineEvent>((resolve) => (lost = resolve));
    const handler = createEngineHandler((message) => {
      if (message.type === 'event') lost(message.event);
      else if (message.type !== 'progress') pending.get(message.id)?.(message);
    }, { wasmPaths: WASM_PATHS });
    let nextId = 1;
    const run = (job: Job) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (r) => (r.type === 'result' ? resolve(r.result) : reject(new Error(r.type === 'error' ? r.message : r.type))));
        handler.handle({ type: 'run', id, job });
      });
    try {
      const loaded = (await run({ kind: 'loadModel', id: 'truthworld', files: await files('truthworld'), backend: 'webgl' } as Job)) as { backend: { chosen: string } };
      expect(loaded.backend.chosen).toBe('webgl');
      const before = (await run({ kind: 'predict', text: 'bob says mia lives in', k: 5 } as Job)) as Prediction;
      (tf.backend() as tf.MathBackendWebGL).getGPGPUContext().gl.getExtension('WEBGL_lose_context')!.loseContext();
      const event = await lostEvent;
      expect(event.backend.chosen).not.toBe('webgl');
      expect(event.backend.reason).toMatch(/WebGL context was lost/);
      expect(event.model?.id).toBe('truthworld');
      const after = (await run({ kind: 'predict', text: 'bob says mia lives in', k: 5 } as Job)) as Prediction;
      expect(after.top.map((t) => t.id)).toEqual(before.top.map((t) => t.id));
      after.top.forEach((t, i) => expect(Math.abs(t.prob - before.top[i].prob)).toBeLessThan(1e-3));
    } finally {
      handler.dispose();
    }
  });
});
