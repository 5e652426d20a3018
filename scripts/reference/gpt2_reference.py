#!/usr/bin/env python3
# Golden reference for Repscope's transformer engine, written from the GPT-2 architecture alone: builds
# small seeded GPT-2 checkpoints (Hugging Face layout, safetensors written by hand) and records every hook
# activation, the logits and 20-token greedy continuations, computed plainly in float64 torch.
# Rerun (deterministic, same bytes every time):
#   /usr/bin/python3 scripts/reference/gpt2_reference.py --out test/fixtures/engine
import argparse
import json
import math
import os
import shutil
import struct

import numpy as np
import torch
import torch.nn.functional as F

N_LAYER, N_HEAD, N_EMBD, N_POS, VOCAB, EPS = 3, 4, 48, 64, 1031, 1e-5
D_HEAD, D_MLP = N_EMBD // N_HEAD, 4 * N_EMBD
PROMPT_LENGTHS = (5, 9, 13)
GREEDY_STEPS = 20
MIN_MARGIN = 1e-2  # top1 - top2 logit gap; float32 drifts ~1e-5, so 1e-2 leaves a 1000x safety factor
MIN_DISTINCT = 4  # a continuation must use at least this many different tokens to be a useful test

# Each variant exercises one loader path: dtype, name prefix, tied or untied unembedding, activation.
VARIANTS = [
    dict(name='f32', dtype='F32', prefix='', tied=True, act='gelu_new', buffers=False, seed=1),
    dict(name='f16-prefixed', dtype='F16', prefix='transformer.', tied=True, act='gelu_new', buffers=True, seed=2),
    dict(name='bf16-untied', dtype='BF16', prefix='', tied=False, act='gelu', buffers=False, seed=3),
    dict(name='relu', dtype='F32', prefix='', tied=True, act='relu', buffers=False, seed=4),
]
TORCH_DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16}
MASKED_VALUE_NOTE = ('attn.hook_attn_scores holds -inf (float32) where key position > query position; '
                     'attn.hook_pattern is exactly 0 there. Engines that mask with a large negative number '
                     'instead should compare only the unmasked entries of hook_attn_scores.')


def make_weights(seed, tied):
    """Random GPT-2 weights (HF names without prefix, Conv1D [in, out]) scaled so activations are lively."""
    g = torch.Generator().manual_seed(seed)

    def randn(*shape, std=0.2, mean=0.0):
        return mean + std * torch.randn(*shape, generator=g, dtype=torch.float32)

    w = {'wte.weight': randn(VOCAB, N_EMBD), 'wpe.weight': randn(N_POS, N_EMBD)}
    for i in range(N_LAYER):
        h = f'h.{i}.'
        for ln in ('ln_1', 'ln_2'):
            w[h + ln + '.weight'] = randn(N_EMBD, mean=1.0)
            w[h + ln + '.bias'] = randn(N_EMBD, std=0.1)
        for name, d_in, d_out in (('attn.c_attn', N_EMBD, 3 * N_EMBD), ('attn.c_proj', N_EMBD, N_EMBD),
                                  ('mlp.c_fc', N_EMBD, D_MLP), ('mlp.c_proj', D_MLP, N_EMBD)):
            w[h + name + '.weight'] = randn(d_in, d_out)
            w[h + name + '.bias'] = randn(d_out, std=0.1)
    w['ln_f.weight'] = randn(N_EMBD, mean=1.0)
    w['ln_f.bias'] = randn(N_EMBD, std=0.1)
    if not tied:
        w['lm_head.weight'] = randn(VOCAB, N_EMBD)
    return w


def round_to(weights, dtype):
    """The weights as the checkpoint stores them: rounded to `dtype` (round to nearest even)."""
    return {name: t.to(TORCH_DTYPES[dtype]) for name, t in weights.items()}


# ---------------------------------------------------------------------------------------------
# The forward pass, hook by hook (names as TransformerLens; batch of one prompt)

def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased variance, as GPT-2
    return (x - mean) / torch.sqrt(var + EPS) * weight + bias


def activation(name, x):
    if name == 'gelu_new':
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if name == 'gelu':
        return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))
    if name == 'relu':
        return torch.clamp(x, min=0)
    raise ValueError(f'unknown activation {name}')


def block(w, act, layer, resid, hp):
    h, p = f'h.{layer}.', f'blocks.{layer}.'
    T = resid.shape[1]
    resid_pre = hp(p + 'hook_resid_pre', resid)  # [1, T, d]
    x = hp(p + 'ln1.hook_normalized', layer_norm(resid_pre, w[h + 'ln_1.weight'], w[h + 'ln_1.bias']))
    qkv = x @ w[h + 'attn.c_attn.weight'] + w[h + 'attn.c_attn.bias']  # [1, T, 3d]: q | k | v
    q, k, v = (hp(p + f'attn.hook_{n}', t.reshape(1, T, N_HEAD, D_HEAD))  # [1, T, head, d_head]
               for n, t in zip('qkv', qkv.split(N_EMBD, dim=-1)))
    scores = torch.einsum('bqhd,bkhd->bhqk', q, k) / math.sqrt(D_HEAD)  # [1, head, q, k]
    future = torch.ones(T, T, dtype=torch.bool).triu(1)  # key after query
    scores = hp(p + 'attn.hook_attn_scores', scores.masked_fill(future, float('-inf')))
    pattern = hp(p + 'attn.hook_pattern', torch.softmax(scores, dim=-1))
    z = hp(p + 'attn.hook_z', torch.einsum('bhqk,bkhd->bqhd', pattern, v))  # [1, T, head, d_head]
    attn_out = hp(p + 'hook_attn_out', z.reshape(1, T, N_EMBD) @ w[h + 'attn.c_proj.weight'] + w[h + 'attn.c_proj.bias'])
    resid_mid = hp(p + 'hook_resid_mid', resid_pre + attn_out)
    x = hp(p + 'ln2.hook_normalized', layer_norm(resid_mid, w[h + 'ln_2.weight'], w[h + 'ln_2.bias']))
    pre = hp(p + 'mlp.hook_pre', x @ w[h + 'mlp.c_fc.weight'] + w[h + 'mlp.c_fc.bias'])  # [1, T, d_mlp]
    post = hp(p + 'mlp.hook_post', activation(act, pre))
    mlp_out = hp(p + 'hook_mlp_out', post @ w[h + 'mlp.c_proj.weight'] + w[h + 'mlp.c_proj.bias'])
    return hp(p + 'hook_resid_post', resid_mid + mlp_out)


def forward(w, act, tied, ids):
    """Runs one prompt; returns {hook name: activation} in the order the pass reaches them."""
    hooks = {}

    def hp(name, x):
        hooks[name] = x
        return x

    T = len(ids)
    resid = hp('hook_embed', w['wte.weight'][torch.tensor([ids])]) + hp('hook_pos_embed', w['wpe.weight'][:T][None])
    for layer in range(N_LAYER):
        resid = block(w, act, layer, resid, hp)
    x = hp('ln_final.hook_normalized', layer_norm(resid, w['ln_f.weight'], w['ln_f.bias']))
    unembed = w['wte.weight'] if tied else w['lm_head.weight']
    hp('unembed.hook_out', x @ unembed.T)  # [1, T, vocab]
    return hooks


def forward_with_torch_builtins(w, act, tied, ids):
    """The same model through PyTorch's own LayerNorm, GELU and multi-head attention: an independent check."""
    T = len(ids)
    x = (w['wte.weight'][torch.tensor(ids)] + w['wpe.weight'][:T])[:, None]  # [T, 1, d] as torch MHA wants
    mask = torch.ones(T, T, dtype=torch.bool).triu(1)
    act_fn = {'gelu_new': lambda t: F.gelu(t, approximate='tanh'), 'gelu': F.gelu, 'relu': F.relu}[act]
    for i in range(N_LAYER):
        h = f'h.{i}.'
        a = F.layer_norm(x, (N_EMBD,), w[h + 'ln_1.weight'], w[h + 'ln_1.bias'], EPS)
        attn, _ = F.multi_head_attention_forward(
            a, a, a, N_EMBD, N_HEAD, w[h + 'attn.c_attn.weight'].T, w[h + 'attn.c_attn.bias'], None, None, False, 0.0,
            w[h + 'attn.c_proj.weight'].T, w[h + 'attn.c_proj.bias'], training=False, need_weights=False, attn_mask=mask)
        x = x + attn
        m = F.layer_norm(x, (N_EMBD,), w[h + 'ln_2.weight'], w[h + 'ln_2.bias'], EPS)
        x = x + F.linear(act_fn(F.linear(m, w[h + 'mlp.c_fc.weight'].T, w[h + 'mlp.c_fc.bias'])),
                         w[h + 'mlp.c_proj.weight'].T, w[h + 'mlp.c_proj.bias'])
    x = F.layer_norm(x, (N_EMBD,), w['ln_f.weight'], w['ln_f.bias'], EPS)
    return F.linear(x, w['wte.weight'] if tied else w['lm_head.weight'])[:, 0]  # [T, vocab]


def greedy(w, act, tied, ids):
    """GREEDY_STEPS argmax tokens (lowest id on ties), recomputing the whole prefix each step; and the smallest top1-top2 gap."""
    ids, out, margin = list(ids), [], math.inf
    for _ in range(GREEDY_STEPS):
        last = forward(w, act, tied, ids)['unembed.hook_out'][0, -1].numpy()
        top = int(np.argmax(last))  # numpy returns the first (lowest) index of the maximum
        margin = min(margin, float(last[top] - np.max(np.delete(last, top))))
        ids.append(top)
        out.append(top)
    return out, margin


# ---------------------------------------------------------------------------------------------
# Checkpoint files: config.json and a hand-written model.safetensors

SAFETENSORS_DTYPES = {torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16'}
CONFIG_DTYPES = {'F32': 'float32', 'F16': 'float16', 'BF16': 'bfloat16'}


def config_json(v):
    return {
        'architectures': ['GPT2LMHeadModel'], 'model_type': 'gpt2',
        'n_layer': N_LAYER, 'n_head': N_HEAD, 'n_embd': N_EMBD, 'n_positions': N_POS, 'n_ctx': N_POS,
        'n_inner': None, 'vocab_size': VOCAB, 'layer_norm_epsilon': EPS,
        'activation_function': v['act'], 'tie_word_embeddings': v['tied'], 'torch_dtype': CONFIG_DTYPES[v['dtype']],
    }


def checkpoint_tensors(stored, v):
    """(file name, tensor) pairs as HF writes them: optional 'transformer.' prefix, lm_head.weight never prefixed;
    and the names of the buffers a loader must ignore."""
    tensors = [(v['prefix'] + name, t) for name, t in stored.items() if name != 'lm_head.weight']
    buffers = []
    if v['buffers']:
        # Old HF checkpoints carry the causal mask and the masked-attention fill value.
        for i in range(N_LAYER):
            buffers.append((f"{v['prefix']}h.{i}.attn.bias", torch.ones(N_POS, N_POS).tril().view(1, 1, N_POS, N_POS)))
            buffers.append((f"{v['prefix']}h.{i}.attn.masked_bias", torch.tensor(-1e4)))
        if v['tied']:
            tensors.append(('lm_head.weight', stored['wte.weight']))  # a copy of wte, as tied HF saves may hold
    if not v['tied']:
        tensors.append(('lm_head.weight', stored['lm_head.weight']))
    return tensors + buffers, [name for name, _ in buffers]


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: move the raw 16-bit patterns
        return t.view(torch.int16).numpy().astype('<i2').tobytes()
    return t.numpy().astype({torch.float32: '<f4', torch.float16: '<f2'}[t.dtype]).tobytes()


def safetensors_bytes(tensors):
    """8-byte little-endian header length, JSON header padded with spaces to a multiple of 8, raw data."""
    header, blobs, offset = {'__metadata__': {'format': 'pt'}}, [], 0
    for name, t in tensors:
        blob = tensor_bytes(t)
        header[name] = {'dtype': SAFETENSORS_DTYPES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(blobs)


# ---------------------------------------------------------------------------------------------
# Variants: choose a seed whose greedy runs are informative, check, and write the fixtures

def build_variant(v):
    """Tries seeds until every prompt's continuation has clear argmaxes and is not a constant repeat."""
    for attempt in range(100):
        seed = 1000 * v['seed'] + attempt
        stored = round_to(make_weights(seed, v['tied']), v['dtype'])
        ref = {name: t.to(torch.float64) for name, t in stored.items()}  # the rounded weights, exactly
        g = torch.Generator().manual_seed(seed)
        prompts = [torch.randint(VOCAB, (n,), generator=g).tolist() for n in PROMPT_LENGTHS]
        runs = [greedy(ref, v['act'], v['tied'], ids) for ids in prompts]
        if all(margin >= MIN_MARGIN and len(set(cont)) >= MIN_DISTINCT for cont, margin in runs):
            return seed, stored, ref, prompts, runs
        print(f"  {v['name']}: seed {seed} rejected (margins {[round(m, 5) for _, m in runs]})")
    raise RuntimeError(f"no seed gave clear greedy continuations for {v['name']}")


def check_and_measure(stored, ref, v, ids, hooks):
    """Asserts agreement with PyTorch's built-in layers; returns how far a float32 forward drifts from float64."""
    builtin = forward_with_torch_builtins(ref, v['act'], v['tied'], ids)
    assert torch.allclose(builtin, hooks['unembed.hook_out'][0], rtol=0, atol=1e-9), f"{v['name']}: builtin check failed"
    h32 = forward({name: t.to(torch.float32) for name, t in stored.items()}, v['act'], v['tied'], ids)
    drift = {}
    for name, t in hooks.items():
        finite = torch.isfinite(t)
        assert torch.equal(finite, torch.isfinite(h32[name])), f'{name}: non-finite entries differ'
        drift[name] = float((h32[name].double() - t)[finite].abs().max())
    return max(drift.values()), drift['unembed.hook_out']


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(json.dumps(obj, indent=2) + '\n')


def write_prompt(vdir, k, hooks):
    """One float32 C-order .npy per hook under p<k>/; returns the file names in forward order."""
    os.makedirs(os.path.join(vdir, f'p{k}'))
    files = []
    for name, t in hooks.items():
        np.save(os.path.join(vdir, f'p{k}', name + '.npy'), np.ascontiguousarray(t.numpy(), dtype='<f4'))
        files.append(name + '.npy')
    return files


def write_variant(out, v):
    seed, stored, ref, prompts, runs = build_variant(v)
    vdir = os.path.join(out, v['name'])
    shutil.rmtree(vdir, ignore_errors=True)
    os.makedirs(vdir)
    config = config_json(v)
    write_json(os.path.join(vdir, 'config.json'), config)
    tensors, ignored = checkpoint_tensors(stored, v)
    with open(os.path.join(vdir, 'model.safetensors'), 'wb') as f:
        f.write(safetensors_bytes(tensors))
    records, drifts = [], []
    for k, (ids, (cont, margin)) in enumerate(zip(prompts, runs)):
        hooks = forward(ref, v['act'], v['tied'], ids)
        drifts.append(check_and_measure(stored, ref, v, ids, hooks))
        records.append({'dir': f'p{k}', 'ids': ids, 'greedy': cont, 'greedy_min_margin': float(f'{margin:.6g}'),
                        'hooks': write_prompt(vdir, k, hooks)})
    write_json(os.path.join(vdir, 'expected.json'), {
        'variant': v['name'],
        'config': config,
        'weights': {'dtype': v['dtype'], 'name_prefix': v['prefix'], 'tied': v['tied'],
                    'ignored_tensors': ignored, 'lm_head_copy_of_wte': v['tied'] and any(n == 'lm_head.weight' for n, _ in tensors),
                    'seed': seed},
        'reference_note': 'computed in float64 from the weights exactly as stored (after rounding to the file dtype); '
                          'hook files are float32, batch dimension kept (= 1)',
        'greedy_min_margin': float(f'{min(m for _, m in runs):.6g}'),
        'float32_drift': {'max_abs_any_hook': float(f'{max(d[0] for d in drifts):.3g}'),
                          'max_abs_logits': float(f'{max(d[1] for d in drifts):.3g}')},
        'prompts': records,
        'masked_value_note': MASKED_VALUE_NOTE,
    })
    print(f"{v['name']}: seed {seed}, greedy min margin {min(m for _, m in runs):.4g}, "
          f"distinct {[len(set(c)) for c, _ in runs]}, float32 drift {max(d[0] for d in drifts):.2g}")


def main():
    parser = argparse.ArgumentParser(description='Writes GPT-2 golden fixtures for the engine tests.')
    parser.add_argument('--out', default='test/fixtures/engine', help='folder to (re)write the variant folders in')
    args = parser.parse_args()
    torch.set_num_threads(1)  # one thread keeps float reductions in a fixed order
    for v in VARIANTS:
        write_variant(args.out, v)


if __name__ == '__main__':
    main()
