// Reads one site's activations for a set of prompts, batch by batch (progress and cancel between
// batches), one matrix per layer, and keeps them in the session's cache under a canonical key.
// Position 'all' gives one row per token of the prompts under the token cap (padding left out).
import type { Matrix } from '../data/types';
import { TOKEN_ROW_CAP, tokenRows, type TokenRows } from '../data/tokenRows';
import { runWithCache } from '../model/cache';
import { blockHook, type BlockSite, type HookName } from '../model/hooks';
import type { Model } from '../model/model';
import type { ActivationSpec, TokenRowIndex } from './protocol';
import { modelInfo, requireModel, type EngineSession } from './session';
import type { JobContext } from './jobContext';

/** The cache key of one layer's matrix: everything the numbers depend on, in a fixed order. */
export function activationKey(modelId: string, spec: Pick<ActivationSpec, 'datasetKey' | 'site' | 'position' | 'tokenCap'>, layer: number): string {
  const cap = spec.position === 'all' ? tokenCapOf(spec) : null;
  return JSON.stringify(['act', modelId, spec.datasetKey, spec.site, spec.position, cap, layer]);
}

const tokenCapOf = (spec: Pick<ActivationSpec, 'tokenCap'>): number => spec.tokenCap ?? TOKEN_ROW_CAP;

function checkSpec(model: Model, spec: ActivationSpec, sites: readonly string[]): void {
  if (!sites.includes(spec.site)) throw new Error(`${model.id} has no site ${JSON.stringify(spec.site)} with one vector per token; choose one of ${sites.join(', ')}`);
  for (const l of spec.layers) {
    if (!Number.isInteger(l) || l < 0 || l >= model.config.nLayers) throw new Error(`layer ${l} does not exist: ${model.id} has layers 0 to ${model.config.nLayers - 1}`);
  }
  if (spec.prompts.length === 0) throw new Error('there are no prompts to run; load a dataset first');
}

/** Token ids of every prompt, with an error naming the first prompt the model cannot read. */
export function encodePrompts(model: Model, prompts: readonly string[]): number[][] {
  const tokenizer = model.tokenizer;
  if (!tokenizer) throw new Error(`${model.id} has no tokenizer, so it cannot read text prompts`);
  return prompts.map((text, i) => {
    const ids = tokenizer.encode(text).ids;
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    if (ids.length === 0) throw new Error(`prompt ${i + 1} (${shown}) has no tokens; remove empty prompts`);
    if (ids.length > model.config.nCtx) {
      throw new Error(`prompt ${i + 1} (${shown}) has ${ids.length} tokens, more than ${model.id}'s context of ${model.config.nCtx}; shorten it or remove it`);
    }
    return ids;
  });
}

type Cache = Map<HookName, { shape: number[]; data: Float32Array }>;

/** Copies each hook's [batch, …] rows into its layer matrix at row `offset`. */
function copyBatch(out: Matrix[], names: HookName[], cache: Cache, offset: number): void {
  names.forEach((name, k) => {
    const act = cache.get(name)!;
    out[k].data.set(act.data, offset * out[k].cols);
  });
}

/** Copies each hook's [batch, pos, …] tokens, without padding, into its layer matrix from row `offset`; returns the next row. */
function copyTokens(out: Matrix[], names: HookName[], cache: Cache, lengths: readonly number[], offset: number): number {
  let row = offset;
  names.forEach((name, k) => {
    const act = cache.get(name)!;
    const pos = act.shape[1], cols = out[k].cols;
    row = offset;
    lengths.forEach((len, b) => {
      out[k].data.set(act.data.subarray(b * pos * cols, (b * pos + len) * cols), row * cols);
      row += len;
    });
  });
  return row;
}

function featureCount(model: Model, site: string): number {
  const c = model.config;
  if (site.startsWith('attn.hook_')) return c.nHeads * c.dHead;
  if (site.startsWith('mlp.hook_')) return c.dMlp;
  return c.dModel;
}

/** With position 'all': the prompts' token ids and the rows they give under the spec's token cap. */
function tokenPlan(model: Model, spec: ActivationSpec): { ids: number[][]; rows: TokenRows } {
  const ids = encodePrompts(model, spec.prompts);
  return { ids, rows: tokenRows(ids.map((p) => p.length), tokenCapOf(spec)) };
}

/** Which (prompt, token) each row of a position-'all' spec is; null for per-prompt positions. */
export function tokenRowIndex(session: EngineSession, spec: ActivationSpec): TokenRowIndex | null {
  if (spec.position !== 'all') return null;
  const { rows } = tokenPlan(requireModel(session), spec);
  return { prompt: rows.prompt, token: rows.token };
}

/** Runs the forward passes for `layers` only, returning one matrix per layer (same order). */
async function computeLayers(session: EngineSession, spec: ActivationSpec, layers: number[], ctx: JobContext): Promise<Matrix[]> {
  const model = requireModel(session);
  const all = spec.position === 'all' ? tokenPlan(model, spec) : null;
  const ids = all ? all.ids.slice(0, all.rows.prompts) : encodePrompts(model, spec.prompts);
  const rows = all ? all.rows.rows : ids.length;
  const names = layers.map((l) => blockHook(l, spec.site as BlockSite));
  const cols = featureCount(model, spec.site);
  const out = layers.map((): Matrix => ({ data: new Float32Array(rows * cols), rows, cols }));
  const what = `Reading ${spec.site} activations`;
  let row = 0;
  for (let start = 0; start < ids.length; start += session.batchSize) {
    ctx.progress(what, start, ids.length);
    await ctx.pause();
    const batch = ids.slice(start, start + session.batchSize);
    const { cache, lengths } = await runWithCache(model, batch, { names, position: spec.position });
    if (all) row = copyTokens(out, names, cache, lengths, row);
    else copyBatch(out, names, cache, start);
  }
  ctx.progress(what, ids.length, ids.length);
  return out;
}

/** The matrices of `spec.layers` (in that order), from the cache where possible. */
export async function readActivations(session: EngineSession, spec: ActivationSpec, ctx: JobContext): Promise<Matrix[]> {
  const model = requireModel(session);
  checkSpec(model, spec, modelInfo(model).sites);
  const key = (l: number) => activationKey(model.id, spec, l);
  const missing = [...new Set(spec.layers.filter((l) => session.cache.get(key(l)) === undefined))];
  if (missing.length > 0) {
    const computed = await computeLayers(session, spec, missing, ctx);
    missing.forEach((l, k) => session.cache.set(key(l), computed[k]));
  }
  return spec.layers.map((l) => {
    const m = session.cache.get(key(l));
    if (!m) throw new Error('the activation cache is too small for this many layers; run fewer prompts');
    return m;
  });
}
