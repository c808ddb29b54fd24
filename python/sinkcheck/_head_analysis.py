"""One head's results in sinkcheck.torch: its pattern, its smoothing class, its cost.

Measured (floating point, descriptive): the attention masses and the
pattern they suggest. Certified (by the C++ checks, for the captured tokens
and weights taken as the exact doubles they are): the signs behind the
Figure 8 class of the estimated (beta, B, W), the geometry rho_Q, rho_K of
the sink, the head's nuclear norm, and the minimum cost of its pattern.
"""
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import classify_heads, head_sink_cost, pattern_cost
from ._sinkcheck import NUCLEAR_PROGRAM_DIM_MAX


@dataclass
class HeadReport:
    label: str            # "<module name>.H<h>"
    module: str
    head: int
    sink_mass: float      # mean attention of queries 1..T-1 on token 0, over the batch (measured)
    diagonal_mass: float  # mean attention of queries 1..T-1 on themselves (measured)
    pattern: str          # "sink", "diagonal" or "neither", by the thresholds
    beta: float           # residual weight, least squares of the residual stream on the head's tokens
    beta_misfit: float    # |X - beta Z| / |X|: how well the model X = beta Z describes this layer
    B: np.ndarray = field(repr=False)  # covariance of the tokens the head reads (positions 1..T-1)
    W: np.ndarray = field(repr=False)  # W_OV = W_O^h W_V^h
    smoothing: dict = field(default_factory=dict, repr=False)  # classify_heads' entry: class, signs, stages
    cost: Optional[dict] = field(default=None, repr=False)  # head_sink_cost (sink) or pattern_cost (diagonal) on the context analysed
    cost_kind: str = ""          # "sink (P1.b)" or "diagonal (program)"
    cost_note: str = ""          # why there is no cost, when there is none

    @property
    def smoothing_class(self):
        return self.smoothing.get("class", "")

    def __repr__(self):
        return (f"<HeadReport {self.label}: {self.pattern}, class {self.smoothing_class or '?'}, "
                f"A[i,0] {self.sink_mass:.3f}, A[i,i] {self.diagonal_mass:.3f}>")


def score_matrix(weights, h):
    """The head's score matrix M on tokens z (scores z_i^T M z_j) and whether z carries a 1 for the biases.

    Scores are scale (W_q x_i + b_q)^T (W_k x_j + b_k). The key bias adds the
    same amount to every key of a query, which softmax ignores, so it is
    dropped; a nonzero query bias needs the homogeneous token z = [x; 1].
    """
    Wq, Wk = weights["W_q"][h].numpy(), weights["W_k"][h].numpy()
    bq = weights.get("b_q")
    homogeneous = bq is not None and bool(np.any(bq[h].numpy() != 0))
    if homogeneous:
        Wq = np.hstack([Wq, bq[h].numpy()[:, None]])
        Wk = np.hstack([Wk, np.zeros((Wk.shape[0], 1))])
    return weights["scale"] * Wq.T @ Wk, homogeneous


def value_output(weights, h):
    Wv = weights["W_v"][h].numpy()
    dh = Wv.shape[0]
    return weights["W_o"][:, h * dh:(h + 1) * dh].numpy() @ Wv


def smoothing_statistics(x, residual):
    """(beta, misfit, B) from the head's tokens x and the residual stream [batch, T, D] (positions 1.. only)."""
    Z = x[:, 1:, :].reshape(-1, x.shape[-1]).numpy()
    X = Z if residual is None else residual[:, 1:, :].reshape(-1, x.shape[-1]).numpy()
    zz = float(np.sum(Z * Z))
    beta = float(np.sum(X * Z)) / zz if zz > 0 else 1.0
    misfit = float(np.linalg.norm(X - beta * Z) / max(np.linalg.norm(X), 1e-300))
    B = np.cov(Z, rowvar=False) if Z.shape[0] > 1 else np.zeros((Z.shape[1], Z.shape[1]))
    B = np.atleast_2d(B)
    return beta, misfit, (B + B.T) / 2  # exactly symmetric in floating point


def tokens_of(x, context, homogeneous):
    Z = x[context].numpy()
    return np.hstack([Z, np.ones((Z.shape[0], 1))]) if homogeneous else Z


def sink_cost(report, Z, M, attention, threshold, causal):
    """P1.b on the context: the queries that sink, their keys, the head's cost against the minimum."""
    T = Z.shape[0]
    J = [i for i in range(1, T) if attention[i, 0] >= threshold]
    if not J:
        report.cost_note = "no query of the analysed context puts its threshold mass on token 0"
        return
    report.cost_kind = "sink (P1.b)"
    report.cost = head_sink_cost(Z, J, M, causal=causal)
    if report.cost["min_cost"] is None:
        report.cost_note = (f"margin {float(report.cost['margin']):.3g} <= 0 over J x K: the head does not separate "
                            "token 0 from every key for every sinking query, so P1.b does not apply")


def diagonal_cost(report, Z, M, attention, threshold, causal, max_constraints):
    """The certified minimum cost of the head's diagonal preferences (query i over its other visible keys)."""
    T = Z.shape[0]
    J = [i for i in range(1, T) if attention[i, i] >= threshold]
    preferences = [(i, i, j) for i in J for j in range(0, (i + 1) if causal else T) if j != i]
    if not preferences:
        report.cost_note = "no query of the analysed context puts its threshold mass on itself"
        return
    if len(preferences) > max_constraints:
        report.cost_note = f"{len(preferences)} preferences, above max_program_constraints = {max_constraints}"
        return
    if Z.shape[1] > NUCLEAR_PROGRAM_DIM_MAX:
        report.cost_note = (f"width {Z.shape[1]}, above the nuclear-norm program's limit of {NUCLEAR_PROGRAM_DIM_MAX} "
                            "(docs/limits.md): the diagonal cost is skipped")
        return
    report.cost_kind = "diagonal (program)"
    report.cost = pattern_cost(Z, preferences, M)
    if report.cost["min_cost"] is None:
        report.cost_note = f"margin {float(report.cost['margin']):.3g} <= 0: not every preference is met"


def classify_all(reports, max_bits):
    if not reports:
        return
    entries = classify_heads(np.array([r.beta for r in reports]), np.stack([r.B for r in reports]),
                             np.stack([r.W for r in reports]), labels=[r.label for r in reports], max_bits=max_bits)
    for report, entry in zip(reports, entries):
        report.smoothing = entry
