#!/usr/bin/python3
"""The fast path of bench_attention.cpp (BM_attention_fast) in NumPy: the
causal attention matrix softmax(Z^T W Z / sqrt d) of one context of T+1
tokens, rows are queries, in float64, written the way NumPy code usually
writes it (full score product, mask, max, exp, normalise). Prints contexts
per second for the same (d, T) as the C++ benchmark (and, with --json FILE,
writes them as JSON for bench/tables.py). Run it with one BLAS thread
(bench/run.sh sets OPENBLAS_NUM_THREADS=1 etc.) so that it is compared with
the single-threaded kernel."""
import json
import sys
import time

import numpy as np


def attention(Z, W, mask):
    d = Z.shape[0]
    scores = Z.T @ (W @ Z) / np.sqrt(d)
    scores[mask] = -np.inf
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def rate(d, T, seconds=1.0):
    rng = np.random.default_rng(1)
    n = T + 1
    Z = rng.uniform(-1, 1, (d, n))
    W = rng.uniform(-1, 1, (d, d))
    mask = np.triu(np.ones((n, n), dtype=bool), k=1)
    attention(Z, W, mask)
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        attention(Z, W, mask)
        count += 1
    return count / (time.process_time() - start)


def main():
    records = []
    for d, T in ((64, 256), (64, 1024), (128, 512)):
        contexts = rate(d, T)
        records.append({"d": d, "T": T, "contexts_per_s": contexts, "numpy": np.__version__})
        print(f"numpy {np.__version__} attention d={d} T={T}: {contexts:10.1f} contexts/s")
    if sys.argv[1:2] == ["--json"]:
        with open(sys.argv[2], "w") as out:
            json.dump(records, out, indent=1)


if __name__ == "__main__":
    main()
