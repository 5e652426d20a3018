"""Reference fixtures for Repscope's UMAP and trustworthiness (test/fixtures/analysis/umap/).

Run with Debian's Python, which has numpy, scikit-learn 1.2.1 and umap-learn 0.5.3:

    /usr/bin/python3 scripts/reference/umap_reference.py --out test/fixtures/analysis/umap

Writes seeded datasets (.npy, float32), a fixed 2-D embedding of each with scikit-learn's
trustworthiness of it (to test ours exactly), umap-learn's trustworthiness of its own default
embedding (the bar our UMAP must reach), umap-learn's fuzzy graph of a small dataset, and its
(a, b) curve parameters, all listed in reference.json. Deterministic: a rerun writes the same bytes.
"""
import argparse
import json
import os

import numpy as np
import umap
from sklearn.datasets import make_blobs, make_swiss_roll
from sklearn.manifold import trustworthiness
from umap import umap_

SEED = 20240611
K_VALUES = (5, 15)


def blobs50(rng):
    """Eight Gaussian blobs in 50-D, some close enough to touch, of unequal spread."""
    centers = rng.normal(scale=2.2, size=(8, 50))
    std = rng.uniform(0.8, 1.6, size=8)
    x, _ = make_blobs(n_samples=1500, centers=centers, cluster_std=std, random_state=int(rng.integers(1 << 30)))
    return x


def swissroll20(rng):
    """A noisy swiss roll, rotated into 20-D with small isotropic noise on every axis."""
    x, _ = make_swiss_roll(n_samples=1500, noise=0.3, random_state=int(rng.integers(1 << 30)))
    q, _ = np.linalg.qr(rng.normal(size=(20, 20)))
    return np.hstack([x, np.zeros((x.shape[0], 17))]) @ q.T + rng.normal(scale=0.1, size=(x.shape[0], 20))


def trefoil20(rng):
    """A noisy trefoil knot (a closed 1-D curve) in 20-D; used with the cosine metric after a shift."""
    t = rng.uniform(0, 2 * np.pi, size=1000)
    curve = np.stack([np.sin(t) + 2 * np.sin(2 * t), np.cos(t) - 2 * np.cos(2 * t), -np.sin(3 * t)], axis=1)
    q, _ = np.linalg.qr(rng.normal(size=(20, 20)))
    x = np.hstack([curve, np.zeros((t.size, 17))]) @ q.T + rng.normal(scale=0.05, size=(t.size, 20))
    return x + 3.0 * rng.normal(size=20)  # away from the origin, so angles carry the shape


DATASETS = [("blobs50", blobs50, "euclidean"), ("swissroll20", swissroll20, "euclidean"), ("trefoil20", trefoil20, "cosine")]


def fixed_embedding(x, rng):
    """A mediocre but fixed 2-D embedding: a random projection plus noise (ties are improbable)."""
    y = x @ rng.normal(size=(x.shape[1], 2)) / np.sqrt(x.shape[1])
    return (y + rng.normal(scale=0.3 * y.std(), size=y.shape)).astype(np.float32)


def umap_learn_run(x, metric):
    reducer = umap.UMAP(n_neighbors=15, min_dist=0.1, metric=metric, random_state=0)
    return reducer.fit_transform(x)


def dataset_entry(name, make, metric, rng, out):
    x = make(rng).astype(np.float32)
    np.save(os.path.join(out, f"{name}.npy"), x)
    y_fixed = fixed_embedding(x.astype(np.float64), rng)
    np.save(os.path.join(out, f"{name}_fixed_embedding.npy"), y_fixed)
    y = umap_learn_run(x, metric)
    return {
        "file": f"{name}.npy",
        "rows": int(x.shape[0]),
        "cols": int(x.shape[1]),
        "metric": metric,
        "fixedEmbedding": {
            "file": f"{name}_fixed_embedding.npy",
            "trustworthiness": {str(k): float(trustworthiness(x, y_fixed, n_neighbors=k, metric=metric)) for k in K_VALUES},
        },
        "umapLearn": {
            "params": "n_neighbors=15, min_dist=0.1, random_state=0, other defaults",
            "nEpochs": 500 if x.shape[0] <= 10000 else 200,  # umap-learn's default when n_epochs is None
            "trustworthiness15": float(trustworthiness(x, y, n_neighbors=15, metric=metric)),
        },
    }


def fuzzy_graph_entry(rng, out):
    """umap-learn's symmetrised fuzzy graph of 300 points, with its sigmas and rhos, to test ours exactly."""
    x = blobs50(rng)[:300].astype(np.float32)
    x[1] = x[0]  # a duplicate pair, the case where rho must be the first non-zero distance
    np.save(os.path.join(out, "graph300.npy"), x)
    graph, sigmas, rhos = umap_.fuzzy_simplicial_set(x, 15, np.random.RandomState(0), "euclidean")
    coo = graph.tocoo()
    order = np.lexsort((coo.col, coo.row))
    edges = np.stack([coo.row[order], coo.col[order], coo.data[order]], axis=1).astype(np.float64)
    np.save(os.path.join(out, "graph300_edges.npy"), edges)
    np.save(os.path.join(out, "graph300_sigmas_rhos.npy"), np.stack([sigmas, rhos], axis=1).astype(np.float64))
    return {"data": "graph300.npy", "edges": "graph300_edges.npy (row, col, weight)",
            "sigmasRhos": "graph300_sigmas_rhos.npy", "nNeighbors": 15}


def ab_entries():
    pairs = [(0.1, 1.0), (0.0, 1.0), (0.5, 1.0), (0.25, 2.0), (0.01, 0.5), (0.99, 1.0)]
    return [{"minDist": m, "spread": s, "a": float(a), "b": float(b)} for m, s in pairs for a, b in [umap_.find_ab_params(s, m)]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(SEED)
    reference = {
        "generator": "scripts/reference/umap_reference.py",
        "versions": {"umap-learn": umap.__version__, "numpy": np.__version__},
        "datasets": {name: dataset_entry(name, make, metric, rng, args.out) for name, make, metric in DATASETS},
        "fuzzyGraph": fuzzy_graph_entry(rng, args.out),
        "abParams": ab_entries(),
    }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v["umapLearn"]["trustworthiness15"] for k, v in reference["datasets"].items()}))


if __name__ == "__main__":
    main()
