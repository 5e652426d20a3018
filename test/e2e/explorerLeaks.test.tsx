// Re-running the probe 20 times (a new probe seed each time) leaks no tensors in the engine, read through
// the app's test-only hook (window.__repscopeTest.engineMemory: tf.memory() where the engine runs).
import { afterAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { engineMemory, fill, mountApp, probeSeedInput, settle, sleep, type Mounted } from './explorerHarness';

let m: Mounted | null = null;
afterAll(async () => { await m?.unmount(); }, 30_000);

describe('tensor leaks', () => {
  it('keeps the engine tensor count flat over 20 re-runs', async () => {
    await page.viewport(1280, 800);
    history.replaceState(null, '', location.pathname + location.search);
    m = mountApp();
    await settle(m);
    expect(window.__repscopeTest, 'the test hook is up while the app is mounted').toBeDefined();
    // one warm-up re-run, so caches that fill once are counted in the baseline
    await fill(probeSeedInput(m), '100');
    await sleep(300);
    await settle(m);
    const base = await engineMemory();
    const counts: number[] = [];
    for (let i = 1; i <= 20; i++) {
      await fill(probeSeedInput(m), String(100 + i));
      await sleep(300);
      await settle(m);
      counts.push((await engineMemory()).numTensors);
    }
    const end = await engineMemory();
    console.log(`[leaks] baseline ${base.numTensors} tensors / ${base.numBytes} bytes; after 20 re-runs ${end.numTensors} / ${end.numBytes}; per run: ${counts.join(' ')}`);
    expect(base.numTensors).toBeGreaterThan(0);
    expect(end.numTensors).toBe(base.numTensors);
    expect(Math.max(...counts)).toBe(base.numTensors);
    await m.unmount();
    m = null;
    expect(window.__repscopeTest, 'the test hook goes with the app').toBeUndefined();
  }, 540_000);
});
