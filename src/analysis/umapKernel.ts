// The SGD gradient coefficients of UMAP as functions of the squared distance d², tabulated: Math.pow
// took 80% of an epoch, and a table read costs a fifth of it. Cells follow d²'s float32 bit pattern
// (exponent + top 8 mantissa bits), so linear interpolation is accurate to ~1e-5 relative at any scale.

/** Mantissa bits that select a cell: 256 cells per octave of d². */
const CELL_BITS = 8;
const SHIFT = 23 - CELL_BITS;
const FRACTION_MASK = (1 << SHIFT) - 1;
const FRACTION_SCALE = 1 / (1 << SHIFT);
/** Octaves covered: d² from 2^−40 to 2^40; outside them the exact formula runs (rare: coincident or far-flung points). */
const LOWEST_OCTAVE = -40;
const HIGHEST_OCTAVE = 40;
const FIRST_CELL = ((127 + LOWEST_OCTAVE) << 23) >> SHIFT;
const CELLS = (HIGHEST_OCTAVE - LOWEST_OCTAVE) << CELL_BITS;

/** Shared scratch for reading a float32's bits; one per module, so no allocation per call. */
const FLOAT = new Float32Array(1);
const BITS = new Int32Array(FLOAT.buffer);

/** Added to d² in the repulsive term so that nearly coincident points get a large but finite push. */
export const REPULSION_EPSILON = 0.001;

/**
 * attract(d²) = −2ab·d^(2(b−1)) / (1 + a·d^(2b)) and repel(d²) = 2γb / ((ε + d²)(1 + a·d^(2b))): the
 * factors that multiply (y_i − y_j) in the gradients of the attractive and repulsive terms.
 */
export class GradientKernel {
  private readonly attractTable: Float32Array;
  private readonly repelTable: Float32Array;

  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly gamma: number,
  ) {
    this.attractTable = new Float32Array(CELLS + 1);
    this.repelTable = new Float32Array(CELLS + 1);
    for (let cell = 0; cell <= CELLS; cell++) {
      BITS[0] = (cell + FIRST_CELL) << SHIFT;
      this.attractTable[cell] = this.exactAttract(FLOAT[0]);
      this.repelTable[cell] = this.exactRepel(FLOAT[0]);
    }
  }

  exactAttract(d2: number): number {
    const p = Math.pow(d2, this.b - 1);
    return (-2 * this.a * this.b * p) / (this.a * p * d2 + 1);
  }

  exactRepel(d2: number): number {
    return (2 * this.gamma * this.b) / ((REPULSION_EPSILON + d2) * (this.a * Math.pow(d2, this.b) + 1));
  }

  /** For d² > 0. */
  attract(d2: number): number {
    FLOAT[0] = d2;
    const bits = BITS[0];
    const cell = (bits >> SHIFT) - FIRST_CELL;
    if (cell < 0 || cell >= CELLS) return this.exactAttract(d2);
    const table = this.attractTable;
    const lo = table[cell];
    return lo + (table[cell + 1] - lo) * ((bits & FRACTION_MASK) * FRACTION_SCALE);
  }

  /** For d² > 0. */
  repel(d2: number): number {
    FLOAT[0] = d2;
    const bits = BITS[0];
    const cell = (bits >> SHIFT) - FIRST_CELL;
    if (cell < 0 || cell >= CELLS) return this.exactRepel(d2);
    const table = this.repelTable;
    const lo = table[cell];
    return lo + (table[cell + 1] - lo) * ((bits & FRACTION_MASK) * FRACTION_SCALE);
  }
}
