#!/usr/bin/env python3
"""Reference results for Repscope's probes and directions, from scikit-learn and numpy.

  fixtures:  /usr/bin/python3 scripts/reference/probe_reference.py fixtures --out test/fixtures/analysis/probe
  bench:     /usr/bin/python3 scripts/reference/probe_reference.py bench --dir DIR   (used by scripts/bench/analysisProbe.ts)

Fixtures are seeded datasets with their fold assignments written out, so the TypeScript probes are
scored on exactly the same folds. The probe is a Pipeline of StandardScaler and
LogisticRegression(C=1, lbfgs, multinomial): the objective Repscope's probe minimises.
"""
import argparse
import json
import os
import time

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 20240611
FOLDS = 5
TIGHT_TOL = 1e-10


def probe(C=1.0, tol=1e-4):
    return make_pipeline(
        StandardScaler(),
        LogisticRegression(C=C, tol=tol, max_iter=100000, solver="lbfgs", multi_class="multinomial"),
    )


def classes_dataset(rng, n, d, k, signal, noise_scales=None, offsets=None):
    """Gaussian blobs: class means on random unit vectors times `signal`, unit noise, optional per-column scale/offset."""
    y = np.arange(n) % k
    rng.shuffle(y)
    means = rng.normal(size=(k, d))
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    x = rng.normal(size=(n, d)) + signal * means[y]
    if noise_scales is not None:
        x *= noise_scales
    if offsets is not None:
        x += offsets
    return x.astype(np.float32), y.astype(np.int32)


def datasets(rng):
    out = {}
    out["separable"] = classes_dataset(rng, 240, 20, 3, 6.0)
    x = rng.normal(size=(200, 30)).astype(np.float32)
    out["chance"] = (x, (rng.permutation(200) % 2).astype(np.int32))
    out["manyclass"] = classes_dataset(rng, 500, 24, 10, 2.5)
    scales = 10.0 ** rng.uniform(-3, 3, size=16)
    x, y = classes_dataset(rng, 300, 16, 2, 1.5, noise_scales=scales, offsets=1000.0 * rng.normal(size=16))
    x[:, 5] = 7.0  # a constant column: StandardScaler gives it scale 1
    out["anisotropic"] = (x, y)
    z, y = classes_dataset(rng, 160, 6, 3, 2.0)
    mix = rng.normal(size=(6, 40))
    x = (z @ mix).astype(np.float32)
    x[:, 39] = x[:, 0]  # an exact duplicate column
    out["rankdeficient"] = (x, y)
    return out


def stratified_folds(y):
    folds = np.zeros(len(y), dtype=np.int32)
    for f, (_, test) in enumerate(StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(np.zeros(len(y)), y)):
        folds[test] = f
    return folds


def cv_probe(x, y, folds, tol):
    accuracies, iterations, fits = [], [], []
    for f in range(folds.max() + 1):
        train, test = folds != f, folds == f
        model = probe(tol=tol).fit(x[train], y[train])
        accuracies.append(float(model.score(x[test], y[test])))
        iterations.append(int(model[-1].n_iter_[0]))
        fits.append(model)
    return accuracies, iterations, fits


def coef_matrix(model, k):
    """K×d weights on standardised features; scikit-learn keeps only class 1's row for two classes (w₀ = −w₁)."""
    lr = model[-1]
    coef, intercept = lr.coef_, lr.intercept_
    if k == 2:
        coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
    return coef, intercept


def save(out, name, array):
    np.save(os.path.join(out, name), array)


def probe_fixtures(out, rng):
    expected = {}
    for name, (x, y) in datasets(rng).items():
        folds = stratified_folds(y)
        save(out, f"{name}.x.npy", x)
        save(out, f"{name}.y.npy", y)
        save(out, f"{name}.folds.npy", folds)
        accuracies, iterations, _ = cv_probe(x, y, folds, 1e-4)
        tight, _, fits = cv_probe(x, y, folds, TIGHT_TOL)
        coef, intercept = coef_matrix(fits[0], int(y.max()) + 1)
        expected[name] = {
            "shape": list(x.shape), "classes": int(y.max()) + 1,
            "accuracy": accuracies, "meanAccuracy": float(np.mean(accuracies)), "iterations": iterations,
            "tightAccuracy": tight,
            "fold0": {"coef": coef.tolist(), "intercept": intercept.tolist()},
        }
    return expected


def ridge_fixture(out, rng):
    x = rng.normal(size=(240, 16)) * 10.0 ** rng.uniform(-1, 1, size=16) + 5.0
    beta = rng.normal(size=16)
    y = x @ beta + 0.5 * rng.normal(size=240) * np.std(x @ beta)
    x = x.astype(np.float32)
    folds = np.zeros(240, dtype=np.int32)
    for f, (_, test) in enumerate(KFold(FOLDS, shuffle=True, random_state=0).split(x)):
        folds[test] = f
    save(out, "ridge.x.npy", x)
    save(out, "ridge.y.npy", y)
    save(out, "ridge.folds.npy", folds)
    r2, coef0, x64 = [], None, x.astype(np.float64)
    for f in range(FOLDS):
        train, test = folds != f, folds == f
        # float64 copies of the float32 data: scikit-learn would otherwise solve in float32.
        model = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(x64[train], y[train])
        r2.append(float(r2_score(y[test], model.predict(x64[test]))))
        if f == 0:
            coef0 = {"coef": model[-1].coef_.tolist(), "intercept": float(model[-1].intercept_)}
    # A wide problem (n < d) exercises the dual solve.
    wide = rng.normal(size=(40, 120)).astype(np.float32)
    wide_y = wide[:, :3].astype(np.float64).sum(axis=1) + 0.1 * rng.normal(size=40)
    save(out, "ridgewide.x.npy", wide)
    save(out, "ridgewide.y.npy", wide_y)
    wide_model = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(wide.astype(np.float64), wide_y)
    return {"r2": r2, "meanR2": float(np.mean(r2)), "fold0": coef0,
            "wide": {"coef": wide_model[-1].coef_.tolist(), "intercept": float(wide_model[-1].intercept_)}}


def direction_fixture(out, rng):
    """60 contrast pairs in 12 dimensions: rows 2i (positive) and 2i+1 (negative) differ along a concept."""
    m, d = 60, 12
    concept = rng.normal(size=d)
    concept /= np.linalg.norm(concept)
    base = rng.normal(size=(m, d)) * 2.0 + 3.0
    pos = base + 1.0 * concept + 0.4 * rng.normal(size=(m, d))
    neg = base - 1.0 * concept + 0.4 * rng.normal(size=(m, d))
    x = np.empty((2 * m, d), dtype=np.float32)
    x[0::2], x[1::2] = pos, neg
    save(out, "pairs.x.npy", x)
    x64 = x.astype(np.float64)
    meandiff = x64[0::2].mean(axis=0) - x64[1::2].mean(axis=0)
    diffs = x64[0::2] - x64[1::2]
    pcadiff = np.linalg.svd(diffs, full_matrices=False)[2][0]  # top right singular vector: uncentred PCA
    if np.sum(diffs @ pcadiff > 0) < m / 2:
        pcadiff = -pcadiff
    labels = np.tile([1, 0], m)
    model = probe(tol=TIGHT_TOL).fit(x, labels)
    w = model[-1].coef_[0] / model[0].scale_  # class 1's weights (w₀ = −w₁) in raw units
    return {
        "concept": concept.tolist(),
        "meandiff": (meandiff / np.linalg.norm(meandiff)).tolist(), "meandiffNorm": float(np.linalg.norm(meandiff)),
        "pcadiff": pcadiff.tolist(),
        "probe": (w / np.linalg.norm(w)).tolist(),
    }


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    expected = {
        "about": "Generated by scripts/reference/probe_reference.py with scikit-learn; folds are written out per dataset.",
        "probes": probe_fixtures(out, rng),
        "ridge": ridge_fixture(out, rng),
        "directions": direction_fixture(out, rng),
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def bench(directory):
    """Times StandardScaler + LogisticRegression fits per layer and fold of DIR/layer*.npy (labels.npy, folds.npy)."""
    y = np.load(os.path.join(directory, "labels.npy"))
    folds = np.load(os.path.join(directory, "folds.npy"))
    layers = sorted(name for name in os.listdir(directory) if name.startswith("layer"))
    seconds, accuracy, iterations = 0.0, [], []
    for name in layers:
        x = np.load(os.path.join(directory, name))
        scores = []
        for f in range(folds.max() + 1):
            train, test = folds != f, folds == f
            start = time.perf_counter()
            model = probe().fit(x[train], y[train])
            seconds += time.perf_counter() - start
            scores.append(float(model.score(x[test], y[test])))
            iterations.append(int(model[-1].n_iter_[0]))
        accuracy.append(float(np.mean(scores)))
    print(json.dumps({"fitSeconds": seconds, "accuracy": accuracy, "iterations": iterations}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["fixtures", "bench"])
    parser.add_argument("--out", default="test/fixtures/analysis/probe")
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.mode == "fixtures":
        fixtures(args.out)
    else:
        if not args.dir:
            parser.error("bench needs --dir")
        bench(args.dir)


if __name__ == "__main__":
    main()
