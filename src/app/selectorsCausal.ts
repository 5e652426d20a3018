// Pure reads for the Causal tab: the classes and target column a dataset offers, the band of layers and
// site a model allows, the direction a view asks for (fitted or uploaded), and the prompts each causal
// job runs on (steered rows, the patching pair, the lens and attention prompts).
import type { Dataset, PromptRow } from '../data/types';
import type { CausalView, ViewState } from '../data/urlState';
import type { ModelInfo } from '../workers/protocol';
import type { DirectionRequest, SteerPositions } from '../workers/protocolCausal';
import { datasetKey } from './keys';
import type { CausalIdentity, DirectionIdentity } from './keysCausal';
import { POSITIVE_WORDS, contrastPairs, labelColumn, runRows } from './selectors';
import type { AppState } from './store';

/** The column read as each prompt's wanted answer when the view names none. */
export const DEFAULT_TARGET_COLUMN = 'answer';
/** Residual-stream sites a direction can be added to or removed from. */
export const STEER_SITES = ['hook_resid_pre', 'hook_resid_mid', 'hook_resid_post'];
/** The most prompts the ablation job takes (the engine's cap for one job). */
export const ABLATE_MAX_PROMPTS = 512;

export interface CausalContext {
  model: ModelInfo;
  backend: string;
  dataset: Dataset;
  rows: PromptRow[];
  id: CausalIdentity;
  causal: CausalView;
  /** Label column whose classes the direction separates (null: the dataset has none). */
  column: string | null;
  classes: string[];
  positive: string | null;
  /** Column of the wanted answers (null: none). */
  targetColumn: string | null;
  /** The band of blocks, clamped to the model. */
  layers: number[];
  site: string;
  sites: string[];
}

/** The distinct values of `column` among `rows`, in order of first appearance. */
export function classesOf(rows: readonly PromptRow[], column: string | null): string[] {
  if (column === null) return [];
  return [...new Set(rows.flatMap((r) => { const v = r.labels.get(column); return v === undefined ? [] : [v]; }))];
}

/** Columns any of the first rows has (label columns and others, such as `answer`). */
export function columnsOf(rows: readonly PromptRow[]): string[] {
  return [...new Set(rows.slice(0, 50).flatMap((r) => [...r.labels.keys()]))];
}

function positiveOf(classes: readonly string[], chosen: string | null): string | null {
  if (chosen !== null && classes.includes(chosen)) return chosen;
  return classes.find((c) => POSITIVE_WORDS.has(c.trim().toLowerCase())) ?? classes[0] ?? null;
}

/** Everything the causal jobs share, or null before a model that reads text and a dataset are loaded. */
export function causalContext(state: AppState): CausalContext | null {
  const { view, dataset } = state;
  const model = state.engine.model;
  if (!model || !dataset || dataset.rows.length === 0 || model.tokenizer === null || state.engine.loading !== null) return null;
  const rows = runRows(dataset, view.maxPrompts).rows;
  const causal = view.causal;
  const d = causal.direction;
  const column = d.column !== null && dataset.labelColumns.includes(d.column) ? d.column : labelColumn(view, dataset);
  const classes = classesOf(rows, column);
  const columns = columnsOf(rows);
  const wanted = causal.steer.target ?? DEFAULT_TARGET_COLUMN;
  const sites = STEER_SITES.filter((s) => model.sites.includes(s));
  const top = Math.max(0, model.nLayers - 1);
  const [from, to] = [Math.min(d.layers[0], top), Math.min(d.layers[1], top)];
  return {
    model, backend: state.engine.backend?.chosen ?? '', dataset, rows, causal,
    id: { model: model.id, backend: state.engine.backend?.chosen ?? '', dataset: datasetKey(dataset, rows.length) },
    column, classes, positive: positiveOf(classes, d.positive), targetColumn: columns.includes(wanted) ? wanted : null,
    layers: Array.from({ length: to - from + 1 }, (_, i) => from + i),
    site: sites.includes(d.site) ? d.site : (sites[0] ?? d.site), sites,
  };
}

export type ResolvedDirection = { request: DirectionRequest; identity: DirectionIdentity } | { missing: string };

/** The direction the view asks for, at the band's layers, or why there is none yet. */
export function directionOf(ctx: CausalContext, state: AppState, layers: number[] = ctx.layers): ResolvedDirection {
  const d = ctx.causal.direction;
  if (d.method === 'uploaded') {
    const got = state.upload.direction;
    if (d.upload === null) return { missing: 'Upload a direction (.npy or JSON) to steer along it.' };
    if (got === null || got.hash !== d.upload.hash) return { missing: `This view uses the uploaded direction ${d.upload.name} [${d.upload.shape.join(', ')}]; drop that file here to use it.` };
    return { request: { kind: 'vector', data: got.data, name: got.name }, identity: { kind: 'vector', hash: got.hash } };
  }
  if (ctx.column === null || ctx.positive === null || ctx.classes.length < 2) {
    return { missing: 'Fitting a direction needs a label column with two or more classes; pick another dataset or upload a direction.' };
  }
  const pairs = contrastPairs(ctx.rows, ctx.column);
  if (d.method === 'pcadiff' && pairs.length === 0) return { missing: 'PCA of differences needs contrast pairs (a pair column); choose mean difference or a probe.' };
  const read = d.read;
  const request: DirectionRequest = {
    kind: 'fit', method: d.method, labels: ctx.rows.map((r) => r.labels.get(ctx.column!) ?? null), positive: ctx.positive, pairs,
    data: { datasetKey: ctx.id.dataset, prompts: ctx.rows.map((r) => r.text), site: ctx.site, position: read, layers },
  };
  return { request, identity: { kind: 'fit', method: d.method, column: ctx.column, positive: ctx.positive, site: ctx.site, read, layers } };
}

/** Rows steered: those outside the positive class (every row without labels), up to the view's cap. */
export function steerRows(ctx: CausalContext): number[] {
  const out: number[] = [];
  ctx.rows.forEach((r, i) => {
    if (out.length >= ctx.causal.steer.prompts) return;
    const label = ctx.column === null ? null : (r.labels.get(ctx.column) ?? null);
    if (ctx.column === null || (label !== null && label !== ctx.positive)) out.push(i);
  });
  return out;
}

export function targetsOf(ctx: CausalContext, indices: readonly number[]): (string | null)[] {
  return indices.map((i) => (ctx.targetColumn === null ? null : (ctx.rows[i].labels.get(ctx.targetColumn) ?? null)));
}

export function steerPositions(p: CausalView['steer']['positions']): SteerPositions {
  return typeof p === 'number' ? [p] : p;
}

export interface PatchPair {
  id: string;
  clean: string;
  corrupt: string;
}

/** The dataset's contrast pairs as clean (positive) and corrupt (negative) prompts. */
export function patchPairs(ctx: CausalContext): PatchPair[] {
  return contrastPairs(ctx.rows, ctx.column).map(([p, n]) => ({ id: ctx.rows[p].pair ?? String(p), clean: ctx.rows[p].text, corrupt: ctx.rows[n].text }));
}

/** The clean and corrupt prompts: the typed ones, else the chosen pair's (the first pair by default). */
export function patchPrompts(ctx: CausalContext): { pair: PatchPair | null; clean: string; corrupt: string } {
  const pairs = patchPairs(ctx);
  const p = ctx.causal.patch;
  const pair = pairs.find((x) => x.id === p.pair) ?? pairs[0] ?? null;
  return { pair, clean: p.clean || pair?.clean || '', corrupt: p.corrupt || pair?.corrupt || '' };
}

/** A lens or attention prompt: the typed text, else the chosen row's (clamped to the rows that run). */
export function promptOf(ctx: CausalContext, row: number, text: string): { text: string; row: PromptRow | null } {
  if (text !== '') return { text, row: null };
  const r = ctx.rows[Math.min(row, ctx.rows.length - 1)];
  return { text: r.text, row: r };
}

/** The lens prompt and the token it ranks: the typed target, else the row's answer. */
export function lensInputs(ctx: CausalContext): { text: string; target: string | null } {
  const { text, row } = promptOf(ctx, ctx.causal.lens.row, ctx.causal.lens.text);
  const answer = row && ctx.targetColumn !== null ? (row.labels.get(ctx.targetColumn) ?? null) : null;
  return { text, target: ctx.causal.lens.target || answer };
}

/** True when the view shows the Causal tab. */
export const onCausalTab = (view: ViewState) => view.tab === 'causal';
