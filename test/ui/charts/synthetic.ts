// Seeded synthetic data for chart tests and the demo page: clustered 2-D projections per layer,
// prompts with a read token, probe scores, per-layer series and layer × layer matrices.
import type { ProbeChartData } from '../../../src/ui/charts/probeLayout';

/** mulberry32: a small seeded generator, enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  const u = Math.max(1e-12, rand()), v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export interface Clusters {
  points: Float32Array;
  categories: Int32Array;
}

/** n points in `k` Gaussian clusters whose separation grows with `separation` (0 = one blob). */
export function clusters(n: number, k: number, seed: number, separation = 1): Clusters {
  const rand = rng(seed);
  const points = new Float32Array(2 * n);
  const categories = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    const angle = (2 * Math.PI * c) / k;
    categories[i] = c;
    points[2 * i] = 4 * separation * Math.cos(angle) + gaussian(rand) * (1 + 0.3 * c);
    points[2 * i + 1] = 2.5 * separation * Math.sin(angle) + gaussian(rand);
  }
  return { points, categories };
}

/** One projection per layer: clusters separating with depth, each randomly rotated (as PCA would). */
export function layerProjections(n: number, k: number, layers: number, seed: number): { projections: Float32Array[]; categories: Int32Array } {
  const rand = rng(seed + 1);
  const projections: Float32Array[] = [];
  let categories: Int32Array = new Int32Array(n);
  for (let l = 0; l < layers; l++) {
    const sep = Math.min(1.4, (l / Math.max(1, layers - 1)) * 1.6);
    const c = clusters(n, k, seed, sep);
    categories = c.categories;
    const th = rand() * 2 * Math.PI, flip = rand() < 0.5 ? -1 : 1;
    const p = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const x = c.points[2 * i], y = flip * c.points[2 * i + 1];
      p[2 * i] = (x * Math.cos(th) - y * Math.sin(th)) * (1 + l * 0.2);
      p[2 * i + 1] = (x * Math.sin(th) + y * Math.cos(th)) * (1 + l * 0.2);
    }
    projections.push(p);
  }
  return { projections, categories };
}

const SUBJECTS = ['The capital of France', 'Water', 'The Moon', 'A spider', 'Mount Everest', 'The Pacific Ocean', 'Gold', 'The heart'];
const CLAIMS = ['is Paris', 'boils at 100 degrees Celsius at sea level', 'orbits the Earth', 'has six legs', 'is the tallest mountain', 'is the smallest ocean', 'is a noble gas', 'pumps blood'];

/** A prompt for point i and the [start, end) of its last word (the read token). */
export function prompt(i: number): { text: string; highlight: [number, number] } {
  const text = `${SUBJECTS[i % SUBJECTS.length]} ${CLAIMS[(i * 7 + 3) % CLAIMS.length]}. Is this statement true? Answer`;
  const start = text.lastIndexOf(' ') + 1;
  return { text, highlight: [start, text.length] };
}

/** Probe scores rising with depth, a control task near chance plus memorisation, shuffled near chance. */
export function probeData(layers: number, seed: number): ProbeChartData {
  const rand = rng(seed);
  const names = Array.from({ length: layers }, (_, i) => (i === 0 ? 'embed' : String(i - 1)));
  const rise = (i: number) => 1 / (1 + Math.exp(-(i - layers * 0.45) / (layers * 0.12)));
  return {
    layers: names,
    probe: names.map((_, i) => ({ mean: 0.55 + 0.4 * rise(i) - 0.04 * (i / layers) ** 4, std: 0.012 + 0.02 * rand() })),
    control: names.map((_, i) => ({ mean: 0.56 + 0.12 * rise(i), std: 0.015 + 0.015 * rand() })),
    shuffled: names.map(() => ({ mean: 0.5 + 0.03 * (rand() - 0.5), std: 0.02 + 0.01 * rand() })),
    majority: 0.52,
  };
}

/** Linear CKA-like similarity: 1 on the diagonal, falling with layer distance. */
export function ckaMatrix(layers: number): Float32Array {
  const m = new Float32Array(layers * layers);
  for (let i = 0; i < layers; i++) for (let j = 0; j < layers; j++) m[i * layers + j] = Math.exp(-Math.abs(i - j) / (layers * 0.35)) * (i === j ? 1 : 0.97);
  return m;
}

/** Cosine between directions of different layers: signed, strongest near the diagonal. */
export function cosineMatrix(layers: number, seed: number): Float32Array {
  const rand = rng(seed);
  const m = new Float32Array(layers * layers);
  for (let i = 0; i < layers; i++) {
    for (let j = 0; j <= i; j++) {
      const v = i === j ? 1 : Math.exp(-Math.abs(i - j) / 3) * 0.9 - 0.25 + 0.1 * (rand() - 0.5);
      m[i * layers + j] = m[j * layers + i] = v;
    }
  }
  return m;
}
