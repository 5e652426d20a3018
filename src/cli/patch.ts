// `repscope patch`: activation patching of a clean prompt into a corrupt one of the same token length;
// prints a summary per site and writes every heat map (and its density curve) as JSON.
import path from 'node:path';
import { PATCH_SITES, runPatching, type PatchMetric, type PatchSite, type PatchingResult } from '../analysis/patching';
import type { Model } from '../model/model';
import { CliError, requiredFlag, stringFlag, type ParsedArgs } from './args';
import { GLOBAL_HELP, MODEL_HELP, withModel, writeOutput, type Command } from './command';
import { NO_TOKENIZER } from './prompts';
import { displayPath } from './resolveModel';

const METRICS = ['logitdiff', 'prob'] as const;
type MetricName = (typeof METRICS)[number];

const HELP = `Usage: repscope patch MODEL --clean TEXT --corrupt TEXT --targets A,B --out FILE.json
                      [--metric logitdiff|prob] [--sites resid_pre,attn_out,mlp_out,heads]
                      [--head-positions all|each]

Activation patching: runs the clean and the corrupt prompt, then copies the clean run's activation
of one component at a time into the corrupt run and measures, at the last position, how much of the
clean − corrupt difference comes back: recovery = (patched − corrupt) / (clean − corrupt).
Both prompts must have the same number of tokens (change a word for a word).

Options:
  --clean TEXT          the prompt whose behaviour is restored
  --corrupt TEXT        the prompt it is patched into
  --metric NAME         logitdiff (default): logit of A minus logit of B; prob: probability of A
  --targets A,B         target tokens as the vocabulary spells them (prob takes one: A)
  --sites LIST          any of ${PATCH_SITES.join(', ')} (default resid_pre,attn_out,mlp_out);
                        resid_pre, attn_out and mlp_out are patched per layer and position,
                        heads per layer and head (attn.hook_z)
  --head-positions all  heads at every position at once (default), or "each": per position too
  --out FILE.json       where to write the heat maps: rows, cols, values (recovery), metric,
                        and the density curve (top-k components by |effect| patched together)

${MODEL_HELP}

${GLOBAL_HELP}`;

function listFlag(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseSites(args: ParsedArgs): PatchSite[] | undefined {
  const text = stringFlag(args, 'sites');
  if (text === undefined) return undefined;
  const sites = listFlag(text);
  if (sites.length === 0) throw new CliError(`--sites is empty; give some of ${PATCH_SITES.join(', ')}`, true);
  for (const s of sites) {
    if (!(PATCH_SITES as readonly string[]).includes(s)) throw new CliError(`--sites: unknown site ${JSON.stringify(s)}; sites are ${PATCH_SITES.join(', ')}`, true);
  }
  return [...new Set(sites)] as PatchSite[];
}

function parseChoice<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T {
  const value = stringFlag(args, name) ?? choices[0];
  if (!(choices as readonly string[]).includes(value)) throw new CliError(`--${name} must be ${choices.join(' or ')}, got ${JSON.stringify(value)}`, true);
  return value as T;
}

interface Encoded {
  ids: number[];
  tokens: string[];
}

function encodePrompt(model: Model, text: string, flag: string): Encoded {
  if (model.tokenizer === null) throw new CliError(NO_TOKENIZER.replace('pass --ids', 'patch needs one to read --clean and --corrupt'));
  const enc = model.tokenizer.encode(text);
  if (enc.ids.length === 0) throw new CliError(`--${flag} encodes to no tokens; give some text`);
  if (enc.ids.length > model.config.nCtx) throw new CliError(`--${flag} has ${enc.ids.length} tokens, more than the model's context length of ${model.config.nCtx}; shorten it`);
  return { ids: enc.ids, tokens: enc.tokens.map((t) => t.text) };
}

function checkSameLength(clean: Encoded, corrupt: Encoded): void {
  if (clean.ids.length === corrupt.ids.length) return;
  const show = (e: Encoded) => `${e.ids.length} tokens (${e.tokens.join(' ')})`;
  throw new CliError(`--clean has ${show(clean)} but --corrupt has ${show(corrupt)}; patching needs prompts of the same token length, so change a token for a token`);
}

function targetIds(model: Model, text: string, metric: MetricName): number[] {
  const targets = listFlag(text);
  const want = metric === 'logitdiff' ? 2 : 1;
  if (targets.length !== want) {
    throw new CliError(`--metric ${metric} needs ${want === 2 ? 'two targets, --targets A,B (logit of A minus logit of B)' : 'one target, --targets A'}; got ${targets.length}`, true);
  }
  return targets.map((t) => {
    const id = model.tokenizer!.tokenId(t);
    if (id === undefined) throw new CliError(`--targets: ${JSON.stringify(t)} is not a token of the model's vocabulary (spell it exactly as the vocabulary does)`);
    return id;
  });
}

function summary(result: PatchingResult, metric: string): string {
  const lines = [`metric ${metric}: clean ${result.metricClean.toFixed(4)}, corrupt ${result.metricCorrupt.toFixed(4)}`];
  for (const h of result.heatmaps) {
    const best = h.values.reduce((b, v, i) => (Math.abs(v) > Math.abs(h.values[b]) ? i : b), 0);
    const where = `${h.rows[Math.floor(best / h.cols.length)]} ${h.cols[best % h.cols.length]}`;
    const needed = h.density?.needed.map((n) => `${Math.round(n.fraction * 100)}%: ${n.components ?? '-'}`).join(', ');
    lines.push(`${h.site.padEnd(9)} top ${where} recovers ${h.values[best].toFixed(3)}; components for ${needed}`);
  }
  return `${lines.join('\n')}\n`;
}

export const patchCommand: Command = {
  name: 'patch',
  summary: 'activation patching of a clean prompt into a corrupt one, as JSON heat maps',
  help: HELP,
  flags: { clean: 'string', corrupt: 'string', metric: 'string', targets: 'string', sites: 'string', 'head-positions': 'string', out: 'string' },
  async run(args, io) {
    const cleanText = requiredFlag(args, 'clean', 'TEXT (the prompt whose behaviour is restored)');
    const corruptText = requiredFlag(args, 'corrupt', 'TEXT (the prompt it is patched into)');
    const targetsText = requiredFlag(args, 'targets', 'A,B (target tokens of the metric)');
    const out = path.resolve(io.cwd, requiredFlag(args, 'out', 'FILE.json (where to write the heat maps)'));
    const metricName = parseChoice(args, 'metric', METRICS);
    const headPositions = parseChoice(args, 'head-positions', ['all', 'each'] as const);
    const sites = parseSites(args);
    await withModel(args, io, 'patch', async (model) => {
      const clean = encodePrompt(model, cleanText, 'clean');
      const corrupt = encodePrompt(model, corruptText, 'corrupt');
      checkSameLength(clean, corrupt);
      const ids = targetIds(model, targetsText, metricName);
      const metric: PatchMetric = metricName === 'logitdiff' ? { kind: 'logitdiff', target: ids[0], baseline: ids[1] } : { kind: 'prob', target: ids[0] };
      let result: PatchingResult;
      try {
        result = await runPatching(model, { clean: clean.ids, corrupt: corrupt.ids }, metric, { sites, headPositions, tokens: clean.tokens });
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const body = { model: model.id, clean: { text: cleanText, tokens: clean.tokens }, corrupt: { text: corruptText, tokens: corrupt.tokens }, metric: { kind: metricName, targets: listFlag(targetsText), ids }, ...result };
      await writeOutput(out, `${JSON.stringify(body, null, 1)}\n`, io);
      io.stdout(`${summary(result, metricName)}wrote ${displayPath(out, io.cwd)}\n`);
    });
  },
};
