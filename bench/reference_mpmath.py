#!/usr/bin/python3
"""The MPFI query of bench_attention.cpp (BM_query_mpfi) in plain Python:
one query over K keys, log1p-anchored log-softmax, weights and the output
with values of dimension 4, at the same precision, with mpmath's interval
type (mpmath.iv, the analogue of MPFI) and with its point type (mpmath.mpf).
Prints queries per second (and, with --json FILE, writes them as JSON for
bench/tables.py); bench/run.sh puts it beside the C++ figures.
usage: reference_mpmath.py [KEYS] [--json FILE]"""
import json
import sys
import time

import mpmath


def make_query(ctx, keys):
    scores = [ctx.mpf(0) if j == 0 else ctx.mpf(-5000 - j) / 7 for j in range(keys)]
    values = [[ctx.mpf((r + 1) * (j % 5) - 3) / 4 for j in range(keys)] for r in range(4)]
    return scores, values


def query(ctx, scores, values):
    anchor = 0  # the largest score, as the C++ kernel chooses it
    gaps = [s - scores[anchor] for s in scores]
    rest = ctx.mpf(0)
    for k, g in enumerate(gaps):
        if k != anchor:
            rest += ctx.exp(g)
    log_norm = ctx.log1p(rest) if hasattr(ctx, "log1p") else ctx.log(1 + rest)
    weights = [ctx.exp(g - log_norm) for g in gaps]
    return [sum(w * v for w, v in zip(weights, row)) for row in values]


def rate(ctx, keys, seconds=1.0):
    scores, values = make_query(ctx, keys)
    n, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        query(ctx, scores, values)
        n += 1
    return n / (time.process_time() - start)


def main():
    args = sys.argv[1:]
    json_path = None
    if "--json" in args:
        at = args.index("--json")
        json_path = args[at + 1]
        del args[at:at + 2]
    keys = int(args[0]) if args else 64
    records = []
    for bits in (256, 4096):
        mpmath.iv.prec = bits
        mpmath.mp.prec = bits
        for name, ctx in (("mpmath.iv", mpmath.iv), ("mpmath.mpf", mpmath.mp)):
            queries = rate(ctx, keys)
            records.append({"type": name, "keys": keys, "bits": bits, "queries_per_s": queries})
            print(f"python {name:10} keys={keys} bits={bits}: {queries:10.1f} queries/s")
    if json_path:
        with open(json_path, "w") as out:
            json.dump(records, out, indent=1)


if __name__ == "__main__":
    main()
