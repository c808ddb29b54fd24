#!/usr/bin/python3
"""The MPFI query of bench_attention.cpp (BM_query_mpfi) in plain Python:
one query over K keys, log1p-anchored log-softmax, weights and the output
with values of dimension 4, at the same precision, with mpmath's interval
type (mpmath.iv, the analogue of MPFI) and with its point type (mpmath.mpf).
Prints queries per second; bench/run.sh puts it beside the C++ figures."""
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
    keys = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    for bits in (256, 4096):
        mpmath.iv.prec = bits
        mpmath.mp.prec = bits
        print(f"python mpmath.iv  keys={keys} bits={bits}: {rate(mpmath.iv, keys):10.1f} queries/s")
        print(f"python mpmath.mpf keys={keys} bits={bits}: {rate(mpmath.mp, keys):10.1f} queries/s")


if __name__ == "__main__":
    main()
