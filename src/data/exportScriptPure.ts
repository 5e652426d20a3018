// The numpy-only half of the exported Python script: dataset, folds, metrics and a self-test that
// runs without torch or TransformerLens (`python3 script.py --selftest`). Constant text, no user data.

/** Python source, placed after the settings block. */
export const PURE_PYTHON = String.raw`
# ---------------------------------------------------------------------------
# Pure Python and numpy: importable and testable without torch or TransformerLens.
# ---------------------------------------------------------------------------

def build_dataset():
    """The prompts, their labels, the sorted class names and each prompt's class index."""
    if len(PROMPTS) == 0:
        raise ValueError("PROMPTS is empty; add at least two prompts per class")
    if len(LABELS) != len(PROMPTS) or len(FOLD_IDS) != len(PROMPTS):
        raise ValueError("PROMPTS, LABELS and FOLD_IDS need one entry per prompt (found %d, %d, %d)"
                         % (len(PROMPTS), len(LABELS), len(FOLD_IDS)))
    classes = sorted(set(LABELS))
    y = np.array([classes.index(label) for label in LABELS], dtype=np.int64)
    return list(PROMPTS), list(LABELS), classes, y


def fold_rows(fold_ids, fold):
    """Training and test row indices of one fold: the test rows are those whose fold id is fold."""
    ids = np.asarray(fold_ids)
    return np.flatnonzero(ids != fold), np.flatnonzero(ids == fold)


def accuracy(predicted, actual):
    """Fraction of rows whose predicted class equals the actual one."""
    predicted, actual = np.asarray(predicted), np.asarray(actual)
    if predicted.shape != actual.shape or predicted.size == 0:
        raise ValueError("accuracy needs two non-empty arrays of the same shape")
    return float(np.mean(predicted == actual))


def logit_difference(logits, correct_ids, wrong_ids):
    """Mean over prompts of logit(correct) - logit(wrong); logits is [prompts, d_vocab] at the answer position."""
    logits = np.asarray(logits, dtype=np.float64)
    rows = np.arange(logits.shape[0])
    return float(np.mean(logits[rows, np.asarray(correct_ids)] - logits[rows, np.asarray(wrong_ids)]))


def normalised_recovery(patched, clean, corrupt):
    """0 when a patch leaves the corrupt run's metric unchanged, 1 when it restores the clean run's."""
    gap = clean - corrupt
    if abs(gap) < 1e-12:
        return float("nan")
    return float((patched - corrupt) / gap)


def mean_difference(x, is_positive, is_negative):
    """Unit vector from the negative rows' mean to the positive rows' mean, and the difference's length."""
    x = np.asarray(x, dtype=np.float64)
    if not np.any(is_positive) or not np.any(is_negative):
        raise ValueError("a mean-difference direction needs rows of both the positive and the negative class")
    diff = x[is_positive].mean(axis=0) - x[is_negative].mean(axis=0)
    norm = float(np.linalg.norm(diff))
    if norm == 0.0:
        raise ValueError("the positive and negative rows have the same mean, so there is no direction")
    return diff / norm, norm


def nearest_mean_cv(x, y, fold_ids):
    """Per-fold accuracy of a nearest-class-mean classifier: a numpy-only check of the folds."""
    scores = []
    for fold in range(int(np.max(fold_ids)) + 1):
        train, test = fold_rows(fold_ids, fold)
        classes = np.unique(y[train])
        means = np.stack([x[train][y[train] == c].mean(axis=0) for c in classes])
        dist = ((x[test][:, None, :] - means[None, :, :]) ** 2).sum(axis=2)
        scores.append(accuracy(classes[np.argmin(dist, axis=1)], y[test]))
    return scores


def steering_mask(n_tokens, prompt_len, generated, positions, mode):
    """1 at the positions steered in a pass over n_tokens tokens, as Repscope steers (oneshot: prompt only)."""
    mask = np.zeros(n_tokens)
    if mode == "continual" and positions == "last":
        mask[n_tokens - generated - 1:] = 1.0
    elif positions == "all":
        mask[:] = 1.0
    elif positions == "generated":
        mask[prompt_len:] = 1.0
    elif not isinstance(positions, str):
        # A token index names a prompt token, in both modes (negative: from the prompt's end).
        mask[positions if positions >= 0 else prompt_len + positions] = 1.0
    else:
        mask[n_tokens - 1] = 1.0
    if mode == "oneshot":
        mask[prompt_len:] = 0.0
    return mask


def selftest():
    """Checks the dataset, the folds and every metric on inputs whose answers are known."""
    prompts, labels, classes, y = build_dataset()
    fold_ids = np.asarray(FOLD_IDS)
    k = int(fold_ids.max()) + 1
    print("dataset: %d prompts, %d classes, counts %s" % (len(prompts), len(classes), [int(np.sum(y == c)) for c in range(len(classes))]))
    print("folds: k=%d sizes %s" % (k, [int(np.sum(fold_ids == f)) for f in range(k)]))
    one_hot = np.eye(len(classes))[y]
    print("nearest-mean accuracy per fold: %s" % ["%.4f" % s for s in nearest_mean_cv(one_hot, y, fold_ids)])
    print("accuracy: %.4f" % accuracy([0, 1, 1, 0], [0, 1, 0, 0]))
    toy = np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 3.0]])
    print("logit difference: %.4f" % logit_difference(toy, [0, 2], [1, 1]))
    print("normalised recovery: %.4f" % normalised_recovery(1.0, 3.0, -1.0))
    direction, norm = mean_difference([[1, 0], [3, 0], [0, 1], [0, 3]], np.array([1, 1, 0, 0]) == 1, np.array([1, 1, 0, 0]) == 0)
    print("mean difference: norm %.4f direction %s" % (norm, ["%.4f" % v for v in direction]))
    print("steering mask: %s" % [int(v) for v in steering_mask(5, 3, 2, "last", "continual")])
    print("selftest: ok")
`;
