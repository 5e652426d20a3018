// The --hooks list (names and `*` patterns such as blocks.*.hook_resid_post) and the --position value.
import type { ModelConfig } from '../model/config';
import { hookNames, parseHookName, type HookName } from '../model/hooks';
import type { ReadPosition } from '../model/cache';
import { CliError } from './args';

function patternRegex(pattern: string): RegExp {
  // `*` stands for one dot-free name part (a layer number, in practice); everything else is literal.
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^.]+');
  return new RegExp(`^${body}$`);
}

/** Expands a comma-separated list of hook names and patterns into this model's hook names, in order given. */
export function expandHooks(spec: string, config: ModelConfig): HookName[] {
  const items = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new CliError('--hooks is empty; give hook names such as blocks.0.hook_resid_post', true);
  const all = hookNames(config);
  const out = new Set<HookName>();
  for (const item of items) {
    if (item.includes('*')) {
      const re = patternRegex(item);
      const matched = all.filter((n) => re.test(n));
      if (matched.length === 0) throw new CliError(`--hooks: pattern ${JSON.stringify(item)} matches no hook of this model; "repscope info MODEL" lists them`);
      matched.forEach((n) => out.add(n));
      continue;
    }
    try {
      parseHookName(item, config);
    } catch (err) {
      throw new CliError(`--hooks: ${(err as Error).message}`);
    }
    out.add(item as HookName);
  }
  return [...out];
}

/** all | last | mean | an integer token index (negative counts from the end). */
export function parsePosition(text: string | undefined): ReadPosition {
  if (text === undefined) return 'all';
  if (text === 'all' || text === 'last' || text === 'mean') return text;
  if (/^-?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  throw new CliError(`--position must be all, last, mean or a token index (negative counts from the end), got ${JSON.stringify(text)}`, true);
}
