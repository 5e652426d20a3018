import { describe, expect, it } from 'vitest';
import { blockSites, hookNames, hookShape, parseHookName } from '../../src/model/hooks';
import { validateConfig } from '../../src/model/config';

const config = validateConfig({ nLayers: 3, dModel: 48, nHeads: 4, nCtx: 64, dVocab: 1031 });

describe('hook names', () => {
  it('lists one block\'s hook points in TransformerLens order', () => {
    expect(hookNames(config).filter((n) => n.startsWith('blocks.1.'))).toEqual([
      'blocks.1.hook_resid_pre',
      'blocks.1.ln1.hook_normalized',
      'blocks.1.attn.hook_q',
      'blocks.1.attn.hook_k',
      'blocks.1.attn.hook_v',
      'blocks.1.attn.hook_attn_scores',
      'blocks.1.attn.hook_pattern',
      'blocks.1.attn.hook_z',
      'blocks.1.hook_attn_out',
      'blocks.1.hook_resid_mid',
      'blocks.1.ln2.hook_normalized',
      'blocks.1.mlp.hook_pre',
      'blocks.1.mlp.hook_post',
      'blocks.1.hook_mlp_out',
      'blocks.1.hook_resid_post',
    ]);
  });

  it('starts with the embeddings and ends with the final norm and unembedding', () => {
    const names = hookNames(config);
    expect(names.slice(0, 2)).toEqual(['hook_embed', 'hook_pos_embed']);
    expect(names.slice(-2)).toEqual(['ln_final.hook_normalized', 'unembed.hook_out']);
    expect(names).toHaveLength(2 + 3 * 15 + 2);
  });

  it('gives attention-only blocks no MLP sites', () => {
    expect(blockSites({ attnOnly: true })).not.toContain('hook_resid_mid');
    expect(blockSites({ attnOnly: true })).toHaveLength(10);
  });

  it('parses names and rejects unknown sites and missing layers with the valid forms', () => {
    expect(parseHookName('blocks.2.attn.hook_pattern', config)).toEqual({ layer: 2, site: 'attn.hook_pattern' });
    expect(parseHookName('hook_embed')).toEqual({ layer: null, site: 'hook_embed' });
    expect(() => parseHookName('blocks.3.hook_resid_pre', config)).toThrow(/layer 3 does not exist \(the model has 3 layers, 0–2\)/);
    expect(() => parseHookName('blocks.0.hook_resid_pree')).toThrow(/unknown hook "blocks.0.hook_resid_pree": expected/);
    expect(() => parseHookName('blocks.01.hook_resid_pre')).toThrow(/unknown hook/);
    expect(() => parseHookName('__proto__')).toThrow(/unknown hook/);
  });

  it('gives each site its TransformerLens shape', () => {
    expect(hookShape('blocks.0.attn.hook_q', config, 2, 7)).toEqual([2, 7, 4, 12]);
    expect(hookShape('blocks.0.attn.hook_pattern', config, 2, 7)).toEqual([2, 4, 7, 7]);
    expect(hookShape('blocks.0.mlp.hook_post', config, 2, 7)).toEqual([2, 7, 192]);
    expect(hookShape('unembed.hook_out', config, 1, 5)).toEqual([1, 5, 1031]);
    expect(hookShape('blocks.2.hook_resid_post', config, 1, 5)).toEqual([1, 5, 48]);
  });
});
