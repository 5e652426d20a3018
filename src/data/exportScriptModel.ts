// The TransformerLens half of the exported Python script: caching activations, PCA/UMAP, probes,
// directions, steering and patching. Imports torch only inside functions so --selftest needs numpy alone.

/** Python source, placed after the pure half. */
export const MODEL_PYTHON = String.raw`
# ---------------------------------------------------------------------------
# TransformerLens: hook names are the same as Repscope's.
# ---------------------------------------------------------------------------
GLOBAL_SITES = ("hook_embed", "hook_pos_embed", "ln_final.hook_normalized", "unembed.hook_out")
QUERY_KEY_SITES = ("attn.hook_attn_scores", "attn.hook_pattern")


def hook_name(layer, site=None):
    site = SITE if site is None else site
    return site if site in GLOBAL_SITES else "blocks.%d.%s" % (layer, site)


def load_model():
    # Without weight processing (no folded LayerNorm, no centring) so activations match Repscope's.
    from transformer_lens import HookedTransformer
    if WEIGHTS_DIR is None:
        return HookedTransformer.from_pretrained_no_processing(MODEL_NAME)
    from transformers import AutoModelForCausalLM
    hf_model = AutoModelForCausalLM.from_pretrained(WEIGHTS_DIR)
    return HookedTransformer.from_pretrained_no_processing(MODEL_NAME, hf_model=hf_model)


def tokens_for(model, text):
    """[1, pos] token ids: Repscope's own tokenisation when the script carries it, else the model's."""
    import torch
    if TOKEN_IDS is not None and text in TOKEN_IDS:
        return torch.tensor([TOKEN_IDS[text]], device=model.cfg.device)
    return model.to_tokens(text, prepend_bos=PREPEND_BOS)


def read_position(act, length):
    """One prompt's activation [pos, ...] -> rows [n, features] at READ_POSITION (all: one row per token)."""
    if READ_POSITION == "all":
        rows = act[:length]
    elif READ_POSITION == "mean":
        rows = act[:length].mean(axis=0, keepdims=True)
    elif READ_POSITION == "last":
        rows = act[length - 1:length]
    else:
        p = READ_POSITION if READ_POSITION >= 0 else length + READ_POSITION
        if not 0 <= p < length:
            raise ValueError("read position %d is outside a prompt of %d tokens" % (READ_POSITION, length))
        rows = act[p:p + 1]
    return rows.reshape(rows.shape[0], -1)


def cache_activations(model, layers):
    """{layer: [rows, features]} at the chosen hook and position, and the prompt index of each row."""
    import torch
    names = [hook_name(layer) for layer in layers]
    rows, owner = {layer: [] for layer in layers}, []
    with torch.no_grad():
        for i, prompt in enumerate(PROMPTS):
            tokens = tokens_for(model, prompt)
            _, cache = model.run_with_cache(tokens, names_filter=names)
            for layer, name in zip(layers, names):
                act = cache[name][0].float().cpu().numpy()
                if SITE in QUERY_KEY_SITES:
                    act = np.moveaxis(act, 1, 0)  # [head, q, k] -> [q, head, k]
                got = read_position(act, tokens.shape[1])
                rows[layer].append(got)
            owner.extend([i] * got.shape[0])
    return {layer: np.concatenate(r) for layer, r in rows.items()}, np.asarray(owner)


def project(x):
    """2-D coordinates by the view's method (PCA from scikit-learn, UMAP from umap-learn)."""
    if PCA_STANDARDIZE:
        std = x.std(axis=0)
        x = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    if METHOD == "umap":
        import umap
        return umap.UMAP(n_neighbors=UMAP["nNeighbors"], min_dist=UMAP["minDist"], n_epochs=UMAP["nEpochs"],
                         random_state=UMAP["seed"]).fit_transform(x)
    from sklearn.decomposition import PCA
    pca = PCA(n_components=min(2, x.shape[0], x.shape[1]))
    coords = pca.fit_transform(x)
    print("  PCA explained variance ratio: %s" % np.round(pca.explained_variance_ratio_.astype(float), 4).tolist())
    return coords


def probe_scores(x, y, fold_ids):
    """Accuracy per fold of an L2 logistic probe on standardised features, on Repscope's folds."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    scores = []
    for fold in range(int(np.max(fold_ids)) + 1):
        train, test = fold_rows(fold_ids, fold)
        probe = make_pipeline(StandardScaler(), LogisticRegression(C=PROBE["C"], max_iter=1000, tol=1e-4))
        probe.fit(x[train], y[train])
        scores.append(accuracy(probe.predict(x[test]), y[test]))
    return scores


def direction_at(x, row_labels):
    return mean_difference(x, row_labels == DIRECTION["positive"], row_labels == DIRECTION["negative"])
`;
