// How dense a patching "circuit" is: patch the components with the largest |effect| together, top 1, top 2,
// …, and count how many it takes to recover 50 / 80 / 90% of the clean − corrupt difference.

/** Fractions of the effect that the density curve reports the component count for. */
export const DENSITY_FRACTIONS = [0.5, 0.8, 0.9] as const;

export interface DensityCurve {
  /** Component indices (into the heat map's cells), by |recovery| alone, largest first; ties by index. */
  order: number[];
  /** recovery[k − 1]: the normalised recovery with the top k components patched together. */
  recovery: number[];
  /** For each fraction, the fewest top components whose joint patch recovers at least it; null if no k does. */
  needed: { fraction: number; components: number | null }[];
}

/** Sorts by |value|, largest first; equal magnitudes keep index order so the curve is reproducible. */
export function orderByMagnitude(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
}

/** The first k (1-based) whose recovery reaches each fraction. */
export function componentsNeeded(recovery: readonly number[]): DensityCurve['needed'] {
  return DENSITY_FRACTIONS.map((fraction) => {
    const k = recovery.findIndex((r) => r >= fraction);
    return { fraction, components: k < 0 ? null : k + 1 };
  });
}

/**
 * Measures the curve: `run` takes rows of component indices (row k patches the top k + 1 together) and
 * returns each row's normalised recovery. Joint patches are measured, not summed, because effects interact.
 */
export async function densityCurve(values: readonly number[], run: (rows: number[][]) => Promise<number[]>): Promise<DensityCurve> {
  const order = orderByMagnitude(values);
  const rows = order.map((_, k) => order.slice(0, k + 1));
  const recovery = await run(rows);
  return { order, recovery, needed: componentsNeeded(recovery) };
}
