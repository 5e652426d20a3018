// `repscope steer`: greedy continuations of prompts with and without α·v̂ added to the residual stream at
// chosen layers, one-shot (prompt tokens) or continual (generated tokens too), side by side.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readNpyFloat32 } from '../data/npy';
import { steer, type SteeringSpec, type SteeredRun } from '../analysis/steering';
import type { BlockSite } from '../model/hooks';
import type { Model } from '../model/model';
import { booleanFlag, CliError, parseInteger, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, MODEL_HELP, formatShape, withModel, type CliIo, type Command } from './command';
import { decodeIds, promptSet, type Prompt } from './prompts';
import { displayPath } from './resolveModel';

/** Sites whose last axis is d_model, so a residual-stream direction fits them. */
const SITES: readonly BlockSite[] = ['hook_resid_pre', 'hook_resid_mid', 'hook_resid_post', 'hook_attn_out', 'hook_mlp_out'];
const MODES = ['oneshot', 'continual'] as const;

/** "L" or "L-M" (inclusive), within the model's blocks. */
export function parseLayers(text: string, nLayers: number): number[] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (m === null) throw new CliError(`--layers must be a layer L or a band L-M, got ${JSON.stringify(text)}`, true);
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) throw new CliError(`--layers ${text}: the band's first layer comes first (e.g. ${to}-${from})`, true);
  if (to >= nLayers) throw new CliError(`--layers ${text}: the model has layers 0–${nLayers - 1}`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function parsePositions(text: string | undefined): SteeringSpec['positions'] {
  if (text === undefined || text === 'all' || text === 'last' || text === 'generated') return text ?? 'all';
  const parts = text.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^-?\d+$/.test(p))) throw new CliError(`--positions must be all, last, generated or token indices such as 1 or 1,-1; got ${JSON.stringify(text)}`, true);
  return parts.map(Number);
}

/** The direction file: [d_model] or [1, d_model] for every layer, or [n_layers, d_model] with one row per layer. */
async function readDirection(file: string, model: Model, io: CliIo): Promise<SteeringSpec['direction']> {
  const name = displayPath(file, io.cwd);
  const bytes = await readFile(file).catch((err: Error) => {
    throw new CliError(`cannot read ${name}: ${err.message}`);
  });
  let parsed: { shape: number[]; data: Float32Array };
  try {
    parsed = readNpyFloat32(new Uint8Array(bytes));
  } catch (err) {
    throw new CliError(`${name} is not a readable .npy file (${(err as Error).message})`);
  }
  const { dModel, nLayers } = model.config;
  const { shape, data } = parsed;
  // [1, d_model] is what `repscope direction DIR` writes for a cache of one layer.
  if (shape[shape.length - 1] === dModel && (shape.length === 1 || (shape.length === 2 && shape[0] === 1))) return data;
  if (shape.length === 2 && shape[0] === nLayers && shape[1] === dModel) return Array.from({ length: nLayers }, (_, l) => data.slice(l * dModel, (l + 1) * dModel));
  throw new CliError(`${name} has shape ${formatShape(shape)}; the direction must be [${dModel}], [1, ${dModel}] or [${nLayers}, ${dModel}] for this model`);
}

function parseAlpha(text: string): number {
  const alpha = Number(text);
  if (text.trim() === '' || !Number.isFinite(alpha)) throw new CliError(`--alpha must be a number, got ${JSON.stringify(text)}`, true);
  return alpha;
}

/** Everything but the direction, checked before the model loads. */
function steeringFlags(args: ParsedArgs): { alpha: number; mode: SteeringSpec['mode']; site: BlockSite; positions: SteeringSpec['positions']; maxNew: number } {
  const alpha = parseAlpha(requiredFlag(args, 'alpha', 'A (steering strength, in residual-stream units)'));
  const mode = (stringFlag(args, 'mode') ?? 'oneshot') as SteeringSpec['mode'];
  if (!MODES.includes(mode)) throw new CliError(`--mode must be oneshot or continual, got ${JSON.stringify(mode)}`, true);
  const site = (stringFlag(args, 'site') ?? 'hook_resid_pre') as BlockSite;
  if (!SITES.includes(site)) throw new CliError(`--site must be one of ${SITES.join(', ')}; got ${JSON.stringify(site)}`, true);
  const maxNew = parseInteger(stringFlag(args, 'max-new') ?? '3', '--max-new');
  if (maxNew < 1) throw new CliError('--max-new must be at least 1', true);
  requiredFlag(args, 'direction', 'V.npy (the direction to steer along)');
  requiredFlag(args, 'layers', 'L or L-M (the layers to steer)');
  return { alpha, mode, site, positions: parsePositions(stringFlag(args, 'positions')), maxNew };
}

function continuation(model: Model, ids: number[]): string {
  return decodeIds(model, ids) ?? ids.join(' ');
}

function printTable(model: Model, prompts: Prompt[], plain: SteeredRun, steered: SteeredRun, io: CliIo): void {
  const rows = prompts.map((p, i) => [p.text ?? p.ids.join(' '), continuation(model, plain.tokens[i]), continuation(model, steered.tokens[i])]);
  const all = [['prompt', 'unsteered', 'steered'], ...rows];
  const widths = [0, 1].map((c) => Math.max(...all.map((r) => r[c].length)));
  for (const r of all) io.stdout(`${r[0].padEnd(widths[0])}  │ ${r[1].padEnd(widths[1])}  │ ${r[2]}\n`);
}

async function runSteer(args: ParsedArgs, io: CliIo): Promise<void> {
  const flags = steeringFlags(args);
  await withModel(args, io, 'steer', async (model) => {
    const { prompts } = await promptSet(args, model, io.cwd);
    const direction = await readDirection(path.resolve(io.cwd, stringFlag(args, 'direction')!), model, io);
    const spec: SteeringSpec = { direction, layers: parseLayers(stringFlag(args, 'layers')!, model.config.nLayers), site: flags.site, positions: flags.positions, alpha: flags.alpha, mode: flags.mode };
    const ids = prompts.map((p) => p.ids);
    const plain = await steer(model, ids, { ...spec, alpha: 0 }, { maxNewTokens: flags.maxNew });
    const steered = await steer(model, ids, spec, { maxNewTokens: flags.maxNew });
    if (!booleanFlag(args, 'json')) {
      printTable(model, prompts, plain, steered, io);
      return;
    }
    const out = prompts.map((p, i) => ({
      prompt: p.text, promptIds: p.ids,
      unsteered: { ids: plain.tokens[i], text: decodeIds(model, plain.tokens[i]), projection: Array.from(plain.projection[i]) },
      steered: { ids: steered.tokens[i], text: decodeIds(model, steered.tokens[i]), projection: Array.from(steered.projection[i]) },
    }));
    io.stdout(`${JSON.stringify({ layers: spec.layers, site: spec.site, positions: spec.positions, alpha: spec.alpha, mode: spec.mode, prompts: out })}\n`);
  });
}

export const steerCommand: Command = {
  name: 'steer',
  summary: 'continuations with and without a steering vector, side by side',
  help: `Usage: repscope steer MODEL --direction V.npy --layers L[-M] --alpha A [--mode oneshot|continual]
                     (--text STR | --ids 1,2,3 | --prompts FILE) [options]

Adds A times the unit direction V to the residual stream at each chosen layer and decodes greedily,
printing each prompt's unsteered and steered continuation side by side. A is in residual-stream
units (the direction is normalised first); a negative A steers the other way.

Options:
  --direction V.npy   float32 [d_model] or [1, d_model] (used at every layer), or [n_layers, d_model]
                      (row per layer), e.g. written by repscope direction
  --layers L[-M]      one layer, or a band of layers (inclusive)
  --alpha A           steering strength
  --mode M            oneshot (default): steer the prompt's tokens only; continual: the generated
                      tokens too
  --positions P       all (default), last (the prompt's last token), token indices such as 1 or
                      1,-1 (prompt tokens only; <bos> is index 0 where the tokenizer adds it), or
                      generated (the generated tokens only; with --mode continual)
  --site SITE         where to add: ${SITES.join(', ')}
                      (default hook_resid_pre)
  --max-new N         tokens to generate per prompt (default 3)
  --text STR | --ids 1,2,3 | --prompts FILE   the prompts
  --json              print JSON: ids, text and the projection on V at each step (read at the
                      last block's hook_resid_post)

${MODEL_HELP}

${GLOBAL_HELP}`,
  flags: {
    direction: 'string', layers: 'string', alpha: 'string', mode: 'string', positions: 'string', site: 'string',
    'max-new': 'string', text: 'string', ids: 'string', prompts: 'string', json: 'boolean',
  },
  run: runSteer,
};
