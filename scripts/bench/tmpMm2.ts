import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { readTidy } from '../../src/analysis/linalgTf';
function jsXP(x64: Float64Array, p: Float64Array, out: Float64Array, n: number, d: number, w: number) {
  out.fill(0);
  for (let i = 0; i < n; i++) { const o = i * w; for (let j = 0; j < d; j++) { const a = x64[i * d + j]; const pb = j * w; for (let k = 0; k < w; k++) out[o + k] += a * p[pb + k]; } }
}
function jsRX(x64: Float64Array, r: Float64Array, out: Float64Array, n: number, d: number, w: number) {
  out.fill(0);
  for (let c = 0; c < w; c++) { const o = c * d; for (let i = 0; i < n; i++) { const a = r[c * n + i]; const xb = i * d; for (let j = 0; j < d; j++) out[o + j] += a * x64[xb + j]; } }
}
for (const backend of ['wasm', 'cpu'] as const) {
  await initBackend(backend);
  for (const [n, d, w] of [[50, 8, 4], [200, 16, 6], [400, 32, 10], [960, 64, 30], [960, 64, 4], [2000, 768, 10]]) {
    const x32 = Float32Array.from({ length: n * d }, () => Math.random() - 0.5);
    const x64 = Float64Array.from(x32);
    const p = Float64Array.from({ length: d * w }, () => Math.random());
    const r = Float64Array.from({ length: w * n }, () => Math.random());
    const xt = tf.tensor2d(x32, [n, d]);
    const o1 = new Float64Array(n * w), o2 = new Float64Array(w * d);
    const res: string[] = [];
    for (const [name, f] of [
      ['js', () => { jsXP(x64, p, o1, n, d, w); jsRX(x64, r, o2, n, d, w); }],
      ['tf', () => { readTidy(() => tf.matMul(xt, tf.tensor2d(Float32Array.from(p), [d, w]))); readTidy(() => tf.matMul(tf.tensor2d(Float32Array.from(r), [w, n]), xt)); }],
    ] as const) {
      for (let i = 0; i < 5; i++) f();
      let reps = 0; const t0 = performance.now();
      while (performance.now() - t0 < 300) { f(); reps++; }
      res.push(`${name} ${((performance.now() - t0) / reps).toFixed(4)} ms`);
    }
    xt.dispose();
    console.log(backend, `${n}×${d}×${w}`, n * d * w, res.join('  '));
  }
}
