// Checks and encodings shared by the causal jobs: prompt sets within a cap, layers and sites that exist,
// and target texts turned into the token the model would produce next.
import type { Model } from '../model/model';
import type { Tokenizer } from '../model/tokenizer';
import type { BlockSite } from '../model/hooks';
import { encodePrompts } from './activations';
import { modelInfo } from './session';

/** Most prompts one steering or ablation job runs (every α of a sweep reruns all of them). */
export const MAX_CAUSAL_PROMPTS = 512;

/** Block sites with one d_model vector per token, where a residual-stream direction can be added or removed. */
const RESIDUAL_WIDTH_SITES: readonly BlockSite[] = ['hook_resid_pre', 'hook_resid_mid', 'hook_resid_post', 'hook_attn_out', 'hook_mlp_out'];

export function requireTokenizer(model: Model): Tokenizer {
  if (!model.tokenizer) throw new Error(`${model.id} has no tokenizer, so it cannot read text prompts`);
  return model.tokenizer;
}

const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Token ids of a job's prompts, refusing an empty set and sets over the cap. */
export function encodePromptSet(model: Model, prompts: readonly string[], job: string): number[][] {
  if (prompts.length === 0) throw new Error(`there are no prompts to ${job}; give at least one`);
  if (prompts.length > MAX_CAUSAL_PROMPTS) {
    throw new Error(`${job} runs at most ${MAX_CAUSAL_PROMPTS} prompts at once and got ${prompts.length}; choose a subset (e.g. one class, or a sample)`);
  }
  return encodePrompts(model, prompts);
}

/** Token ids of one text, which must be non-empty and fit the context. */
export function encodeText(model: Model, text: string, what: string): { ids: number[]; tokens: string[] } {
  const enc = requireTokenizer(model).encode(text);
  if (enc.ids.length === 0) throw new Error(`the ${what} has no tokens; type some text`);
  if (enc.ids.length > model.config.nCtx) throw new Error(`the ${what} has ${enc.ids.length} tokens, more than ${model.id}'s context of ${model.config.nCtx}; shorten it`);
  return { ids: enc.ids, tokens: enc.tokens.map((t) => t.text) };
}

export function checkLayers(model: Model, layers: readonly number[], what: string): void {
  if (layers.length === 0) throw new Error(`no layers to ${what}: choose at least one layer`);
  const n = model.config.nLayers;
  for (const l of layers) {
    if (!Number.isInteger(l) || l < 0 || l >= n) throw new Error(`layer ${l} does not exist: ${model.id} has layers 0 to ${n - 1}`);
  }
}

/** A site a d_model direction can act on, or an error listing those the model has. */
export function residualSite(model: Model, site: string, what: string): BlockSite {
  const allowed = RESIDUAL_WIDTH_SITES.filter((s) => modelInfo(model).sites.includes(s));
  if (!(allowed as readonly string[]).includes(site)) throw new Error(`cannot ${what} at ${JSON.stringify(site)}; choose one of ${allowed.join(', ')}`);
  return site as BlockSite;
}

/** The first new token id when `text` extends `context`, or null when the tokens of `context` change. */
function nextId(tokenizer: Tokenizer, context: string, text: string): { id: number; unknown: boolean } | null {
  const base = tokenizer.encode(context).ids;
  const full = tokenizer.encode(text);
  if (full.ids.length <= base.length || base.some((id, i) => full.ids[i] !== id)) return null;
  return { id: full.ids[base.length], unknown: full.unknown.some((u) => u.index === base.length) };
}

/**
 * The token a target text stands for after `context` (its first token counts): the text as it would follow the
 * prompt, with a space between (GPT-2's " paris"), or glued on; failing both, the text's own first token.
 */
export function targetToken(model: Model, context: string, target: string, what: string): number {
  const tokenizer = requireTokenizer(model);
  const gap = /\s$/.test(context) || /^\s/.test(target) || context === '' ? [''] : [' ', ''];
  let unknown = false;
  for (const g of gap) {
    const found = nextId(tokenizer, context, context + g + target);
    if (found && !found.unknown) return found.id;
    unknown ||= found?.unknown ?? false;
  }
  const alone = nextId(tokenizer, '', target.trimStart());
  if (alone && !alone.unknown) return alone.id;
  if (unknown || alone?.unknown) throw new Error(`the ${what} ${shown(target)} is not in ${model.id}'s vocabulary (it reads as unknown); use a word the model knows`);
  throw new Error(`the ${what} ${shown(target)} has no tokens; give a non-empty target`);
}

/** Target token of each prompt (null where the target is empty or missing). */
export function promptTargets(model: Model, prompts: readonly string[], targets: readonly (string | null)[]): (number | null)[] {
  if (targets.length !== prompts.length) throw new Error(`got ${targets.length} targets for ${prompts.length} prompts; give one target (or null) per prompt`);
  return targets.map((t, i) => (t === null || t.trim() === '' ? null : targetToken(model, prompts[i], t, `target of prompt ${i + 1}`)));
}
