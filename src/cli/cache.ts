// `repscope cache`: hook activations for one prompt or a prompt file, one DIR/<hook>.npy per hook plus
// DIR/meta.json. Prompts run in chunks, so memory stays bounded and progress can be reported.
import path from 'node:path';
import { runWithCache, type Activation, type ReadPosition } from '../model/cache';
import { hookAxes, hookShape, parseHookName, type HookName } from '../model/hooks';
import type { Model } from '../model/model';
import { MASKED_SCORE } from '../model/transformer';
import { CliError, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, MODEL_HELP, formatShape, withModel, writeNpyFile, writeOutput, type CliIo, type Command } from './command';
import { expandHooks, parsePosition } from './hookSpec';
import { MAX_PROMPTS } from './promptFile';
import { promptSet, tokenStrings, type Prompt } from './prompts';
import { displayPath } from './resolveModel';

/** Prompts per forward pass: large enough to batch well, small enough to keep tfjs memory modest. */
export const CHUNK_PROMPTS = 16;
/** Cap on the activations held for writing, summed over hooks. */
export const MAX_OUTPUT_BYTES = 2 * 1024 ** 3;
const PROGRESS_INTERVAL_MS = 1000;

interface HookOutput {
  name: HookName;
  /** [n_prompts, …] as filled; the prompt axis is dropped on writing for a single --text/--ids prompt. */
  shape: number[];
  data: Float32Array;
}

function checkPosition(prompts: readonly Prompt[], position: ReadPosition): void {
  const lengths = prompts.map((p) => p.ids.length);
  const [min, max] = [Math.min(...lengths), Math.max(...lengths)];
  if (position === 'all' && min !== max) {
    throw new CliError(
      `--position all needs prompts of equal length, but these have ${min} to ${max} tokens; ` +
        'use --position last, mean or an index, or give prompts of one length',
    );
  }
  if (typeof position !== 'number') return;
  const index = (len: number) => (position < 0 ? len + position : position);
  const bad = lengths.findIndex((len) => index(len) < 0 || index(len) >= len);
  if (bad >= 0) throw new CliError(`--position ${position} is outside prompt ${bad + 1}, which has ${lengths[bad]} tokens`);
}

/** [n, …] for each hook: the hook's shape with its position (or query) axis removed unless 'all'. */
function outputShape(name: HookName, model: Model, position: ReadPosition, n: number, maxLen: number): number[] {
  const full = hookShape(name, model.config, n, maxLen);
  if (position === 'all') return full;
  full.splice(hookAxes(parseHookName(name).site).findIndex((a) => a === 'pos' || a === 'q'), 1);
  return full;
}

/** Prompts shorter than the longest leave key columns of attention hooks empty: fill them as masked keys are. */
function padValue(name: HookName): number {
  return name.endsWith('attn.hook_attn_scores') ? MASKED_SCORE : 0;
}

function allocate(names: readonly HookName[], model: Model, position: ReadPosition, prompts: readonly Prompt[]): HookOutput[] {
  const maxLen = Math.max(...prompts.map((p) => p.ids.length));
  const shapes = names.map((name) => outputShape(name, model, position, prompts.length, maxLen));
  const bytes = shapes.reduce((sum, s) => sum + 4 * s.reduce((a, b) => a * b, 1), 0);
  if (bytes > MAX_OUTPUT_BYTES) {
    throw new CliError(`the activations would take ${(bytes / 1024 ** 3).toFixed(1)} GiB, over the ${MAX_OUTPUT_BYTES / 1024 ** 3} GiB limit; ` +
      'use --position last or mean, fewer hooks, or fewer prompts per run');
  }
  return names.map((name, i) => {
    const size = shapes[i].reduce((a, b) => a * b, 1);
    return { name, shape: shapes[i], data: new Float32Array(size).fill(padValue(name)) };
  });
}

/** Copies a chunk's [b, …] activation into rows row0… of the output; only the last axis (keys) may be shorter. */
function place(out: HookOutput, act: Activation, row0: number): void {
  const outRow = out.data.length / out.shape[0];
  const lastOut = out.shape[out.shape.length - 1];
  const lastIn = act.shape[act.shape.length - 1];
  if (lastIn === lastOut) {
    out.data.set(act.data, row0 * outRow);
    return;
  }
  for (let g = 0; g < act.data.length / lastIn; g++) {
    out.data.set(act.data.subarray(g * lastIn, (g + 1) * lastIn), row0 * outRow + g * lastOut);
  }
}

function reportProgress(io: CliIo, done: number, total: number, state: { last: number }): void {
  const now = Date.now();
  if (done < total && now - state.last < PROGRESS_INTERVAL_MS) return;
  state.last = now;
  io.stderr(`cache: ${done}/${total} prompts (${Math.floor((100 * done) / total)}%)\n`);
}

async function runChunks(model: Model, prompts: readonly Prompt[], outputs: HookOutput[], position: ReadPosition, io: CliIo): Promise<void> {
  const names = outputs.map((o) => o.name);
  const progress = { last: Date.now() };
  for (let start = 0; start < prompts.length; start += CHUNK_PROMPTS) {
    const chunk = prompts.slice(start, start + CHUNK_PROMPTS).map((p) => p.ids);
    const { cache } = await runWithCache(model, chunk, { names, position });
    for (const out of outputs) place(out, cache.get(out.name)!, start);
    if (prompts.length > CHUNK_PROMPTS) reportProgress(io, start + chunk.length, prompts.length, progress);
  }
}

function metadata(model: Model, prompts: readonly Prompt[], outputs: HookOutput[], position: ReadPosition, keepPromptAxis: boolean): unknown {
  return {
    model: model.id,
    position,
    hooks: outputs.map((o) => o.name),
    shapes: Object.fromEntries(outputs.map((o) => [o.name, keepPromptAxis ? o.shape : o.shape.slice(1)])),
    prompts: prompts.map((p) => ({
      text: p.text, ids: p.ids, tokens: tokenStrings(model, p.ids), ...(p.label === undefined ? {} : { label: p.label }),
    })),
  };
}

async function cacheRun(args: ParsedArgs, io: CliIo, model: Model, outDir: string): Promise<void> {
  const names = expandHooks(requiredFlag(args, 'hooks', 'NAME[,NAME…] (which hook points to save)'), model.config);
  const position = parsePosition(stringFlag(args, 'position'));
  const { prompts, fromFile } = await promptSet(args, model, io.cwd);
  checkPosition(prompts, position);
  const outputs = allocate(names, model, position, prompts);
  await runChunks(model, prompts, outputs, position, io);
  for (const out of outputs) {
    const shape = fromFile ? out.shape : out.shape.slice(1);
    const file = path.join(outDir, `${out.name}.npy`);
    await writeNpyFile(file, out.data, shape, io);
    io.stdout(`wrote ${displayPath(file, io.cwd)} float32 ${formatShape(shape)}\n`);
  }
  const meta = metadata(model, prompts, outputs, position, fromFile);
  await writeOutput(path.join(outDir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`, io);
}

export const cacheCommand: Command = {
  name: 'cache',
  summary: 'save hook activations for prompts as .npy files',
  help: `Usage: repscope cache MODEL (--text STR | --ids 1,2,3 | --prompts FILE) --hooks NAME[,NAME…]
                     [--position all|last|mean|INDEX] --out DIR

Runs the model and writes one DIR/<hook name>.npy per hook (float32, C order) and DIR/meta.json
(prompts, token ids, token strings, labels, shapes).

Shapes: with --text or --ids the prompt axis is dropped: --position all gives the hook's own
shape, e.g. [n_tokens, d_model], or [n_heads, q, k] for attention patterns; last, mean or INDEX
remove the position axis, e.g. [d_model]. With --prompts every file gets a leading n_prompts
axis, even for a one-prompt file. --position all then needs prompts of equal length. Attention
hooks read at one position keep their key axis, padded to the longest prompt (pattern 0,
scores ${MASKED_SCORE}, as for masked keys).

Options:
  --text STR        one prompt as text (needs a tokenizer)
  --ids 1,2,3       one prompt as token ids
  --prompts FILE    .txt (one prompt per line), .jsonl ({"text": …} or {"ids": […]}, optional
                    "label") or .csv (header with a text, prompt or statement column, optional
                    label column); at most ${MAX_PROMPTS.toLocaleString('en-US')} prompts
  --hooks LIST      comma-separated hook names; * stands for a layer: blocks.*.hook_resid_post
  --position P      all (default), last, mean, or a token index (negative counts from the end)
  --out DIR         output directory (created if missing; existing files are overwritten)

${MODEL_HELP}

${GLOBAL_HELP}`,
  flags: { text: 'string', ids: 'string', prompts: 'string', hooks: 'string', position: 'string', out: 'string' },
  async run(args, io) {
    const outDir = path.resolve(io.cwd, requiredFlag(args, 'out', 'DIR (where to write the .npy files)'));
    parsePosition(stringFlag(args, 'position')); // fail on a bad value before loading the model
    await withModel(args, io, 'cache', (model) => cacheRun(args, io, model, outDir));
  },
};
