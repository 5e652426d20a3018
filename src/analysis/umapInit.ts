// UMAP's starting layout: spectral (the graph Laplacian's eigenvectors), PCA of the data, or uniform
// random; each is rescaled to the box [0, 10]^dim, where the learning-rate schedule expects it.
import type { Matrix } from '../data/types';
import type { Rng } from '../data/random';
import { applyPca, fitPca } from './pca';
import type { FuzzyGraph } from './umapGraph';
import { spectralLayout } from './umapSpectral';

export type UmapInit = 'spectral' | 'random' | 'pca';

export interface InitialLayout {
  /** [n·dim] point-major, in [0, 10]. */
  embedding: Float32Array;
  /** The method actually used (after any fallback). */
  used: UmapInit;
  /** Why a fallback happened, if one did. */
  notes: string[];
}

/** Side of the box the layout starts in. */
const BOX = 10;
/** Noise added to spectral and PCA layouts, so that no two points start exactly together. */
const JITTER = 1e-4;

export function initialLayout(x: Matrix, graph: FuzzyGraph, dim: number, init: UmapInit, rng: Rng): InitialLayout {
  const n = x.rows;
  const notes: string[] = [];
  let coords: Float64Array | null = null;
  if (init === 'spectral') {
    const spectral = spectralLayout(graph, dim, rng);
    coords = spectral.coords;
    if (coords === null) notes.push(`spectral initialisation fell back to random: ${spectral.reason}`);
  } else if (init === 'pca') {
    const pca = pcaLayout(x, dim, rng);
    coords = pca.coords;
    if (coords === null) notes.push(`PCA initialisation fell back to random: ${pca.reason}`);
  }
  const used: UmapInit = coords === null ? 'random' : init;
  if (coords === null) {
    coords = new Float64Array(n * dim);
    for (let i = 0; i < coords.length; i++) coords[i] = BOX * (2 * rng.next() - 1);
  } else {
    jitter(coords, rng);
  }
  return { embedding: rescaleToBox(coords, n, dim), used, notes };
}

function pcaLayout(x: Matrix, dim: number, rng: Rng): { coords: Float64Array | null; reason?: string } {
  if (x.rows < 2) return { coords: null, reason: 'PCA needs at least 2 rows' };
  try {
    const fit = fitPca(x, { k: dim, seed: rng.int(0x7fffffff) });
    const projected = applyPca(fit, x);
    const coords = new Float64Array(x.rows * dim);
    // Fewer components than dim (rank-deficient data) leave the remaining coordinates at 0.
    for (let i = 0; i < x.rows; i++) {
      for (let c = 0; c < projected.cols; c++) coords[i * dim + c] = projected.data[i * projected.cols + c];
    }
    return { coords };
  } catch (error) {
    return { coords: null, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Scales to max |v| = BOX and adds tiny normal noise. */
function jitter(coords: Float64Array, rng: Rng): void {
  let max = 0;
  for (let i = 0; i < coords.length; i++) max = Math.max(max, Math.abs(coords[i]));
  const scale = max > 0 ? BOX / max : 1;
  for (let i = 0; i < coords.length; i++) coords[i] = coords[i] * scale + JITTER * rng.normal();
}

/** Each column mapped affinely onto [0, BOX]; a constant column becomes 0. */
function rescaleToBox(coords: Float64Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let c = 0; c < dim; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, coords[i * dim + c]);
      hi = Math.max(hi, coords[i * dim + c]);
    }
    const scale = hi > lo ? BOX / (hi - lo) : 0;
    for (let i = 0; i < n; i++) out[i * dim + c] = (coords[i * dim + c] - lo) * scale;
  }
  return out;
}
