// The low-dimensional similarity curve 1 / (1 + a·d^(2b)) of UMAP, with a and b fitted by least squares
// (Levenberg–Marquardt) to the target "1 within minDist, then exp(−(d − minDist) / spread)".

export interface CurveParams {
  a: number;
  b: number;
}

/** Sample points on [0, 3·spread], as in the UMAP paper's reference implementation. */
const SAMPLES = 300;
const MAX_ITERATIONS = 500;

/** Fits (a, b) for the given minDist ≥ 0 and spread > 0 (minDist ≤ spread). */
export function fitCurveParams(minDist: number, spread: number): CurveParams {
  if (!(spread > 0) || !Number.isFinite(spread)) throw new Error(`spread must be a finite number > 0, got ${spread}`);
  if (!(minDist >= 0) || minDist > spread) throw new Error(`minDist must be between 0 and spread (${spread}), got ${minDist}`);
  const xs = new Float64Array(SAMPLES);
  const ys = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    xs[i] = (3 * spread * i) / (SAMPLES - 1);
    ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
  }
  return levenbergMarquardt(xs, ys);
}

function sumSquares(xs: Float64Array, ys: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - 1 / (1 + a * Math.pow(xs[i], 2 * b));
    sum += r * r;
  }
  return sum;
}

interface NormalEquations {
  /** JᵀJ entries and the gradient Jᵀr, for J the model's derivatives in (a, b) and r the residuals. */
  haa: number;
  hab: number;
  hbb: number;
  ga: number;
  gb: number;
}

function normalEquations(xs: Float64Array, ys: Float64Array, a: number, b: number): NormalEquations {
  const eq = { haa: 0, hab: 0, hbb: 0, ga: 0, gb: 0 };
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const p = x > 0 ? Math.pow(x, 2 * b) : 0;
    const f = 1 / (1 + a * p);
    const da = -p * f * f;
    const db = x > 0 ? -a * p * 2 * Math.log(x) * f * f : 0;
    const r = ys[i] - f;
    eq.haa += da * da;
    eq.hab += da * db;
    eq.hbb += db * db;
    eq.ga += da * r;
    eq.gb += db * r;
  }
  return eq;
}

/** Damped Gauss–Newton (Levenberg–Marquardt) on the two parameters, from (1, 1); the system is 2×2. */
function levenbergMarquardt(xs: Float64Array, ys: Float64Array): CurveParams {
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let cost = sumSquares(xs, ys, a, b);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    const { haa, hab, hbb, ga, gb } = normalEquations(xs, ys, a, b);
    const daa = haa * (1 + lambda);
    const dbb = hbb * (1 + lambda);
    const det = daa * dbb - hab * hab;
    const stepA = (dbb * ga - hab * gb) / det;
    const stepB = (daa * gb - hab * ga) / det;
    const trial = sumSquares(xs, ys, a + stepA, b + stepB);
    if (trial < cost && a + stepA > 0 && b + stepB > 0) {
      a += stepA;
      b += stepB;
      cost = trial;
      lambda = Math.max(lambda / 10, 1e-12);
    } else {
      // No progress even at heavy damping means we sit at the minimum (to rounding).
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return { a, b };
}
