// The page's memory of auto's backend choice: written only from a full auto measurement, read back only
// when well-formed, from the same browser and recent; storage that throws remembers nothing.
import { describe, expect, it } from 'vitest';
import { BACKEND_MEMORY_KEY, BACKEND_MEMORY_MAX_AGE_MS, decodeMemory, storageBackendMemory } from '../../src/app/backendMemory';

function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data, length: 0, clear: () => data.clear(), key: () => null, removeItem: (k) => void data.delete(k),
    getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v),
  };
}

const UA = 'TestBrowser/1.0';
const MEASURED = { requested: 'auto' as const, chosen: 'wasm', reason: 'auto: wasm fastest correct (wasm 0.4 ms, cpu 9 ms)', timings: 'wasm 0.4 ms, cpu 9 ms' };

describe('backend memory', () => {
  it('remembers a full auto measurement and reads it back', () => {
    const storage = memoryStorage();
    const memory = storageBackendMemory(storage, UA, () => 1000);
    expect(memory.read()).toBeNull();
    memory.write(MEASURED);
    expect(memory.read()).toEqual({ chosen: 'wasm', timings: 'wasm 0.4 ms, cpu 9 ms' });
  });

  it('ignores reports that did not measure every candidate, and explicit choices', () => {
    const storage = memoryStorage();
    const memory = storageBackendMemory(storage, UA, () => 1000);
    memory.write({ requested: 'auto', chosen: 'wasm', reason: 'auto: wasm … remembered' });
    memory.write({ ...MEASURED, requested: 'wasm' });
    expect(storage.data.size).toBe(0);
  });

  it('keeps the date of the first measurement while the answer stays the same', () => {
    const storage = memoryStorage();
    let now = 1000;
    const memory = storageBackendMemory(storage, UA, () => now);
    memory.write(MEASURED);
    now = 5000;
    memory.write(MEASURED);
    expect(JSON.parse(storage.data.get(BACKEND_MEMORY_KEY)!).at).toBe(1000);
    memory.write({ ...MEASURED, chosen: 'cpu', timings: 'cpu 1 ms, wasm 2 ms' });
    expect(JSON.parse(storage.data.get(BACKEND_MEMORY_KEY)!).at).toBe(5000);
  });

  it('forgets a record from another browser, an old one, or a malformed one', () => {
    const record = (patch: object) => JSON.stringify({ chosen: 'wasm', timings: 'wasm 1 ms', at: 1000, userAgent: UA, ...patch });
    expect(decodeMemory(record({}), UA, 2000)).toEqual({ chosen: 'wasm', timings: 'wasm 1 ms' });
    expect(decodeMemory(record({ userAgent: 'Other/2.0' }), UA, 2000)).toBeNull();
    expect(decodeMemory(record({}), UA, 1000 + BACKEND_MEMORY_MAX_AGE_MS + 1)).toBeNull();
    expect(decodeMemory(record({ at: 3000 }), UA, 2000)).toBeNull();
    expect(decodeMemory(record({ chosen: 'quantum' }), UA, 2000)).toBeNull();
    expect(decodeMemory(record({ timings: 7 }), UA, 2000)).toBeNull();
    expect(decodeMemory('{not json', UA, 2000)).toBeNull();
    expect(decodeMemory('null', UA, 2000)).toBeNull();
    expect(decodeMemory(null, UA, 2000)).toBeNull();
  });

  it('remembers nothing, without throwing, where storage is blocked', () => {
    const blocked = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const memory = storageBackendMemory(blocked, UA);
    expect(() => memory.write(MEASURED)).not.toThrow();
    expect(memory.read()).toBeNull();
  });
});
