import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend';
import { readTidy } from '../../src/analysis/linalgTf';
await initBackend('wasm');
const n = 960, d = 64, w = 30;
const x32 = Float32Array.from({ length: n * d }, () => Math.random() - 0.5);
const x64 = Float64Array.from(x32);
const p = Float64Array.from({ length: d * w }, () => Math.random());
const r = Float64Array.from({ length: w * n }, () => Math.random());
const xt = tf.tensor2d(x32, [n, d]);
function jsXP(out: Float64Array) { // [n,w] = X[n,d]·P[d,w]
  out.fill(0);
  for (let i = 0; i < n; i++) { const o = i * w; for (let j = 0; j < d; j++) { const a = x64[i * d + j]; const pb = j * w; for (let k = 0; k < w; k++) out[o + k] += a * p[pb + k]; } }
}
function jsRX(out: Float64Array) { // [w,d] = R[w,n]·X[n,d]
  out.fill(0);
  for (let c = 0; c < w; c++) { const o = c * d; for (let i = 0; i < n; i++) { const a = r[c * n + i]; const xb = i * d; for (let j = 0; j < d; j++) out[o + j] += a * x64[xb + j]; } }
}
const o1 = new Float64Array(n * w), o2 = new Float64Array(w * d);
const reps = 300;
for (const [name, f] of [
  ['js XP', () => jsXP(o1)], ['js RX', () => jsRX(o2)],
  ['tf XP', () => readTidy(() => tf.matMul(xt, tf.tensor2d(Float32Array.from(p), [d, w])))],
  ['tf RX', () => readTidy(() => tf.matMul(tf.tensor2d(Float32Array.from(r), [w, n]), xt))],
] as const) {
  for (let i = 0; i < 30; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const ms = (performance.now() - t0) / reps;
  console.log(name, ms.toFixed(3), 'ms', ((n * d * w) / ms / 1e6).toFixed(2), 'GMAC/s');
}
