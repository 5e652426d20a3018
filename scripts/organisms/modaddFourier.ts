// The Fourier view of modadd's number embeddings: the DFT over the P numbers of the embedding matrix, and
// how much of its (centred) squared norm each frequency holds. A grokked model keeps a few key frequencies.
import type { ModelWeights } from '../../src/model/weights';

export interface FrequencyShare {
  /** k in 1..(P−1)/2; cos and sin (k and P−k) are counted together. */
  frequency: number;
  share: number;
}

export interface FourierSummary {
  /** Frequencies by share, largest first; shares are of the centred embedding, so they sum to 1. */
  frequencies: FrequencyShare[];
  /** Share of the uncentred squared norm in frequency 0 (the mean embedding, which a PCA removes). */
  constantShare: number;
}

/** How many key frequencies the card and the metrics summarise. */
export const KEY_FREQUENCIES = 5;

/** Squared norm of DFT coefficient k of the rows of `rows` [p, d], summed over the d columns. */
function dftEnergy(rows: Float32Array, p: number, d: number, k: number): number {
  const re = new Float64Array(d);
  const im = new Float64Array(d);
  for (let n = 0; n < p; n++) {
    const angle = (2 * Math.PI * k * n) / p;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    for (let j = 0; j < d; j++) {
      re[j] += rows[n * d + j] * c;
      im[j] -= rows[n * d + j] * s;
    }
  }
  let e = 0;
  for (let j = 0; j < d; j++) e += re[j] * re[j] + im[j] * im[j];
  return e;
}

/** The spectrum of the first `p` rows of an embedding matrix stored row-major with `d` columns. */
export function fourierSummary(embedding: Float32Array, p: number, d: number): FourierSummary {
  const rows = embedding.subarray(0, p * d);
  const energy = Array.from({ length: p }, (_, k) => dftEnergy(rows, p, d, k));
  const total = energy.reduce((s, e) => s + e, 0);
  const centred = total - energy[0];
  const frequencies: FrequencyShare[] = [];
  for (let k = 1; 2 * k < p + 1; k++) {
    const both = k === p - k ? energy[k] : energy[k] + energy[p - k];
    frequencies.push({ frequency: k, share: centred > 0 ? both / centred : 0 });
  }
  frequencies.sort((x, y) => y.share - x.share || x.frequency - y.frequency);
  return { frequencies, constantShare: total > 0 ? energy[0] / total : 0 };
}

/** Share of the centred squared norm held by the `top` largest frequencies. */
export function topShare(s: FourierSummary, top = KEY_FREQUENCIES): number {
  return s.frequencies.slice(0, top).reduce((sum, f) => sum + f.share, 0);
}

/** Reads the token embedding back from the model (tensors stay alive: they belong to the model). */
export async function embeddingFourier(weights: ModelWeights, p: number): Promise<FourierSummary> {
  const [, d] = weights.wte.shape;
  return fourierSummary(await weights.wte.data() as Float32Array, p, d);
}
