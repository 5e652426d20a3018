// Hook-point names (TransformerLens's), the ordered list for a model, parsing, and each site's shape.
// Names are built and parsed here only; everything else treats them as opaque `HookName`s.
import type { ModelConfig } from './config';

/** Sites inside block L, in the order the forward pass reaches them. */
export const BLOCK_SITES = [
  'hook_resid_pre',
  'ln1.hook_normalized',
  'attn.hook_q',
  'attn.hook_k',
  'attn.hook_v',
  'attn.hook_attn_scores',
  'attn.hook_pattern',
  'attn.hook_z',
  'hook_attn_out',
  'hook_resid_mid',
  'ln2.hook_normalized',
  'mlp.hook_pre',
  'mlp.hook_post',
  'hook_mlp_out',
  'hook_resid_post',
] as const;

/** Sites that an attention-only block does not have. */
const MLP_SITES: ReadonlySet<BlockSite> = new Set(['hook_resid_mid', 'ln2.hook_normalized', 'mlp.hook_pre', 'mlp.hook_post', 'hook_mlp_out']);

export const GLOBAL_PRE_SITES = ['hook_embed', 'hook_pos_embed'] as const;
export const GLOBAL_POST_SITES = ['ln_final.hook_normalized', 'unembed.hook_out'] as const;

export type BlockSite = (typeof BLOCK_SITES)[number];
export type GlobalSite = (typeof GLOBAL_PRE_SITES)[number] | (typeof GLOBAL_POST_SITES)[number];
export type HookName = GlobalSite | `blocks.${number}.${BlockSite}`;

/** The name of site `site` in block `layer`. */
export function blockHook(layer: number, site: BlockSite): HookName {
  return `blocks.${layer}.${site}`;
}

/** Sites present in one block of this model, in forward order. */
export function blockSites(config: Pick<ModelConfig, 'attnOnly'>): BlockSite[] {
  return BLOCK_SITES.filter((s) => !(config.attnOnly && MLP_SITES.has(s)));
}

/** Every hook point of the model, in the order the forward pass reaches them. */
export function hookNames(config: Pick<ModelConfig, 'nLayers' | 'attnOnly'>): HookName[] {
  const names: HookName[] = [...GLOBAL_PRE_SITES];
  const sites = blockSites(config);
  for (let l = 0; l < config.nLayers; l++) for (const s of sites) names.push(blockHook(l, s));
  names.push(...GLOBAL_POST_SITES);
  return names;
}

export interface ParsedHook {
  /** Block index, or null for the global sites. */
  layer: number | null;
  site: BlockSite | GlobalSite;
}

const BLOCK_RE = /^blocks\.(0|[1-9][0-9]{0,3})\.(.+)$/;

/** Parses a hook name; throws with the list of valid forms when it is not one of this model's. */
export function parseHookName(name: string, config?: Pick<ModelConfig, 'nLayers' | 'attnOnly'>): ParsedHook {
  if ((GLOBAL_PRE_SITES as readonly string[]).includes(name) || (GLOBAL_POST_SITES as readonly string[]).includes(name)) {
    return { layer: null, site: name as GlobalSite };
  }
  const m = BLOCK_RE.exec(name);
  const site = m?.[2] as BlockSite | undefined;
  if (!m || site === undefined || !(BLOCK_SITES as readonly string[]).includes(site)) {
    throw new Error(
      `unknown hook "${name}": expected hook_embed, hook_pos_embed, blocks.<L>.<site> with site one of ` +
        `${BLOCK_SITES.join(', ')}, ln_final.hook_normalized or unembed.hook_out`,
    );
  }
  const layer = Number(m[1]);
  if (config) {
    if (layer >= config.nLayers) throw new Error(`hook "${name}": layer ${layer} does not exist (the model has ${config.nLayers} layers, 0–${config.nLayers - 1})`);
    if (config.attnOnly && MLP_SITES.has(site)) throw new Error(`hook "${name}": this model is attention-only and has no ${site}`);
  }
  return { layer, site };
}

/** Symbolic axes of an activation: b = batch, p = position, q/k = query/key position, h = head. */
export type Axis = 'batch' | 'pos' | 'head' | 'd_head' | 'd_model' | 'd_mlp' | 'd_vocab' | 'q' | 'k';

/** The axes of each site's activation, as TransformerLens lays them out. */
export function hookAxes(site: BlockSite | GlobalSite): Axis[] {
  switch (site) {
    case 'attn.hook_q':
    case 'attn.hook_k':
    case 'attn.hook_v':
    case 'attn.hook_z':
      return ['batch', 'pos', 'head', 'd_head'];
    case 'attn.hook_attn_scores':
    case 'attn.hook_pattern':
      return ['batch', 'head', 'q', 'k'];
    case 'mlp.hook_pre':
    case 'mlp.hook_post':
      return ['batch', 'pos', 'd_mlp'];
    case 'unembed.hook_out':
      return ['batch', 'pos', 'd_vocab'];
    default:
      return ['batch', 'pos', 'd_model'];
  }
}

/** The concrete shape of hook `name` for a batch of `batch` prompts padded to `pos` tokens. */
export function hookShape(name: HookName | string, config: ModelConfig, batch: number, pos: number): number[] {
  const { site } = parseHookName(name, config);
  const size: Record<Axis, number> = {
    batch, pos, q: pos, k: pos, head: config.nHeads, d_head: config.dHead, d_model: config.dModel, d_mlp: config.dMlp, d_vocab: config.dVocab,
  };
  return hookAxes(site).map((a) => size[a]);
}
