"""numpy (single thread) as a benchmark peer: the same MLP step as bench/handwritten-mlp.ts, on
matrices (one GEMM per layer and direction), float64 or float32.

Run by bench/numpy-mlp.ts: `python3 numpy_mlp.py <job.json>`. The job names binary files of
little-endian float64 (weights, biases, data) and int32 (batch order), the sizes, activations,
loss, learning rate and dtype. Prints one JSON line: seconds (the training loop only), the first
batch's loss, and where the trained weights were written (float64, the same layout as the input).
OPENBLAS_NUM_THREADS=1 (set by the caller) keeps BLAS on one thread.
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    job = json.load(open(sys.argv[1]))
    dt = np.float64 if job["dtype"] == "float64" else np.float32
    sizes, acts, lr, B = job["sizes"], job["acts"], dt(job["lr"]), job["batch"]
    flat = np.fromfile(job["weights"], dtype="<f8")
    W, b, at = [], [], 0
    for l in range(len(sizes) - 1):
        nin, nout = sizes[l], sizes[l + 1]
        W.append(flat[at : at + nin * nout].reshape(nout, nin).T.astype(dt).copy())  # [nin, nout]
        at += nin * nout
        b.append(flat[at : at + nout].astype(dt).copy())
        at += nout
    X = np.fromfile(job["x"], dtype="<f8").reshape(-1, sizes[0]).astype(dt)
    Y = np.fromfile(job["y"], dtype="<f8").reshape(X.shape[0], -1).astype(dt)
    order = np.fromfile(job["order"], dtype="<i4")
    loss_kind, l2 = job["loss"], dt(job.get("l2", 0.0))

    def step(xb, yb):
        n = xb.shape[0]
        a, zs = [xb], []
        for l in range(len(W)):
            z = a[-1] @ W[l] + b[l]
            zs.append(z)
            a.append(np.maximum(z, 0) if acts[l] == "relu" else 1 / (1 + np.exp(-z)) if acts[l] == "sigmoid" else z)
        out = a[-1]
        if loss_kind == "softmax-ce":
            m = out.max(axis=1, keepdims=True)
            e = np.exp(out - m)
            s = e.sum(axis=1, keepdims=True)
            loss = float(np.mean(np.log(s[:, 0]) + m[:, 0] - (out * yb).sum(axis=1)))
            d = (e / s - yb) / n
        elif loss_kind == "mse":
            diff = out - yb
            loss = float(np.mean((diff * diff).sum(axis=1)))
            d = 2 * diff / n
        else:  # hinge + l2: mean relu(1 − y·s) + l2 Σ p²
            margin = 1 - yb * out
            penalty = sum(float((w * w).sum()) for w in W) + sum(float((c * c).sum()) for c in b)
            loss = float(np.maximum(margin, 0).mean()) + float(l2) * penalty
            d = np.where(margin > 0, -yb, 0).astype(dt) / n
        for l in range(len(W) - 1, -1, -1):
            act = acts[l]
            if act == "relu":
                d = d * (zs[l] > 0)
            elif act == "sigmoid":
                d = d * a[l + 1] * (1 - a[l + 1])
            gW = a[l].T @ d + 2 * l2 * W[l]
            gb = d.sum(axis=0) + 2 * l2 * b[l]
            if l > 0:
                d = d @ W[l].T
            W[l] -= lr * gW
            b[l] -= lr * gb
        return loss

    first = last = None
    steps = 0
    t0 = time.perf_counter()
    for s in range(0, len(order), B):
        idx = order[s : s + B]
        loss = step(X[idx], Y[idx])
        steps += 1
        if first is None:
            first = loss
        last = loss
    seconds = time.perf_counter() - t0
    out = []
    for l in range(len(W)):
        out.append(W[l].T.astype(np.float64).ravel())
        out.append(b[l].astype(np.float64))
    np.concatenate(out).astype("<f8").tofile(job["out"])
    print(json.dumps({"seconds": seconds, "firstLoss": first, "lastLoss": last, "steps": steps, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
