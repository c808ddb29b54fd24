"""min_nuclear_norm and pattern_cost: the certified program on hand-checked constraints."""
from fractions import Fraction as F

import numpy as np
import pytest

import sinkcheck


def test_identity_is_optimal_for_unit_diagonal_constraints():
    # e_i^T W e_i >= 1 for every i: tr W >= n, so ||W||_* >= n, attained by I
    n = 3
    out = sinkcheck.min_nuclear_norm(np.eye(n), np.eye(n))
    assert out["lower"] <= n <= out["upper"]
    assert out["relative_gap"] < 1e-6
    assert out["interval"][0] <= n <= out["interval"][1]
    for i in range(n):  # the returned W is feasible, exactly
        assert out["W"][i][i] >= 1


def test_single_constraint_optimum_is_one_over_the_norms():
    # p^T W q >= 1 alone: min ||W||_* = 1/(|p| |q|) = 1/5 for p = (3, 4), q = (1, 0)
    out = sinkcheck.min_nuclear_norm([[3, 4]], [[1, 0]])
    assert out["lower"] <= F(1, 5) <= out["upper"]
    W = out["W"]
    assert sum(p * W[a][b] * q for a, p in enumerate([3, 4]) for b, q in enumerate([1, 0])) >= 1


def test_fractions_in_the_constraints():
    # (1/3) W_11 >= 1: the optimum is 3
    out = sinkcheck.min_nuclear_norm([[F(1, 3), 0]], [[1, 0]])
    assert out["lower"] <= 3 <= out["upper"] and out["upper"] - out["lower"] < F(1, 10 ** 6)


def test_pattern_cost_of_a_diagonal_head():
    # tokens e_1, e_2, each query preferring itself: W_11 - W_12 >= 1 and W_22 - W_21 >= 1.
    # M = I meets them with margin 1 at cost 2; the minimum is 1, attained by the rank-one
    # (e_1 - e_2)(e_1 - e_2)^T / 2, and proven by the multipliers mu = (1, 1): sum mu / |G|_op = 2/2.
    Z = np.eye(2)
    out = sinkcheck.pattern_cost(Z, [(0, 0, 1), (1, 1, 0)], np.eye(2))
    assert out["margin"] == 1
    lo, hi = out["min_cost"]
    assert lo <= 1.0 <= hi and hi - lo < 1e-6
    assert out["ratio"][0] <= 2.0 <= out["ratio"][1]


@pytest.mark.parametrize("args, message", [
    (dict(left=[[1, 0]], right=[[1, 0], [0, 1]]), "left has shape [1, 2], right [2, 2]: they must match"),
    (dict(left=[[0, 0]], right=[[1, 0]]), "min_nuclear_norm: left[0] is zero: the constraint 0 >= 1 cannot hold"),
    (dict(left=[[1, float("nan")]], right=[[1, 0]]), "min_nuclear_norm: left[0][1] is NaN"),
    (dict(left=np.zeros((0, 2)), right=np.zeros((0, 2))), "min_nuclear_norm: left has shape [0, 2]"),
    (dict(left=[[1, 0]], right=[[1, 0]], solver="cvx"), "solver = 'cvx': expected 'auto', 'interior_point' or 'dsdp'"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises(ValueError) as e:
        sinkcheck.min_nuclear_norm(**args)
    assert message in str(e.value)


def test_pattern_cost_bad_preferences():
    with pytest.raises(ValueError, match=r"preferences\[0\] = \(0, 0, 5\): token indices must lie in 0..1"):
        sinkcheck.pattern_cost(np.eye(2), [(0, 0, 5)], np.eye(2))
    with pytest.raises(ValueError, match="preferences: empty"):
        sinkcheck.pattern_cost(np.eye(2), [], np.eye(2))


def test_a_program_past_the_width_limit_is_refused_before_it_is_solved():
    # An 80-wide program would need ~10 GB (the normal matrix has 2n^2 + n rows):
    # refused at once with the limit named, never a MemoryError.
    width = sinkcheck.NUCLEAR_PROGRAM_DIM_MAX + 1
    for fn, call in (("min_nuclear_norm", lambda n: sinkcheck.min_nuclear_norm(np.ones((1, n)), np.ones((1, n)))),
                     ("pattern_cost", lambda n: sinkcheck.pattern_cost(np.eye(3, n), [(1, 1, 2)], np.eye(n)))):
        for n in (width, 80):
            with pytest.raises(ValueError, match=rf"^{fn}: a program of dimension {n}, above the limit of "):
                call(n)


def test_the_widest_legal_copy_task_fits_the_limit():
    # P4's widest instance: 2 * 12 groups + 1 + 32 nuisance coordinates.
    assert sinkcheck.NUCLEAR_PROGRAM_DIM_MAX >= 2 * 12 + 1 + 32


def test_values_that_overflow_a_double_are_refused_not_a_crash():
    # ||M||_* of diag(1e308, 1e-308): the floating-point witness overflows.
    with pytest.raises(ValueError, match=r"^head_sink_cost: the inputs are too large to certify"):
        sinkcheck.head_sink_cost([[2, 0], [1, 1], [1, -1]], [1, 2], [[1e308, 0], [0, 1e-308]])
