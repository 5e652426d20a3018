// What the model card says, as plain rows for the card panel: what the model is, its architecture, how it
// was trained and on what, and its evaluation targets with the measured values. Reads card.json
// defensively (a user's model has none; a card may lack any section), never trusting its types.
import type { ModelInfo } from '../workers/protocol';
import { parameterText } from './selectors';

export interface CardTarget {
  metric: string;
  description: string;
  /** "≥ 0.95" or "≤ 0.05". */
  bound: string;
  value: string;
  pass: boolean | null;
}

export interface CardSummary {
  title: string;
  description: string | null;
  /** [label, value] pairs. */
  architecture: [string, string][];
  training: [string, string][];
  trainingData: string | null;
  reproduce: string | null;
  targets: CardTarget[];
  /** One line per reading of the decodable-vs-causal record, when the card has one. */
  causal: string[];
  /** Why there is little to show (a model without a card). */
  note: string | null;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (o: unknown, key: string): unknown => (isRec(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: number): string => (Number.isInteger(v) ? v.toLocaleString('en-US') : String(+v.toPrecision(4)));

function architectureRows(info: ModelInfo, card: unknown): [string, string][] {
  const arch = field(card, 'architecture');
  const act = str(field(arch, 'act'));
  const rows: [string, string][] = [
    ['layers', String(info.nLayers)],
    ['d_model', String(info.dModel)],
    ['heads × d_head', `${info.nHeads} × ${info.dHead}`],
    ['d_mlp', String(info.dMlp)],
    ['context', `${info.nCtx} tokens`],
    ['vocabulary', `${info.dVocab.toLocaleString('en-US')} (${info.tokenizer ?? 'no'} tokenizer)`],
    ['parameters', `${parameterText(info.parameterCount)} (${info.parameterCount.toLocaleString('en-US')})`],
  ];
  if (act) rows.push(['activation', act]);
  if (field(arch, 'attnOnly') === true) rows.push(['blocks', 'attention only']);
  return rows;
}

function trainingRows(card: unknown): [string, string][] {
  const t = field(card, 'training');
  if (!isRec(t)) return [];
  const rows: [string, string][] = [];
  const add = (label: string, key: string, unit = '') => {
    const v = num(t[key]);
    if (v !== null) rows.push([label, `${fmt(v)}${unit}`]);
  };
  add('steps', 'steps');
  add('batch size', 'batchSize');
  add('peak learning rate', 'lr');
  const schedule = str(t.schedule);
  if (schedule) rows.push(['schedule', `${schedule}${num(t.warmupSteps) !== null ? `, ${fmt(num(t.warmupSteps)!)} warm-up steps` : ''}`]);
  add('weight decay', 'weightDecay');
  add('tokens seen', 'tokens');
  add('seed', 'seed');
  add('wall time', 'wallSeconds', ' s');
  const machine = str(t.machine);
  if (machine) rows.push(['trained on', `${machine}${str(t.backend) ? `, tfjs ${str(t.backend)}` : ''}`]);
  return rows;
}

function targetRows(card: unknown): CardTarget[] {
  const targets = field(card, 'targets');
  if (!Array.isArray(targets)) return [];
  return targets.flatMap((t): CardTarget[] => {
    const metric = str(field(t, 'metric'));
    if (metric === null) return [];
    const min = num(field(t, 'min'));
    const max = num(field(t, 'max'));
    const value = num(field(t, 'value'));
    const pass = field(t, 'pass');
    return [{
      metric, description: str(field(t, 'description')) ?? '',
      bound: min !== null ? `≥ ${fmt(min)}` : max !== null ? `≤ ${fmt(max)}` : '',
      value: value === null ? '–' : fmt(value), pass: typeof pass === 'boolean' ? pass : null,
    }];
  });
}

function causalLines(card: unknown): string[] {
  const readings = field(field(card, 'causal'), 'readings');
  if (!Array.isArray(readings)) return [];
  return readings.flatMap((r) => {
    const where = str(field(r, 'where')) ?? str(field(r, 'name'));
    const best = field(r, 'best');
    const one = field(best, 'oneshot');
    const cont = field(best, 'continual');
    const [l1, a1, s1] = [num(field(one, 'layer')), num(field(one, 'alpha')), num(field(one, 'success'))];
    if (where === null || l1 === null || a1 === null || s1 === null) return [];
    const s2 = num(field(cont, 'success'));
    return [`at ${where}: best steering at layer ${l1} (α ${fmt(a1)}): ${fmt(s1)} one-shot${s2 === null ? '' : `, ${fmt(s2)} continual`}`];
  });
}

/** The card panel's content for the loaded model (its ModelInfo carries the parsed card.json, or null). */
export function cardSummary(info: ModelInfo, catalogTitle: string | null): CardSummary {
  const card = info.card;
  const title = str(field(card, 'title')) ?? catalogTitle ?? info.id;
  const note = isRec(card) ? null : `${info.id} came without a model card (card.json), so only its configuration is known.`;
  return {
    title, description: str(field(card, 'description')), architecture: architectureRows(info, card), training: trainingRows(card),
    trainingData: str(field(field(card, 'trainingData'), 'note')) ?? str(field(field(card, 'task'), 'trainingData')),
    reproduce: str(field(card, 'reproduce')), targets: targetRows(card), causal: causalLines(card), note,
  };
}
