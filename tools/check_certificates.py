#!/usr/bin/env python3
"""An independent checker of sinkcheck's certificates.

Reads certificates.json (schema sinkcheck-certificates/1, written by
`sinkcheck check --certificates`; format in docs/report-schema.md) and
re-checks every certificate from scratch, from the stored instance alone.
It shares no code with sinkcheck: exact arithmetic with Python integers and
`fractions`, the models (P1's hulls, P4's copy task, contexts, preferences and
constructions) rebuilt here from their definitions in the docs.

    check_certificates.py certificates.json [--verbose]

Prints one line per statement (certificates passed / failed), every failure,
and whether the certificates cover the run they claim to cover: a complete
run, every statement's random cases 0 .. random_cases-1 in order (P1 and P4
certify every case), and, when report.json lies beside the file, the same
seed, theory and statements as that report. Exit 0 when all pass, 1 when one
fails, 2 when the file is unreadable or certifies less than its run (an
interrupted run, missing cases, no statement, a wrong structure).
"""
import json
import math
import os
import re
import sys
from fractions import Fraction

# Certificates of legal theories hold integers of ~10^4 digits (P1.d with
# degenerate_exponent = 1000); Python 3.11+ refuses int() above 4300 digits.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

SCHEMA = "sinkcheck-certificates/1"


class Rejected(Exception):
    """A certificate that does not prove what it claims."""


class Uncovered(Exception):
    """A file that does not certify the run it claims to (exit 2)."""


def shortened(text, digits=40):
    """`text` with every run of more than `digits` digits cut to its first
    digits and its length: messages never echo a 10000-digit number."""
    return re.sub(r"\d{%d,}" % (digits + 1), lambda m: f"{m.group()[:12]}...({len(m.group())} digits)", text)


def require(condition, message):
    if not condition:
        raise Rejected(message)


# ---- exact numbers -----------------------------------------------------------

EXACT_NUMBER = re.compile(r"(-?[0-9]+)(?:/([0-9]+))?")


def exact_parts(text):
    """A stored exact number, "p" or "p/q" and nothing else (no "3/", "1e3",
    "0.5" or spaces), as the integers (p, q), q > 0."""
    require(isinstance(text, str), f"expected an exact number as a string, got {text!r}")
    match = EXACT_NUMBER.fullmatch(text)
    require(match is not None and match.group(2) != "0" and not (match.group(2) or "1").startswith("0"),
            f"not an exact number \"p\" or \"p/q\": {text!r}")
    return int(match.group(1)), int(match.group(2) or 1)


def exact(text):
    """A stored exact number: "p" or "p/q" (a string; a float would be inexact)."""
    return Fraction(*exact_parts(text))


def exact_rows(rows):
    return [[exact(x) for x in row] for row in rows]


def lcm_of_denominators(values):
    out = 1
    for v in values:
        out = math.lcm(out, v.denominator)
    return out


def integer_rows(rows):
    """Rational rows as (integer rows, common denominator d): rows = integers / d."""
    d = lcm_of_denominators(v for row in rows for v in row)
    return [[v.numerator * (d // v.denominator) for v in row] for row in rows], d


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def matvec(M, v):
    return [dot(row, v) for row in M]


def matmul(A, B):
    columns = list(zip(*B))
    return [[dot(row, col) for col in columns] for row in A]


def transpose(A):
    return [list(col) for col in zip(*A)]


def positive_definite(M):
    """Exact test: M symmetric and every pivot of its LDL^T (no pivoting) > 0.

    Done on integers (denominators cleared, which keeps definiteness) by
    Bareiss's fraction-free elimination, whose k-th pivot is the k-th leading
    principal minor (Sylvester's criterion)."""
    n = len(M)
    if any(len(row) != n for row in M):
        return False
    if any(M[i][j] != M[j][i] for i in range(n) for j in range(i)):
        return False
    A, _ = integer_rows(M)
    previous = 1
    for k in range(n):
        pivot = A[k][k]
        if pivot <= 0:
            return False
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                A[i][j] = (pivot * A[i][j] - A[i][k] * A[k][j]) // previous
        previous = pivot
    return True


def identity_minus(scale, M):
    return [[(scale if i == j else 0) - M[i][j] for j in range(len(M))] for i in range(len(M))]


# ---- P1: minimum-norm points, the explicit sink and its dual -----------------

def integer_tokens(tokens):
    """Tokens as integer vectors Z and the common denominator L (z = Z / L),
    parsed without Fraction objects: large instances hold ~10^5 entries."""
    pairs = []
    for k, z in enumerate(tokens):
        require(isinstance(z, list) and len(z) == len(tokens[0]) and z, f"inputs.tokens[{k}]: bad vector")
        require(all(isinstance(x, str) for x in z), f"inputs.tokens[{k}]: expected exact numbers as strings")
        pairs.append([exact_parts(x) for x in z])
    denominators = {q for row in pairs for _, q in row}
    L = math.lcm(*denominators)
    return [[p * (L // q) for p, q in row] for row in pairs], L


def check_hull(name, generators, L, hull):
    """dist(0, conv(generators))^2 == hull.norm2: p = sum w_s x_s with w >= 0
    summing to 1, and <p, x_j> >= |p|^2 for every generator j. Generators are
    integer vectors over L; returns p and |p|^2."""
    support, weights = hull["support"], [exact(w) for w in hull["weights"]]
    require(support and len(support) == len(weights), f"{name}: support and weights differ in length")
    require(len(set(support)) == len(support), f"{name}: a support index repeats")
    require(all(s in generators for s in support), f"{name}: support outside the hull's generators")
    require(all(w >= 0 for w in weights), f"{name}: a negative weight")
    require(sum(weights) == 1, f"{name}: weights sum to {sum(weights)}, not 1")
    D = lcm_of_denominators(weights)
    scaled = [w.numerator * (D // w.denominator) for w in weights]
    dim = len(next(iter(generators.values())))
    P = [sum(c * generators[s][k] for c, s in zip(scaled, support)) for k in range(dim)]  # p = P / (D L)
    norm2_P = dot(P, P)
    norm2 = Fraction(norm2_P, D * D * L * L)
    require(norm2 == exact(hull["norm2"]), f"{name}: |p|^2 is {norm2}, not the stated {hull['norm2']}")
    for j, x in generators.items():
        require(D * dot(P, x) >= norm2_P, f"{name}: generator {j} lies nearer the origin than p")
    return [Fraction(c, D * L) for c in P], norm2


def check_sink_geometry(inputs, cert):
    require("failure" not in cert, f"no certificate: {cert.get('failure')}")
    Z, L = integer_tokens(inputs["tokens"])
    J, kappa, d = inputs["J"], exact(inputs["kappa"]), len(Z[0])
    require(J and all(isinstance(i, int) and 1 <= i < len(Z) for i in J), "inputs.J: bad query indices")
    K = range(1, (max(J) if inputs["causal"] else len(Z) - 1) + 1)
    queries = {i: Z[i] for i in J}
    keys = {j: [a - b for a, b in zip(Z[0], Z[j])] for j in K}
    p_Q, rho_Q2 = check_hull("queries", queries, L, cert["queries"])
    p_K, rho_K2 = check_hull("keys", keys, L, cert["keys"])
    if not cert["sinkable"]:
        # sum alpha_i z_i = 0 (or sum beta_j (z_0 - z_j) = 0) with alpha >= 0 summing
        # to 1: then sum alpha_i z_i^T W (z_0 - z_j) = 0 for every W, so no W sinks J.
        blocked = (["queries"] if rho_Q2 == 0 else []) + (["keys"] if rho_K2 == 0 else [])
        require(blocked, "stated not sinkable, but both distances are positive")
        require(cert.get("blocked") == blocked, f"blocked hulls are {blocked}, not {cert.get('blocked')}")
        return
    require(rho_Q2 > 0 and rho_K2 > 0, "stated sinkable, but a distance is 0")
    # The explicit sink W = sqrt(d) scale left right^T meets every constraint
    # z_i^T W (z_0 - z_j)/sqrt(d) >= kappa, i in J, j in K.
    sink = cert["explicit_sink"]
    scale = exact(sink["scale"])
    (left,), dl = integer_rows([[exact(x) for x in sink["left"]]])
    (right,), dr = integer_rows([[exact(x) for x in sink["right"]]])
    require(len(left) == d and len(right) == d and scale > 0, "explicit sink: bad shape or scale")
    a = [Fraction(dot(left, Z[i]), dl * L) for i in J]
    b = [Fraction(dot(right, x), dr * L) for x in keys.values()]
    require(min(a) > 0 and min(b) > 0, "explicit sink: a constraint value is not positive")
    margin = scale * min(a) * min(b)  # every product a_i b_j is positive: the least is min a * min b
    require(margin >= kappa, f"explicit sink: least margin {margin} < kappa")
    require(margin == exact(cert["primal_margin"]), "explicit sink: the stated primal margin differs")
    cost2 = d * scale * scale * Fraction(dot(left, left), dl * dl) * Fraction(dot(right, right), dr * dr)
    # Dual: mu_ij = alpha_i beta_j >= 0 (the hulls' weights), so
    # G = sum mu_ij z_i (z_0 - z_j)^T = p_Q p_K^T has ||G||_op = |p_Q| |p_K|, and
    # weak duality gives ||W||_*^2 >= kappa^2 d (sum mu)^2 / ||G||_op^2 for every sink W.
    lower2 = kappa * kappa * d / (dot(p_Q, p_Q) * dot(p_K, p_K))  # sum mu = (sum alpha)(sum beta) = 1
    claimed = exact(cert["min_cost_squared"])
    require(cost2 <= claimed <= lower2, f"cost^2 of W* {cost2} and dual bound^2 {lower2} do not meet at {claimed}")
    require(claimed == kappa * kappa * d / (rho_Q2 * rho_K2), "min cost^2 is not kappa^2 d/(rho_Q^2 rho_K^2)")
    if "nn_cross_check" in cert:
        # P1.b's second certificate of the same minimum: the nuclear-norm program
        # z_i^T V (z_0 - z_j) >= 1 (i in J, then j in K), whose optimum is 1/(rho_Q rho_K).
        z = [tuple(Fraction(x, L) for x in row) for row in Z]
        constraints = [(z[i], tuple(a - b for a, b in zip(z[0], z[j]))) for i in J for j in K]
        lower, upper = check_optimum(d, constraints, cert["nn_cross_check"])
        require(lower * lower * rho_Q2 * rho_K2 <= 1 <= upper * upper * rho_Q2 * rho_K2,
                "the nuclear-norm cross-check does not enclose 1/(rho_Q rho_K)")


# ---- P4: the copy task, its programs and constructions -----------------------

class CopyTask:
    """Tokens in reduced, rotated coordinates: BOS u_0, copy queries u_{C+c},
    dormant tokens lambda u_c + eta_ci (eta in the last r coordinates), then
    the Givens rotations (tan(theta/2) = t) of the whole space."""

    def __init__(self, x):
        self.C, self.n, self.dim = x["groups"], x["per_group"], x["dim"]
        self.kappa, self.lam = exact(x["kappa"]), exact(x["lambda"])
        self.eta = [exact_rows(group) for group in x["eta"]]
        require(len(self.eta) == self.C and all(len(g) == self.n for g in self.eta), "inputs.eta: bad shape")
        self.m = 2 * self.C + 1
        self.r = len(self.eta[0][0])
        self.D = self.m + self.r
        self.rotation = [(g["i"], g["j"], exact(g["t"])) for g in x.get("rotation", [])]
        self.signal = [self.turn(self.unit(k)) for k in range(self.m)]
        dormant = []
        for c in range(self.C):
            for eta in self.eta[c]:
                v = self.unit(c + 1, self.lam)
                v[self.m:] = eta
                dormant.append(self.turn(v))
        self.tokens = [self.signal[0]] + [self.signal[self.C + c] for c in range(1, self.C + 1)] + dormant

    def unit(self, k, value=Fraction(1)):
        e = [Fraction(0)] * self.D
        e[k] = value
        return e

    def turn(self, v):
        for i, j, t in self.rotation:
            c, s = (1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)
            v[i], v[j] = c * v[i] - s * v[j], s * v[i] + c * v[j]
        return v

    def group(self, token):
        return (token - 1 - self.C) // self.n if token > self.C else None

    def preferences(self, pattern):
        """(x_q, x_t - x_k) pairs, one per preference x_q^T W (x_t - x_k) >= 1, in the
        order of docs/report-schema.md; a pair seen before is skipped."""
        C, everything = self.C, range(len(self.tokens))
        sink = pattern == "sink"
        contexts = [(q, everything, (lambda k, q=q: k == 0 if sink else k == q))
                    for q in range(1 + C, 1 + C + C * self.n)]
        contexts += [(1 + c, everything, (lambda k, c=c: self.group(k) == c)) for c in range(C)]
        contexts += [(1 + c, [k for k in everything if self.group(k) != c],
                      (lambda k, c=c: k == 0 if sink else k == 1 + c)) for c in range(C)]
        seen, out = set(), []
        for q, keys, is_target in contexts:
            for t in (k for k in keys if is_target(k)):
                for k in (k for k in keys if not is_target(k)):
                    pair = (tuple(self.tokens[q]), tuple(a - b for a, b in zip(self.tokens[t], self.tokens[k])))
                    if pair not in seen:
                        seen.add(pair)
                        out.append(pair)
        return out

    def Delta(self):
        """Reduced Delta_diag: 2 min over ordered pairs (ci) != (c'j) of |eta_ci|^2 - <eta_ci, eta_c'j>."""
        etas = [e for group in self.eta for e in group]
        return 2 * min(dot(a, a) - dot(a, b) for i, a in enumerate(etas) for j, b in enumerate(etas) if i != j)

    def from_signal(self, M):
        """sum_ab M_ab s_a s_b^T over the rotated signal basis s."""
        W = [[Fraction(0)] * self.D for _ in range(self.D)]
        support = [[(i, x) for i, x in enumerate(s) if x] for s in self.signal]
        for a, row in enumerate(M):
            for b, value in enumerate(row):
                if value:
                    for i, x in support[a]:
                        for j, y in support[b]:
                            W[i][j] += value * x * y
        return W

    def sink_construction(self):
        a = 1 / self.lam if self.lam < 1 else Fraction(1)
        b = (1 + a) / self.lam
        M = [[Fraction(0)] * self.m for _ in range(self.m)]
        for k in range(1, self.m):
            M[k][0] = a
        for c in range(1, self.C + 1):
            M[self.C + c][c] = b
        return self.from_signal(M)

    def diagonal_construction(self, alpha):
        M = [[Fraction(0)] * self.m for _ in range(self.m)]
        for c in range(1, self.C + 1):
            M[c][c], M[self.C + c][self.C + c], M[self.C + c][c] = 1 / self.lam ** 2, Fraction(1), 2 / self.lam
        W = self.from_signal(M)
        basis = []  # Gram-Schmidt (unnormalised) of the dormant tokens' nuisance parts
        for token in self.tokens[1 + self.C:]:
            v = list(token)
            for u in self.signal + basis:  # both orthogonal sets: subtract the projections
                c = dot(v, u) / dot(u, u)
                v = [x - c * y for x, y in zip(v, u)]
            if any(v):
                basis.append(v)
        for u in basis:  # + alpha P_eta, P_eta = sum u u^T / |u|^2
            c = alpha / dot(u, u)
            nonzero = [(i, x) for i, x in enumerate(u) if x]
            for i, x in nonzero:
                for j, y in nonzero:
                    W[i][j] += c * x * y
        return W



def unmet(W, constraints):
    """Index of the first constraint left^T W right >= 1 that W misses, or None."""
    images = {}
    for index, (left, right) in enumerate(constraints):
        if right not in images:
            images[right] = matvec(W, right)
        if dot(left, images[right]) < 1:
            return index
    return None


def check_optimum(dim, constraints, opt):
    """min ||W||_* subject to left^T W right >= 1 (dim x dim) lies in [lower, upper]:
    W = s L R^T meets every constraint and costs <= s (|L|^2 + |R|^2)/2; the
    multipliers mu >= 0 with t^2 I - G^T G > 0 give sum mu / t (weak duality).
    Returns (lower, upper)."""
    require("failure" not in opt, f"no certificate: {opt.get('failure')}")
    s, L, R = exact(opt["factor_scale"]), exact_rows(opt["factor_left"]), exact_rows(opt["factor_right"])
    require(len(L) == dim and len(R) == dim and s >= 0, "optimum: factors of the wrong shape")
    W = [[s * x for x in row] for row in matmul(L, transpose(R))]
    missed = unmet(W, constraints)
    require(missed is None, f"optimum: s L R^T misses constraint {missed}")
    squares = sum(x * x for row in L + R for x in row)
    upper, lower = exact(opt["upper"]), exact(opt["lower"])
    require(upper >= s * squares / 2, "optimum: upper is below s (|L|^2 + |R|^2)/2")
    G = [[Fraction(0)] * dim for _ in range(dim)]
    total = Fraction(0)
    seen = set()
    for index, value in opt["multipliers"]:
        mu = exact(value)
        require(isinstance(index, int) and 0 <= index < len(constraints) and index not in seen,
                f"optimum: multiplier index {index} is not a constraint")
        require(mu >= 0, f"optimum: multiplier {index} is negative")
        seen.add(index)
        left, right = constraints[index]
        for i, x in enumerate(left):
            if x:
                for j, y in enumerate(right):
                    G[i][j] += mu * x * y
        total += mu
    t = exact(opt["op_norm_bound"])
    require(t > 0 and positive_definite(identity_minus(t * t, matmul(transpose(G), G))),
            "optimum: t^2 I - G^T G is not positive definite, so ||G||_op <= t is not proven")
    require(lower <= total / t, "optimum: lower exceeds sum(mu) / t")
    require(lower <= upper, "optimum: lower exceeds upper")
    return lower, upper


def check_copy_task(inputs, cert):
    task = CopyTask(inputs)
    preferences = task.preferences(cert["pattern"])
    check_optimum(task.D, preferences, cert["optimum"])
    for c in cert["constructions"]:
        if c["name"] == "sink":
            W = task.sink_construction()
        else:
            alpha = 2 / task.Delta()
            if c["alpha_reading"] == "2 kappa/(sqrt(d) Delta_diag)":
                alpha /= task.dim
            require(exact(c["alpha"]) == alpha, f"{c['name']}: alpha is not {alpha} under its reading")
            W = task.diagonal_construction(alpha)
        missed = unmet(W, preferences)
        require((missed is None) == c["feasible"], f"{c['name']} construction: feasibility misstated "
                f"(first unmet preference: {missed})")


def nuclear_norm_enclosure(W, witness):
    """[lo, hi] containing ||W||_*: lo = <G, W>/t with t^2 I - G G^T > 0;
    hi = (tr P + <W, Y>)/2 with P > 0 and P Y = W (AM-GM)."""
    G, P, Y, t = exact_rows(witness["G"]), exact_rows(witness["P"]), exact_rows(witness["Y"]), exact(witness["t"])
    n, m = len(W), len(W[0])
    require(len(G) == n and len(P) == n and len(Y) == n and all(len(r) == m for r in G + Y), "witness: bad shapes")
    Gi, g = integer_rows(G)
    require(t > 0 and positive_definite(identity_minus(t * t * g * g, matmul(Gi, transpose(Gi)))),
            "witness: t^2 I - G G^T is not positive definite")
    require(positive_definite(P), "witness: P is not positive definite")
    (Pi, p), (Yi, y) = integer_rows(P), integer_rows(Y)
    PY = matmul(Pi, Yi)
    require(all(Fraction(PY[i][j], p * y) == W[i][j] for i in range(n) for j in range(m)), "witness: P Y differs from W")
    inner = sum(a * b for ra, rb in zip(G, W) for a, b in zip(ra, rb))
    trace_WY = sum(a * b for ra, rb in zip(W, Y) for a, b in zip(ra, rb))
    return max(inner / t, Fraction(0)), (sum(P[i][i] for i in range(n)) + trace_WY) / 2


def scaled_compare(kappa, value, d, op, bound):
    """Whether kappa value / sqrt(d)  op  bound, exactly (kappa > 0, value >= 0),
    by comparing squares where both sides are nonnegative."""
    left2, right2 = kappa * kappa * value * value, d * bound * bound
    return {"<=": bound >= 0 and left2 <= right2, "<": bound > 0 and left2 < right2,
            ">=": bound <= 0 or left2 >= right2, ">": bound < 0 or left2 > right2}[op]


NEGATION = {"<=": ">", "<": ">=", ">=": "<", ">": "<="}


def certainly(op, kappa, d, norm, bound):
    """Whether cost op bound for every cost = kappa v/sqrt(d), v in norm = [lo, hi],
    and every bound in bound = [lo, hi]: the extremes decide."""
    if op in ("<=", "<"):
        return scaled_compare(kappa, norm[1], d, op, bound[0])
    return scaled_compare(kappa, norm[0], d, op, bound[1])


def check_threshold(cert):
    """Both ends of a lambda bracket: the construction's cost kappa ||W||_*/sqrt(d),
    enclosed from a witness, against the claim's right side as the engine
    enclosed it (the formula language is the engine's; see docs/trust-base.md)."""
    fails, holds = cert["ends"]
    require(fails["verdict"] == "counterexample" and holds["verdict"] == "holds", "threshold: ends out of order")
    width = exact(holds["lambda"]) - exact(fails["lambda"])
    require(0 < width <= Fraction(1, 10000), f"threshold: bracket width {width} not in (0, 1/10000]")
    for end in cert["ends"]:
        require("failure" not in end, f"no certificate: {end.get('failure')}")
        task = CopyTask(end["inputs"])
        require(task.lam == exact(end["lambda"]) and task.C == cert["C"], "threshold: instance differs from its end")
        W = task.sink_construction() if end["cost"] == "cost_sink" else task.diagonal_construction(2 / task.Delta())
        norm = nuclear_norm_enclosure(W, end["nuclear_norm"])
        require(exact(end["nuclear_norm"]["lower"]) <= norm[0] and norm[1] <= exact(end["nuclear_norm"]["upper"]),
                "threshold: the stated enclosure is not the witness's")
        bound = (exact(end["bound"]["lower"]), exact(end["bound"]["upper"]))
        require(bound[0] <= bound[1], "threshold: empty bound enclosure")
        op = end["op"] if end["verdict"] == "holds" else NEGATION[end["op"]]
        require(certainly(op, task.kappa, task.dim, norm, bound),
                f"threshold at lambda = {end['lambda']}: the enclosures do not give '{end['verdict']}'")


# ---- the file ----------------------------------------------------------------

CASE_CHECKS = {"sink_geometry": check_sink_geometry, "copy_task": check_copy_task}
# Statements whose every random case carries a certificate (docs/report-schema.md).
CERTIFIED_PER_CASE = ("P1.", "P4.")
STATEMENT_KEYS = ("cases", "counterexample_cases", "undecided_cases", "statement_certificates")


def check_entry(entry):
    """One certificate: a case's, a stored case's or a statement's (threshold)."""
    require(isinstance(entry, dict), "not an object")
    if "certificate" in entry:
        cert = entry["certificate"]
        require(isinstance(cert, dict), "certificate: not an object")
        require("failure" not in cert, f"no certificate: {cert.get('failure')}")
        kind = cert.get("kind")
        require(kind in CASE_CHECKS, f"unknown certificate kind {kind!r}")
        CASE_CHECKS[kind](entry["inputs"], cert)
    else:
        require("failure" not in entry, f"no certificate: {entry.get('failure')}")
        require(entry.get("kind") == "threshold", f"unknown certificate kind {entry.get('kind')!r}")
        check_threshold(entry)


def uncovered(condition, message):
    if not condition:
        raise Uncovered(message)


def check_structure(data):
    """The shape every certificates.json has, before any certificate is read."""
    uncovered(isinstance(data, dict) and data.get("schema") == SCHEMA, f"not a {SCHEMA} file")
    uncovered("failure" not in data, f"the run records a failure: {data.get('failure')!r}")
    statements = data.get("statements")
    uncovered(isinstance(statements, list), "statements: expected a list")
    uncovered(statements, "statements: empty, so the file certifies nothing")
    seen = set()
    for k, statement in enumerate(statements):
        where = f"statements[{k}]"
        uncovered(isinstance(statement, dict), f"{where}: expected an object")
        uncovered(isinstance(statement.get("id"), str), f"{where}.id: expected a statement id")
        uncovered(statement["id"] not in seen, f"{where}: statement {statement['id']} appears twice")
        seen.add(statement["id"])
        for key in STATEMENT_KEYS:
            uncovered(isinstance(statement.get(key), list), f"{where} ({statement['id']}).{key}: expected a list")
            uncovered(all(isinstance(e, dict) for e in statement[key]),
                      f"{where} ({statement['id']}).{key}: every entry must be an object")
        for key in ("cases", "counterexample_cases", "undecided_cases"):
            uncovered(all(isinstance(e.get("case"), int) and not isinstance(e.get("case"), bool) and e["case"] >= 0
                          for e in statement[key]), f"{where} ({statement['id']}).{key}: an entry without a case index")


def check_coverage(data, report):
    """Whether the certificates cover the run the file claims: a complete run,
    and in each statement of P1 and P4 one certificate for each of its random
    cases, in case order; with the run's report.json, the same run."""
    uncovered(data.get("complete") is True, "complete is not true: the run was interrupted, and its "
              "certificates cover only part of it")
    for statement in data["statements"]:
        sid, cases = statement["id"], statement["cases"]
        count = statement.get("random_cases")
        uncovered(isinstance(count, int) and not isinstance(count, bool) and count >= 0,
                  f"{sid}.random_cases: expected the number of random cases the run certified")
        indices = [c["case"] for c in cases]
        if sid.startswith(CERTIFIED_PER_CASE):
            uncovered(count > 0, f"{sid}: no case was run, so it certifies nothing")
            uncovered(indices == list(range(count)),
                      f"{sid}: cases hold {len(indices)} certificates, not one for each of the "
                      f"{count} random cases in order (missing, repeated or reordered cases)")
        else:
            uncovered(not indices, f"{sid}: case certificates where the statement has none")
    if report is None:
        return
    uncovered(report.get("seed") == data.get("seed") and report.get("theory") == data.get("theory"),
              "the seed or theory differs from report.json's: the certificates are of another run")
    uncovered(report.get("complete") is True, "report.json: the run is not complete")
    run = {s.get("id"): s for s in report.get("statements", []) if isinstance(s, dict)}
    uncovered(sorted(run) == sorted(s["id"] for s in data["statements"]),
              f"the statements ({', '.join(s['id'] for s in data['statements'])}) are not report.json's "
              f"({', '.join(sorted(map(str, run)))})")
    for statement in data["statements"]:
        r = run[statement["id"]]
        targeted = r.get("targeted", {}).get("cases", 0) if isinstance(r.get("targeted"), dict) else 0
        random_cases = r.get("cases", 0) - targeted if isinstance(r.get("cases"), int) else None
        uncovered(random_cases == statement["random_cases"],
                  f"{statement['id']}: report.json ran {random_cases} random cases, the certificates "
                  f"say {statement['random_cases']}")


def check_file(data, verbose=False, out=None):
    """Re-checks every certificate, printing to `out` (stdout by default);
    True when all pass. Raises Uncovered for a file whose structure is wrong
    (coverage is check_coverage's)."""
    out = out or sys.stdout
    check_structure(data)
    passed = failed = 0
    for statement in data["statements"]:
        entries = [(f"case {c['case']}", c) for c in statement["cases"]]
        entries += [(f"stored case {c['case']} ({c.get('claim')})", c) for key in ("counterexample_cases", "undecided_cases")
                    for c in statement[key]]
        entries += [(f"{c.get('kind')} {c.get('claim', '')} C={c.get('C')}", c) for c in statement["statement_certificates"]]
        ok = bad = 0
        for label, entry in entries:
            try:
                check_entry(entry)
                ok += 1
            except (Rejected, KeyError, TypeError, ValueError, IndexError, ZeroDivisionError, AttributeError) as e:
                bad += 1
                reason = str(e) if isinstance(e, Rejected) else f"malformed: {type(e).__name__} {e}"
                print(shortened(f"FAILED {statement['id']} {label}: {reason}"), file=out)
        if entries or verbose:
            print(f"{statement['id']}: {ok} passed, {bad} failed", file=out)
        passed, failed = passed + ok, failed + bad
    print(f"{passed} certificates passed, {failed} failed", file=out)
    return failed == 0


def read_json(path):
    with open(path) as f:
        return json.load(f)


def main(argv):
    args = [a for a in argv[1:] if a != "--verbose"]
    if len(args) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        data = read_json(args[0])
        beside = os.path.join(os.path.dirname(os.path.abspath(args[0])), "report.json")
        report = read_json(beside) if os.path.exists(beside) else None
        uncovered(report is None or isinstance(report, dict), f"{beside}: not a report")
        all_pass = check_file(data, "--verbose" in argv)
        check_coverage(data, report)
        print("the certificates cover the whole run" + (" of report.json" if report is not None else "")
              + f": {len(data['statements'])} statements, "
              + f"{sum(s['random_cases'] for s in data['statements'] if s['id'].startswith(CERTIFIED_PER_CASE))} "
              + "cases certified one by one")
        return 0 if all_pass else 1
    except (OSError, ValueError, RecursionError, Rejected, Uncovered) as e:  # JSONDecodeError is a ValueError
        print(shortened(f"check_certificates: {args[0]}: {e}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
