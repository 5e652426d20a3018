// The loadModel job with a user's file: the File is read in the engine with progress in bytes, and a file
// that fails (truncated, wrong shapes) is named in the error while the model loaded before stays usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient, type EngineClient, type Progress } from '../../src/workers/client';
import { mainThreadPort } from '../../src/workers/mainThread';
import { blobSource } from '../../src/workers/modelLoad';
import { countParameters } from '../../src/model/config';
import { TEST_CONFIG, testModelFiles } from './engineFixture';

let client: EngineClient;

const predict = (text: string) => client.run({ kind: 'predict', text, k: 5 }).promise;
const tensors = async () => (await client.run({ kind: 'memory' }).promise).numTensors;

beforeAll(async () => {
  client = createEngineClient(mainThreadPort(), false);
  await client.run({ kind: 'loadModel', id: 'first', files: testModelFiles(3), backend: 'cpu' }).promise;
});

afterAll(() => client.dispose());

describe('blobSource', () => {
  it('reads the byte ranges asked for, and only those', async () => {
    const data = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 251);
    const source = blobSource(new Blob([data.subarray(0, 1000) as BlobPart, data.subarray(1000) as BlobPart]), 'x.bin');
    expect(source.size).toBe(3000);
    expect([...(await source.read(990, 1010))]).toEqual([...data.subarray(990, 1010)]);
    expect((await source.read(2999, 3000))[0]).toBe(data[2999]);
  });
});

/** A File whose reads fail from the `failAt`-th on, as when the file on disk changes while it is read. */
class FailingFile extends File {
  private reads = 0;
  constructor(parts: BlobPart[], name: string, private readonly failAt: number) {
    super(parts, name);
  }
  override slice(start?: number, end?: number): Blob {
    const part = super.slice(start, end);
    if (++this.reads < this.failAt) return part;
    return { arrayBuffer: () => Promise.reject(new Error('NotReadableError')) } as unknown as Blob;
  }
}

describe('loading a model from a user\'s File', () => {
  it('reads the file in the engine with progress in bytes, then runs the model', async () => {
    const files = testModelFiles(5);
    const file = new File([files.weights as BlobPart], 'second.safetensors');
    const progress: Progress[] = [];
    const { model } = await client.run({ kind: 'loadModel', id: 'second', files: { ...files, weights: file }, backend: 'cpu' }, { onProgress: (p) => progress.push(p) }).promise;
    expect(model.id).toBe('second');
    const reads = progress.filter((p) => p.what === 'Reading the weights in second.safetensors');
    const weightBytes = 4 * countParameters(TEST_CONFIG); // every parameter, as float32
    expect(reads[0]).toMatchObject({ done: 0, total: weightBytes });
    expect(reads.at(-1)).toMatchObject({ done: weightBytes, total: weightBytes });
    expect((await predict('the cat is')).top).toHaveLength(5);
  });

  it('names a truncated file and keeps the previous model loaded, usable and unchanged', async () => {
    const before = await predict('the dog was');
    const count = await tensors();
    const files = testModelFiles(7);
    const cut = new File([files.weights.subarray(0, files.weights.length - 64) as BlobPart], 'broken.safetensors');
    const load = client.run({ kind: 'loadModel', id: 'broken', files: { ...files, weights: cut }, backend: 'cpu' }).promise;
    await expect(load).rejects.toThrow(/^broken\.safetensors: tensor .* running past the end of the data section \(\d+ bytes\); is the file truncated\?$/);
    expect(await predict('the dog was')).toEqual(before);
    expect(await tensors()).toBe(count);
  });

  it('names weights that do not fit the config, and still keeps the previous model', async () => {
    const before = await predict('the bird');
    const files = testModelFiles(7);
    const config = { ...(files.config as object), dModel: 30, nHeads: 3 };
    const load = client.run({ kind: 'loadModel', id: 'misfit', files: { ...files, config, weights: new File([files.weights as BlobPart], 'misfit.safetensors') }, backend: 'cpu' }).promise;
    await expect(load).rejects.toThrow(/weights do not match the config: tensor "wte.weight" has shape \[21, 24\], expected \[21, 30\]/);
    expect(await predict('the bird')).toEqual(before);
  });

  it('names a file that cannot be read halfway through, and uploads the previous model again', async () => {
    const before = await predict('the fish');
    const count = await tensors();
    const files = testModelFiles(9);
    const flaky = new FailingFile([files.weights as BlobPart], 'flaky.safetensors', 10);
    const load = client.run({ kind: 'loadModel', id: 'flaky', files: { ...files, weights: flaky }, backend: 'cpu' }).promise;
    await expect(load).rejects.toThrow(/^flaky\.safetensors: could not be read \(NotReadableError\); if the file changed on disk after it was picked, drop or pick it again$/);
    expect(await predict('the fish')).toEqual(before);
    expect(await tensors()).toBe(count);
  });
});
