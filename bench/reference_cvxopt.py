#!/usr/bin/env python3
"""Independent reference for verify/nuclear_norm: solves the same program
(JSON from `bench_nuclear_norm --dump DIR`) with cvxopt's conelp through the
same SDP,
    min (tr X1 + tr X2)/2  s.t.  [[X1, W], [W^T, X2]] >= 0,  p_k^T W q_k >= 1,
and prints the solve time and cvxopt's primal/dual objectives, so they can be
compared with the certified interval that bench_nuclear_norm reports
(counter "upper", and upper*(1-gap) for the lower end).

usage: reference_cvxopt.py [--json FILE] PROGRAM.json [PROGRAM.json ...]
(--json also writes the rows as JSON for bench/tables.py)
"""
import json
import sys
import time
from fractions import Fraction

import numpy as np
from cvxopt import matrix, solvers


def load(path):
    with open(path) as f:
        data = json.load(f)
    n = data["dim"]
    seen, rows = set(), []
    for c in data["constraints"]:
        key = (tuple(c["left"]), tuple(c["right"]))
        if key in seen:  # verbatim duplicates only: dominated copies are harmless
            continue
        seen.add(key)
        p = np.array([float(Fraction(x)) for x in c["left"]])
        q = np.array([float(Fraction(x)) for x in c["right"]])
        rows.append((p, q))
    return n, len(data["constraints"]), rows


def solve(n, rows):
    # Variables x = (vec W (row-major), X1 lower triangle, X2 lower triangle).
    w_count, tri = n * n, n * (n + 1) // 2
    m = w_count + 2 * tri
    K = len(rows)
    c = np.zeros(m)
    # LP rows: -<p q^T, W> + s = -1 with s >= 0, scaled by 1/(|p||q|).
    G_lp = np.zeros((K, m))
    h_lp = np.zeros(K)
    for k, (p, q) in enumerate(rows):
        scale = np.linalg.norm(p) * np.linalg.norm(q)
        G_lp[k, :w_count] = -np.outer(p, q).ravel() / scale
        h_lp[k] = -1.0 / scale
    # SDP block (2n x 2n, column-major vec): s = -G x is the slack matrix.
    N = 2 * n
    G_sdp = np.zeros((N * N, m))

    def put(r, col_index, var):
        G_sdp[r + col_index * N, var] -= 1.0
        if r != col_index:
            G_sdp[col_index + r * N, var] -= 1.0

    for a in range(n):
        for b in range(n):
            put(a, n + b, a * n + b)
    var = w_count
    for block in range(2):
        for a in range(n):
            for b in range(a + 1):
                put(block * n + a, block * n + b, var)
                if a == b:
                    c[var] = 0.5
                var += 1
    G = matrix(np.vstack([G_lp, G_sdp]))
    h = matrix(np.concatenate([h_lp, np.zeros(N * N)]))
    dims = {"l": K, "q": [], "s": [N]}
    solvers.options.update({"show_progress": False, "abstol": 1e-9, "reltol": 1e-9, "feastol": 1e-9,
                            "maxiters": 200})
    start = time.perf_counter()
    sol = solvers.conelp(matrix(c), G, h, dims)
    seconds = time.perf_counter() - start
    W = np.array(sol["x"][:w_count]).reshape(n, n)
    return sol, seconds, np.linalg.svd(W, compute_uv=False).sum()


def main():
    args = sys.argv[1:]
    json_path = None
    if args[:1] == ["--json"] and len(args) >= 2:
        json_path, args = args[1], args[2:]
    if not args:
        print(__doc__)
        sys.exit(2)
    records = []
    print(f"{'program':28} {'n':>3} {'K':>5} {'distinct':>8} {'seconds':>9} {'status':>10} "
          f"{'primal':>16} {'dual':>16} {'rel gap':>9} {'||W||_*':>16}")
    for path in args:
        n, total, rows = load(path)
        sol, seconds, nuclear = solve(n, rows)
        p, d = sol["primal objective"], sol["dual objective"]
        gap = (p - d) / abs(p) if p else float("nan")
        print(f"{path.split('/')[-1]:28} {n:>3} {total:>5} {len(rows):>8} {seconds:>9.3f} {sol['status']:>10} "
              f"{p:>16.12f} {d:>16.12f} {gap:>9.2e} {nuclear:>16.12f}")
        records.append({"program": path.split("/")[-1], "n": n, "constraints": total, "distinct": len(rows),
                        "seconds": seconds, "status": sol["status"], "relative_gap": gap})
    if json_path:
        with open(json_path, "w") as out:
            json.dump(records, out, indent=1)


if __name__ == "__main__":
    main()
