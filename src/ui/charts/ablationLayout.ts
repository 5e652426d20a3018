// Pure data for the ablation view: behaviour before and after projecting the direction out, and probe
// accuracy per layer before vs after as two series for the per-layer line chart.
import type { AblateView } from './causalResults';
import { toCsv } from './csv';
import type { LineSeries } from './lineLayout';

export interface BehaviourRow {
  name: string;
  before: number;
  after: number;
  /** after − before. */
  change: number;
}

export function behaviourRows(result: AblateView): BehaviourRow[] {
  const row = (name: string, before: number, after: number) => ({ name, before, after, change: after - before });
  return [
    row('mean target probability', result.before.meanTargetProb, result.after.meanTargetProb),
    row('top-1 hit rate', result.before.top1, result.after.top1),
  ];
}

/** Layer names and the before / after accuracy series (mean ± std over folds). */
export function probeSeries(result: AblateView): { layers: string[]; series: LineSeries[] } {
  return {
    layers: result.probes.map((p) => String(p.layer)),
    series: [
      { name: 'before ablation', values: result.probes.map((p) => p.before.mean), std: result.probes.map((p) => p.before.std) },
      { name: 'after ablation', values: result.probes.map((p) => p.after.mean), std: result.probes.map((p) => p.after.std) },
    ],
  };
}

export function behaviourCsv(result: AblateView): string {
  return toCsv(['measure', 'before', 'after', 'change'], behaviourRows(result).map((r) => [r.name, r.before, r.after, r.change]));
}
