// The interventions and the entry point of the exported Python script: steering and activation
// patching through TransformerLens hooks, with the same metrics as Repscope, then main().

/** Python source, placed last. */
export const RUN_PYTHON = String.raw`
def steer(model, directions):
    """Greedy continuations of each steering prompt, adding alpha * unit direction as Repscope does."""
    import torch
    spec = STEERING
    for prompt in spec["prompts"]:
        tokens = tokens_for(model, prompt)
        prompt_len = tokens.shape[1]
        for alpha in (0.0, spec["alpha"]):
            seq = tokens
            for generated in range(spec["maxNewTokens"]):
                mask = torch.tensor(steering_mask(seq.shape[1], prompt_len, generated, spec["positions"], spec["mode"]),
                                    dtype=torch.float32, device=seq.device)

                def add(act, hook, layer=None):
                    vec = torch.tensor(directions[layer], dtype=act.dtype, device=act.device)
                    return act + alpha * mask[None, :, None].to(act.dtype) * vec

                hooks = [(hook_name(layer, spec["site"]), lambda act, hook, layer=layer: add(act, hook, layer))
                         for layer in spec["layers"]]
                with torch.no_grad():
                    logits = model.run_with_hooks(seq, fwd_hooks=hooks)
                seq = torch.cat([seq, logits[:, -1].argmax(dim=-1, keepdim=True)], dim=1)
            print("  alpha=%g: new tokens %s" % (alpha, seq[0, prompt_len:].tolist()))


def answer_id(model, answer):
    return answer if isinstance(answer, int) else model.to_single_token(answer)


def patch(model):
    """Logit difference of each patched run (clean activation into the corrupt run) and its normalised recovery."""
    import torch
    spec = PATCHING
    pairs = spec["pairs"]
    correct = [answer_id(model, p["correct"]) for p in pairs]
    wrong = [answer_id(model, p["wrong"]) for p in pairs]

    def last_logits(text, hooks=()):
        with torch.no_grad():
            return model.run_with_hooks(tokens_for(model, text), fwd_hooks=list(hooks))[0, -1].float().cpu().numpy()

    clean = logit_difference([last_logits(p["clean"]) for p in pairs], correct, wrong)
    corrupt = logit_difference([last_logits(p["corrupt"]) for p in pairs], correct, wrong)
    print("  clean %.4f, corrupt %.4f" % (clean, corrupt))
    for layer in spec["layers"]:
        name = hook_name(layer, spec["site"])
        patched_rows = []
        for p in pairs:
            _, cache = model.run_with_cache(tokens_for(model, p["clean"]), names_filter=[name])
            source = cache[name]

            def put(act, hook, source=source):
                if spec["position"] == "last":
                    act[:, -1] = source[:, -1]
                else:
                    act[:] = source
                return act

            patched_rows.append(last_logits(p["corrupt"], [(name, put)]))
        patched = logit_difference(patched_rows, correct, wrong)
        print("  layer %d: logit difference %.4f, normalised recovery %.4f"
              % (layer, patched, normalised_recovery(patched, clean, corrupt)))


def main():
    _, labels, _, y = build_dataset()
    model = load_model()
    layers = sorted(set(LAYERS) | (set(STEERING["layers"]) if STEERING else set()))
    acts, owner = cache_activations(model, layers)
    row_y, row_folds, row_labels = y[owner], np.asarray(FOLD_IDS)[owner], np.asarray(labels, dtype=object)[owner]
    directions = {}
    for layer in layers:
        print("layer %d (%s), %d rows x %d features" % (layer, hook_name(layer), acts[layer].shape[0], acts[layer].shape[1]))
        if layer in LAYERS:
            project(acts[layer])
            scores = probe_scores(acts[layer], row_y, row_folds)
            print("  probe accuracy %.4f +/- %.4f over %d folds" % (np.mean(scores), np.std(scores), len(scores)))
        if DIRECTION is not None:
            directions[layer], norm = direction_at(acts[layer], row_labels)
            print("  mean-difference norm %.4f" % norm)
    if STEERING is not None:
        print("steering")
        steer(model, directions)
    if PATCHING is not None:
        print("patching")
        patch(model)


if __name__ == "__main__":
    if "--selftest" in sys.argv[1:]:
        selftest()
    else:
        main()
`;
