"""Golden PCA and linear-CKA results for the TypeScript tests of src/analysis/pca.ts and similarity.ts.

Run with Debian's Python, which has numpy and scikit-learn 1.2:

    /usr/bin/python3 scripts/reference/pca_reference.py --out test/fixtures/analysis/pca

Every dataset is drawn from a seeded numpy generator, rounded to float32 (float16 for the large one, to
keep the fixtures small) and fitted in float64 by sklearn PCA(svd_solver='full'), optionally after
StandardScaler. Linear CKA is computed twice in numpy (feature-space and Gram-matrix forms) and the two
must agree. A rerun writes the same bytes. index.json lists the files and what each test compares.
"""
import argparse
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

# A component is "distinct" when its eigenvalue is at least this fraction of the first one away from
# both neighbours: then float32 arithmetic pins its direction well inside |cos| >= 0.9999.
DISTINCT_GAP = 1e-3
# Projections are stored for the first rows only (enough to test applyPca, small on disk).
PROJECTED_ROWS = 100


def random_rotation(rng, d):
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


def latent(rng, n, stds):
    """n rows with independent columns of the given standard deviations, randomly rotated."""
    z = rng.standard_normal((n, len(stds))) * stds
    return z @ random_rotation(rng, len(stds))


def make_datasets():
    sets = []
    rng = np.random.default_rng(20240401)
    x = latent(rng, 500, 2.0 ** (-np.arange(40) / 3)) + 5.0
    sets.append(dict(name="aniso", x=x, k=10, note="anisotropic Gaussian, eigenvalue ratio 2^(-2/3) between neighbours"))

    z = latent(rng, 300, 1.5 ** -np.arange(12))
    z *= 10.0 ** rng.uniform(-2, 2, 12)
    z[:, 7] = 3.25  # a constant column: standardize must leave it at zero
    sets.append(dict(name="standardized", x=z, k=6, standardize=True, note="columns on scales 1e-2…1e2 and one constant column"))

    basis = rng.standard_normal((5, 40))
    x = rng.standard_normal((200, 5)) * np.array([4.0, 3.0, 2.0, 1.5, 1.0]) @ basis - 2.0
    sets.append(dict(name="lowrank", x=x, k=10, rank=5, note="rank 5 in 40 dimensions; k = 10 exceeds the rank"))

    basis = random_rotation(rng, 40)[:6]
    x = rng.standard_normal((200, 6)) * (2.0 ** -np.arange(6)) @ basis + 1e-3 * rng.standard_normal((200, 40))
    sets.append(dict(name="nearlowrank", x=x, k=10, note="rank 6 plus isotropic noise of 1e-3"))

    x = latent(rng, 60, 1.25 ** -np.arange(200)) + rng.uniform(-1, 1, 200)
    sets.append(dict(name="wide", x=x, k=20, note="n < d (60 × 200): PCA through the Gram matrix"))

    x = latent(rng, 2000, 1.06 ** -np.arange(300))
    sets.append(dict(name="large", x=x, k=50, dtype="<f2", note="2000 × 300 stored as float16 to stay small"))
    return sets


def relative_gaps(values):
    """For each eigenvalue, its distance to the nearest neighbour divided by the largest eigenvalue."""
    v = np.asarray(values)
    gaps = np.full(len(v), np.inf)
    gaps[:-1] = np.minimum(gaps[:-1], v[:-1] - v[1:])
    gaps[1:] = np.minimum(gaps[1:], v[:-1] - v[1:])
    return gaps / v[0]


def save(out, name, array):
    np.save(os.path.join(out, name), np.ascontiguousarray(array), allow_pickle=False)
    return name


def fit_dataset(out, spec):
    dtype = spec.get("dtype", "<f4")
    x = spec["x"].astype(np.float16 if dtype == "<f2" else np.float32)
    data = x.astype(np.float64)
    standardize = spec.get("standardize", False)
    if standardize:
        data = StandardScaler().fit_transform(data)
    full = PCA(svd_solver="full").fit(data)
    k = spec["k"]
    rank = spec.get("rank", min(k, *data.shape))
    pca = PCA(n_components=k, svd_solver="full").fit(data)
    gaps = relative_gaps(full.explained_variance_)[:k]
    name = spec["name"]
    return dict(
        name=name,
        note=spec["note"],
        x=save(out, f"{name}_x.npy", x),
        dtype=dtype,
        rows=int(x.shape[0]),
        cols=int(x.shape[1]),
        k=k,
        standardize=standardize,
        rank=int(rank),
        distinct=[int(i) for i in range(rank) if gaps[i] >= DISTINCT_GAP],
        components=save(out, f"{name}_components.npy", pca.components_[:rank].astype(np.float64)),
        explainedVariance=save(out, f"{name}_variance.npy", pca.explained_variance_[:rank].astype(np.float64)),
        explainedVarianceRatio=save(out, f"{name}_ratio.npy", pca.explained_variance_ratio_[:rank].astype(np.float64)),
        projected=save(out, f"{name}_projected.npy", pca.transform(data[:PROJECTED_ROWS])[:, :rank].astype(np.float32)),
        projectedRows=int(min(PROJECTED_ROWS, x.shape[0])),
        totalVariance=float(full.explained_variance_.sum()),
    )


def linear_cka(a, b):
    """Feature-space form: ||BᵀA||²_F / (||AᵀA||_F · ||BᵀB||_F) on centred columns."""
    a = a - a.mean(0)
    b = b - b.mean(0)
    cross = np.linalg.norm(b.T @ a) ** 2
    return cross / (np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b))


def linear_cka_gram(a, b):
    """Gram form: HSIC(K, L) / sqrt(HSIC(K, K)·HSIC(L, L)) with K = AAᵀ, L = BBᵀ, centred by H."""
    n = a.shape[0]
    h = np.eye(n) - 1.0 / n
    k = h @ (a @ a.T) @ h
    l_ = h @ (b @ b.T) @ h
    return np.sum(k * l_) / np.sqrt(np.sum(k * k) * np.sum(l_ * l_))


def cka_cases(out):
    rng = np.random.default_rng(7)
    a = rng.standard_normal((300, 20)) * (1.1 ** -np.arange(20)) + 3.0
    b = a @ rng.standard_normal((20, 30)) + 0.5 * rng.standard_normal((300, 30))
    c = rng.standard_normal((300, 25))
    d = np.tanh((a[:, :10] - 3.0) * 0.7) + 0.1 * rng.standard_normal((300, 10))
    layers = [m.astype(np.float32) for m in (a, b, c, d)]
    files = [save(out, f"cka_{name}.npy", m) for name, m in zip("abcd", layers)]
    data = [m.astype(np.float64) for m in layers]
    matrix = np.array([[linear_cka(p, q) for q in data] for p in data])
    gram = np.array([[linear_cka_gram(p, q) for q in data] for p in data])
    assert np.max(np.abs(matrix - gram)) < 1e-10, "the two CKA forms disagree"
    return dict(layers=files, matrix=[[float(v) for v in row] for row in matrix])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="fixture directory to (re)write")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    index = dict(
        generator="scripts/reference/pca_reference.py",
        sklearn=sklearn.__version__,
        numpy=np.__version__,
        distinctGap=DISTINCT_GAP,
        datasets=[fit_dataset(out, spec) for spec in make_datasets()],
        cka=cka_cases(out),
    )
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
