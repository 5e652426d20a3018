// Activation patching: run a clean and a corrupt prompt, copy clean activations into the corrupt run one
// component at a time (batched), and report how much of the metric each recovers, per site as a heat map.
import { runModel, type ActivationCache, type ModelCore } from '../model/cache';
import { blockHook, type BlockSite, type HookName } from '../model/hooks';
import { runForMetric, runPatchedRows, type CancelSignal, type PatchCell, type PatchMetric } from './patchingRuns';
import { densityCurve, type DensityCurve } from './patchingDensity';

export { PatchingCancelled, type CancelSignal, type PatchCell, type PatchMetric } from './patchingRuns';
export type { DensityCurve } from './patchingDensity';

/** Where components are patched: the residual stream entering a block, a block's outputs, or single heads. */
export const PATCH_SITES = ['resid_pre', 'attn_out', 'mlp_out', 'heads'] as const;
export type PatchSite = (typeof PATCH_SITES)[number];

const SITE_HOOK: Record<PatchSite, BlockSite> = { resid_pre: 'hook_resid_pre', attn_out: 'hook_attn_out', mlp_out: 'hook_mlp_out', heads: 'attn.hook_z' };

/** Rows per batched forward pass: bounds memory (rows × tokens × d_mlp floats per MLP) while amortising calls. */
export const PATCH_MAX_BATCH = 32;

export interface PatchingOptions {
  /** Sites to patch (default resid_pre, attn_out, mlp_out). */
  sites?: readonly PatchSite[];
  /** For 'heads': patch each head at every position at once ('all', default) or at each position ('each'). */
  headPositions?: 'all' | 'each';
  /** Token texts of the prompts, for column labels (default "pos 0", "pos 1", …). */
  tokens?: readonly string[];
  /** Rows per forward pass (default PATCH_MAX_BATCH). */
  maxBatch?: number;
  /** Also measure, per site, how many components patched together recover 50/80/90% (default true). */
  density?: boolean;
  /** Called after every batched pass with rows done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Checked between passes; when set, the run stops with PatchingCancelled. */
  signal?: CancelSignal;
}

/** One site's result: values[r · cols.length + c] for row r (layer, or layer·head) and column c (position or head). */
export interface PatchHeatmap {
  site: PatchSite;
  rows: string[];
  cols: string[];
  colKind: 'position' | 'head';
  /** Normalised recovery: (patched − corrupt) / (clean − corrupt); 1 = the clean metric, 0 = no change. */
  values: number[];
  /** The raw metric of each patched run. */
  metric: number[];
  cells: PatchCell[];
  /** Components in order of |effect| and the recovery of the top k patched together (when asked for). */
  density?: DensityCurve;
}

export interface PatchingResult {
  metricClean: number;
  metricCorrupt: number;
  nTokens: number;
  heatmaps: PatchHeatmap[];
}

interface SiteGrid {
  site: PatchSite;
  rows: string[];
  cols: string[];
  colKind: PatchHeatmap['colKind'];
  cells: PatchCell[];
}

function positionLabels(n: number, tokens: readonly string[] | undefined): string[] {
  return Array.from({ length: n }, (_, p) => tokens?.[p] ?? `pos ${p}`);
}

/** The components of one site, row-major in the order of its heat map. */
function siteGrid(site: PatchSite, model: ModelCore, nTokens: number, options: PatchingOptions): SiteGrid {
  const { nLayers, nHeads } = model.config;
  const layers = Array.from({ length: nLayers }, (_, l) => l);
  const positions = Array.from({ length: nTokens }, (_, p) => p);
  const hook = (l: number): HookName => blockHook(l, SITE_HOOK[site]);
  const posCols = positionLabels(nTokens, options.tokens);
  if (site !== 'heads') {
    const cells = layers.flatMap((l) => positions.map((p): PatchCell => ({ hook: hook(l), pos: p, head: null })));
    return { site, rows: layers.map((l) => `L${l}`), cols: posCols, colKind: 'position', cells };
  }
  const heads = Array.from({ length: nHeads }, (_, h) => h);
  if (options.headPositions === 'each') {
    const cells = layers.flatMap((l) => heads.flatMap((h) => positions.map((p): PatchCell => ({ hook: hook(l), pos: p, head: h }))));
    return { site, rows: layers.flatMap((l) => heads.map((h) => `L${l}H${h}`)), cols: posCols, colKind: 'position', cells };
  }
  const cells = layers.flatMap((l) => heads.map((h): PatchCell => ({ hook: hook(l), pos: null, head: h })));
  return { site, rows: layers.map((l) => `L${l}`), cols: heads.map((h) => `H${h}`), colKind: 'head', cells };
}

function checkInputs(model: ModelCore, clean: readonly number[], corrupt: readonly number[], sites: readonly PatchSite[]): void {
  if (clean.length !== corrupt.length) {
    throw new Error(
      `the clean prompt has ${clean.length} tokens and the corrupt one ${corrupt.length}; activation patching needs prompts of equal token length, so reword one`,
    );
  }
  if (clean.length === 0) throw new Error('the prompts are empty: give at least one token');
  for (const s of sites) {
    if (!(PATCH_SITES as readonly string[]).includes(s)) throw new Error(`unknown patching site ${JSON.stringify(s)}; sites are ${PATCH_SITES.join(', ')}`);
    if (s === 'mlp_out' && model.config.attnOnly) throw new Error('this model is attention-only and has no mlp_out; leave mlp_out out of the sites');
  }
}

/** Recovery of each metric value; the caller has checked that clean and corrupt differ. */
function recoveries(values: Float64Array, clean: number, corrupt: number): number[] {
  return Array.from(values, (v) => (v - corrupt) / (clean - corrupt));
}

/** The clean run's activations at every hook the grids patch, at every position, plus the clean metric. */
async function cleanRun(model: ModelCore, clean: readonly number[], grids: readonly SiteGrid[], metric: PatchMetric): Promise<{ cache: ActivationCache; value: number }> {
  const names = [...new Set(grids.flatMap((g) => g.cells.map((c) => c.hook)))];
  const { cache } = await runModel(model, [clean], { names, position: 'all', logits: 'none' });
  const [value] = await runForMetric(model, [clean], metric);
  return { cache, value };
}

/**
 * Patches every component of the chosen sites from the clean run into the corrupt one and measures
 * `metric` (at the last position). Prompts are token ids of equal length.
 */
export async function runPatching(
  model: ModelCore,
  prompts: { clean: readonly number[]; corrupt: readonly number[] },
  metric: PatchMetric,
  options: PatchingOptions = {},
): Promise<PatchingResult> {
  const sites = options.sites ?? ['resid_pre', 'attn_out', 'mlp_out'];
  checkInputs(model, prompts.clean, prompts.corrupt, sites);
  const grids = sites.map((s) => siteGrid(s, model, prompts.clean.length, options));
  const cleanResult = await cleanRun(model, prompts.clean, grids, metric);
  const [metricCorrupt] = await runForMetric(model, [prompts.corrupt], metric);
  const metricClean = cleanResult.value;
  if (!(Math.abs(metricClean - metricCorrupt) > 1e-9 * Math.max(1, Math.abs(metricClean)))) {
    throw new Error(`the metric is the same on the clean and the corrupt prompt (${metricClean}); there is no effect to recover — choose prompts or targets that differ`);
  }
  const withDensity = options.density ?? true;
  const total = grids.reduce((n, g) => n + g.cells.length, 0) * (withDensity ? 2 : 1);
  let done = 0;
  const chunk = {
    maxBatch: Math.max(1, Math.floor(options.maxBatch ?? PATCH_MAX_BATCH)),
    signal: options.signal,
    onChunk: (rows: number) => options.onProgress?.((done += rows), total),
  };
  const heatmaps: PatchHeatmap[] = [];
  for (const g of grids) {
    const patched = await runPatchedRows(model, prompts.corrupt, cleanResult.cache, g.cells.map((c) => [c]), metric, chunk);
    const values = recoveries(patched, metricClean, metricCorrupt);
    const map: PatchHeatmap = { ...g, values, metric: Array.from(patched) };
    if (withDensity) {
      const jointly = async (rows: number[][]) => {
        const joint = await runPatchedRows(model, prompts.corrupt, cleanResult.cache, rows.map((r) => r.map((i) => g.cells[i])), metric, chunk);
        return recoveries(joint, metricClean, metricCorrupt);
      };
      map.density = await densityCurve(values, jointly);
    }
    heatmaps.push(map);
  }
  return { metricClean, metricCorrupt, nTokens: prompts.clean.length, heatmaps };
}
