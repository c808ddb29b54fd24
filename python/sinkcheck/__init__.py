"""sinkcheck from Python: the suite's certified checks as functions.

Every answer is certified: a sign, an interval or a verdict comes from an
exact computation or an outward-rounded enclosure, never from a
floating-point guess. Exact inputs may be fractions.Fraction (or integers,
or strings such as "-3/4"); a float is taken as the exact double it is.
Exact outputs are Fractions; an interval is a pair of floats (lo, hi)
rounded outward, so it contains the exact value.

    classify_heads(beta, B, W)        Figure 8's class of each head (sinkcheck heads)
    sink_geometry(Z, J, K, kappa)     P1: rho_Q, rho_K, the explicit sink or why none exists, the minimal cost
    head_sink_cost(Z, J, M)           P1.b: a head's score matrix against the minimal cost of its sink
    pattern_cost(Z, preferences, M)   a head's score matrix against the certified minimum of its pattern
    min_nuclear_norm(left, right)     P4's certified nuclear-norm program on your constraints
    check(ids, cases=..., seed=...)   a run as from the command line; the report.json as a dict
    write_heads_file(path, ...)       the safetensors file `sinkcheck heads` reads

The PyTorch bridge is sinkcheck.torch (imported on its own: it needs torch).
Bad input raises ValueError or TypeError naming the argument and what is
wrong.
"""
from ._exact import exact_rows, exact_text, flag, fractions, measured_array, overflow_refused, token_indices
from ._results import Report, with_floats
from ._run import check
from ._sinkcheck import head_sink_cost as _head_sink_cost
from ._sinkcheck import classify_heads as _classify_heads
from ._sinkcheck import min_nuclear_norm as _min_nuclear_norm
from ._sinkcheck import NUCLEAR_PROGRAM_CONSTRAINTS_MAX, NUCLEAR_PROGRAM_DIM_MAX
from ._sinkcheck import pattern_cost as _pattern_cost
from ._sinkcheck import sink_geometry as _sink_geometry
from .safetensors import write_heads_file

__version__ = "0.1.0"  # the sinkcheck binary's `--version`

__all__ = ["__version__", "Report", "classify_heads", "sink_geometry", "head_sink_cost", "pattern_cost", "min_nuclear_norm", "check",
           "write_heads_file"]

HEAD_QUANTITIES = ("tr(BW)", "tr(BW^T W)", "beta tr(BW)", "beta tr(BW) + tr(BW^T W)")


def classify_heads(beta, B, W, labels=None, max_bits=32768, exact=True):
    """Figure 8's class of each head, with certified signs (what `sinkcheck heads` prints).

    beta [H], B [H, d, d] (the covariance of the tokens entering each head),
    W [H, d, d] (each head's W_OV): measured floats, taken as the exact
    doubles they are. Returns one dict per head:

      label, beta,
      class   "red" (beta tr(BW) > 0: dense attention smooths more), "blue"
              (beta tr(BW) + tr(BW^T W) < 0: it smooths less), "grey"
              (neither), or "undecided" (only with exact=False and a low max_bits),
      signs   for each of HEAD_QUANTITIES: sign (-1, 0, +1, or None when
              undecided), decided, at_most_zero, stage (what decided it:
              "double", "arb-<bits>", "exact", or the cap reached) and approx
              (a double estimate, for display only),
      note    e.g. "tr(BW^T W) < 0: B is not PSD".
    """
    fn = "classify_heads"
    if labels is not None:
        labels = [str(label) for label in labels]
    return _classify_heads(measured_array(beta, fn, "beta"), measured_array(B, fn, "B"), measured_array(W, fn, "W"),
                           labels, _bits(max_bits, fn), flag(exact, fn, "exact"))


def _bits(max_bits, fn):
    if isinstance(max_bits, bool) or not isinstance(max_bits, int) or not 128 <= max_bits <= 1 << 20:
        raise ValueError(f"{fn}: max_bits = {max_bits!r}: expected an integer in 128..1048576")
    return max_bits


def _keys(K, J, T, causal, fn):
    """P1's competitor keys: given, or [T], or [max J] under a causal mask."""
    if K is None:
        return list(range(1, (J[-1] if causal else T) + 1))
    K = token_indices(K, fn, "K", T)
    missing = [i for i in J if i not in set(K)]
    if missing:
        raise ValueError(f"{fn}: K must contain J (a query competes with itself); {missing[0]} is missing")
    return K


def _tokens_and_queries(Z, J, K, causal, fn):
    tokens = exact_rows(Z, fn, "Z", "[T+1, d] (z_0 the sink, then z_1..z_T) with T >= 1 and d >= 1", min_rows=2)
    T = len(tokens) - 1
    J = token_indices(J, fn, "J", T)
    if not J:
        raise ValueError(f"{fn}: J: empty; rho_Q = dist(0, conv{{}}) is not defined (no query has to sink)")
    return tokens, J, _keys(K, J, T, flag(causal, fn, "causal"), fn)


def _geometry_result(raw):
    out = dict(raw)
    for key in ("rho_Q2", "rho_K2", "min_cost_squared", "primal_margin"):
        if out.get(key) is not None:
            out[key] = fractions(out[key])
    for key in ("p_Q", "p_K", "W_star_over_sqrt_d"):
        if out.get(key) is not None:
            out[key] = fractions(out[key])
    with_floats(out, ("rho_Q2", "rho_K2", "min_cost_squared", "primal_margin"))
    for key in ("query_weights", "key_weights"):
        out[key] = {int(i): fractions(w) for i, w in out[key].items()}
    if out["infeasibility"] is not None:
        out["infeasibility"] = dict(out["infeasibility"])
        out["infeasibility"]["weights"] = {int(i): fractions(w) for i, w in out["infeasibility"]["weights"].items()}
    if out["W_star"] is not None:
        import numpy as np
        out["W_star"] = np.array(out["W_star"], dtype=np.float64)
    return out


def sink_geometry(Z, J, K=None, kappa=1, causal=False):
    """P1 on your tokens: can a QK matrix make the queries J put their attention on z_0, and at what cost?

    Z [T+1, d]: z_0 (the sink, e.g. BOS) then z_1..z_T. J: the queries that
    must sink (indices in 1..T). K: the competitor keys (J must be among
    them); by default [T], or [max J] with causal=True. kappa: the margin
    z_i^T W (z_0 - z_j)/sqrt(d) >= kappa asked of every i in J, j in K.

    Returns a dict: J, K; rho_Q = dist(0, conv{z_i : i in J}) and
    rho_K = dist(z_0, conv{z_j : j in K}) as certified intervals, their
    squares rho_Q2, rho_K2 exactly; p_Q, p_K (the minimum-norm points) with
    query_weights, key_weights; sinkable; when not, infeasibility: the exact
    convex combination that makes every W fail, and what it means; when it is,
    min_cost = kappa sqrt(d)/(rho_Q rho_K) as a certified interval (its square
    min_cost_squared exactly; min_score_cost = kappa/(rho_Q rho_K), the same
    minimum for score matrices M with scores z_i^T M z_j), the rank-one W* attaining it (W_star as floats,
    W_star_over_sqrt_d exactly: W* = sqrt(d) times it) and primal_margin, the
    smallest margin W* achieves (>= kappa, exact).
    """
    fn = "sink_geometry"
    tokens, J, K = _tokens_and_queries(Z, J, K, causal, fn)
    kappa_text = exact_text(kappa, f"{fn}: kappa")
    if not fractions(kappa_text) > 0:
        raise ValueError(f"{fn}: kappa = {kappa!r}: the margin must be positive")
    with overflow_refused(fn):
        out = _geometry_result(_sink_geometry(tokens, J, K, kappa_text))
    out.update(d=len(tokens[0]), T=len(tokens) - 1, J=J, K=K, kappa=fractions(kappa_text))
    return out


def _score_matrix(M, d, fn):
    expected = f"[{d}, {d}] (d from Z)"
    rows = exact_rows(M, fn, "M", expected)
    if len(rows) != d or len(rows[0]) != d:
        raise ValueError(f"{fn}: M has shape [{len(rows)}, {len(rows[0])}], expected {expected}")
    return rows


def head_sink_cost(Z, J, M, K=None, causal=False):
    """P1.b for a measured head: its score matrix against the cheapest matrix that sinks J as well.

    M [d, d] is the head's score matrix on the tokens Z: scores
    s_ij = z_i^T M z_j (the head's 1/sqrt(d_head) folded in). Its margin is
    the smallest gap z_i^T M (z_0 - z_j) over i in J, j in K (exact). When it
    is positive M sinks J, and by P1.b every matrix with that margin costs at
    least margin/(rho_Q rho_K) (= kappa sqrt(d)/(rho_Q rho_K) for W = sqrt(d) M).

    Returns: margin (Fraction), nuclear_norm (||M||_*, certified interval),
    rho_Q, rho_K (intervals) and rho_Q2, rho_K2 (exact), sinkable, min_cost
    and ratio = ||M||_* / min_cost (intervals; None unless margin > 0; the
    ratio is >= 1 by P1.b).
    """
    fn = "head_sink_cost"
    tokens, J, K = _tokens_and_queries(Z, J, K, causal, fn)
    with overflow_refused(fn):
        out = dict(_head_sink_cost(tokens, J, K, _score_matrix(M, len(tokens[0]), fn)))
    for key in ("margin", "rho_Q2", "rho_K2"):
        out[key] = fractions(out[key])
    with_floats(out, ("margin", "rho_Q2", "rho_K2"))
    out.update(J=J, K=K)
    return out


def pattern_cost(Z, preferences, M, solver="auto"):
    """A head's score matrix against the certified minimum cost of its attention pattern.

    Z [n, d]: the tokens (any indexing); preferences: triples (i, t, j),
    "query i prefers target t over key j" (a sink pattern has t = 0, a
    diagonal one t = i); M [d, d]: the head's score matrix (scores
    z_i^T M z_j). The margin is min z_i^T M (z_t - z_j) over the triples
    (exact). When it is positive, every matrix with that margin costs at least
    margin * min{||W||_* : z_i^T W (z_t - z_j) >= 1}, enclosed by the
    certified nuclear-norm program.

    Returns: margin (Fraction), nuclear_norm, min_cost, ratio (certified
    intervals; min_cost and ratio None unless margin > 0) and the program's
    relative_gap.
    """
    fn = "pattern_cost"
    tokens = exact_rows(Z, fn, "Z", "[n, d] with n >= 1 and d >= 1")
    triples = []
    for k, p in enumerate(preferences):
        try:
            i, t, j = (int(x) for x in p)
        except (TypeError, ValueError):
            raise ValueError(f"{fn}: preferences[{k}] = {p!r}: expected a triple (query, target, key)") from None
        if not all(0 <= x < len(tokens) for x in (i, t, j)):
            raise ValueError(f"{fn}: preferences[{k}] = {p!r}: token indices must lie in 0..{len(tokens) - 1}")
        if t == j:
            raise ValueError(f"{fn}: preferences[{k}] = {p!r}: the target and the key are the same token")
        triples.append((i, t, j))
    if not triples:
        raise ValueError(f"{fn}: preferences: empty; a pattern needs at least one")
    _program_within_limits(fn, len(tokens[0]), len(triples))
    with overflow_refused(fn):
        out = dict(_pattern_cost(tokens, triples, _score_matrix(M, len(tokens[0]), fn), _solver(solver, fn)))
    out["margin"] = fractions(out["margin"])
    return with_floats(out, ("margin",))


def _program_within_limits(fn, dim, constraints):
    """The nuclear-norm program's limits (docs/limits.md), checked before the
    C++ side allocates anything: its solver needs memory ~dim^4."""
    if dim > NUCLEAR_PROGRAM_DIM_MAX:
        raise ValueError(f"{fn}: a program of dimension {dim}, above the limit of {NUCLEAR_PROGRAM_DIM_MAX} "
                         "(the solver needs memory ~n^4 and time ~n^6; docs/limits.md)")
    if constraints > NUCLEAR_PROGRAM_CONSTRAINTS_MAX:
        raise ValueError(f"{fn}: {constraints} constraints, above the limit of {NUCLEAR_PROGRAM_CONSTRAINTS_MAX} "
                         "(docs/limits.md)")


def _solver(solver, fn):
    if solver not in ("auto", "interior_point", "dsdp"):
        raise ValueError(f"{fn}: solver = {solver!r}: expected 'auto', 'interior_point' or 'dsdp'")
    return solver


def min_nuclear_norm(left, right, solver="auto", gap_tolerance=1e-9):
    """P4's certified nuclear-norm program: min ||W||_* subject to left[k]^T W right[k] >= 1 for every k.

    left, right [K, n]: one constraint per row (exact numbers). The solver
    ("auto": our interior-point method, DSDP if it fails or leaves a wide gap) only proposes; the
    answer is rebuilt in exact rationals and re-checked from scratch:

      lower, upper   Fractions with lower <= min <= upper (interval: as floats, outward)
      W              a feasible matrix, exactly (Fractions; W_float as floats)
      multipliers    the dual certificate (one per constraint), op_norm_bound
      relative_gap, distinct_constraints, solver, seconds
    """
    fn = "min_nuclear_norm"
    left_rows = exact_rows(left, fn, "left", "[K, n] with K >= 1 and n >= 1: one row per constraint")
    right_rows = exact_rows(right, fn, "right", "[K, n] with K >= 1 and n >= 1: one row per constraint")
    if len(left_rows) != len(right_rows) or len(left_rows[0]) != len(right_rows[0]):
        raise ValueError(f"{fn}: left has shape [{len(left_rows)}, {len(left_rows[0])}], right "
                         f"[{len(right_rows)}, {len(right_rows[0])}]: they must match")
    _program_within_limits(fn, len(left_rows[0]), len(left_rows))
    for name, rows in (("left", left_rows), ("right", right_rows)):
        for k, row in enumerate(rows):
            if all(fractions(x) == 0 for x in row):
                raise ValueError(f"{fn}: {name}[{k}] is zero: the constraint 0 >= 1 cannot hold")
    if not (isinstance(gap_tolerance, (int, float)) and 0 < gap_tolerance < 1):
        raise ValueError(f"{fn}: gap_tolerance = {gap_tolerance!r}: expected a number in (0, 1)")
    with overflow_refused(fn):
        raw = _min_nuclear_norm(left_rows, right_rows, _solver(solver, fn), float(gap_tolerance))
    import numpy as np
    out = dict(raw)
    for key in ("lower", "upper", "op_norm_bound"):
        out[key] = fractions(out[key])
    with_floats(out, ("lower", "upper", "op_norm_bound"))
    out["W"] = fractions(out["W"])
    out["multipliers"] = fractions(out["multipliers"])
    out["W_float"] = np.array(out["W_float"], dtype=np.float64)
    return out
