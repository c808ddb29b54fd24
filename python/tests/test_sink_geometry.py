"""sink_geometry and head_sink_cost (P1) on hand-checked configurations."""
from fractions import Fraction as F

import numpy as np
import pytest

import sinkcheck

# z_0 = (2, 0) the sink, z_1 = (1, 1), z_2 = (1, -1). The queries' hull is the
# segment x = 1, nearest point (1, 0): rho_Q = 1. The keys z_0 - z_j are
# (1, -1), (1, 1): rho_K = 1. Minimal cost kappa sqrt(d)/(rho_Q rho_K) = sqrt(2),
# attained by W* = sqrt(2) e_1 e_1^T.
Z = [[2, 0], [1, 1], [1, -1]]


def contains(interval, x):
    lo, hi = interval
    return lo <= x <= hi


def test_known_rho_and_cost():
    g = sinkcheck.sink_geometry(Z, J=[1, 2])
    assert g["K"] == [1, 2]
    assert g["rho_Q2"] == 1 and g["rho_K2"] == 1
    assert contains(g["rho_Q"], 1.0) and g["rho_Q"][1] - g["rho_Q"][0] < 1e-12
    assert g["sinkable"] and g["infeasibility"] is None
    assert g["min_cost_squared"] == 2
    assert contains(g["min_cost"], 2 ** 0.5)
    assert contains(g["min_score_cost"], 1.0)
    assert g["W_star_over_sqrt_d"] == [[1, 0], [0, 0]]
    assert np.allclose(g["W_star"], [[2 ** 0.5, 0], [0, 0]])
    assert g["primal_margin"] == 1
    assert g["p_Q"] == [1, 0] and g["query_weights"] == {1: F(1, 2), 2: F(1, 2)}


def test_margin_scales_the_cost():
    g = sinkcheck.sink_geometry(Z, J=[1, 2], kappa=F(3, 2))
    assert g["min_cost_squared"] == F(9, 4) * 2
    assert g["primal_margin"] == F(3, 2)


def test_fractions_are_exact():
    third = [[F(x, 3) for x in z] for z in Z]
    g = sinkcheck.sink_geometry(third, J=[1, 2])
    assert g["rho_Q2"] == F(1, 9) and g["rho_K2"] == F(1, 9)


def test_floats_are_the_doubles_they_are():
    # 0.1 as a float is not 1/10; as a string it is
    tenth = [[x * 0.1 for x in z] for z in Z]
    assert sinkcheck.sink_geometry(tenth, J=[1, 2])["rho_Q2"] == F(0.1) ** 2
    text = [[str(F(x, 10)) for x in z] for z in Z]
    assert sinkcheck.sink_geometry(text, J=[1, 2])["rho_Q2"] == F(1, 100)


def test_queries_around_the_origin_cannot_sink():
    g = sinkcheck.sink_geometry([[0, 1], [1, 0], [-1, 0]], J=[1, 2])
    assert not g["sinkable"] and g["rho_Q2"] == 0 and g["rho_Q"] == (0.0, 0.0)
    assert g["infeasibility"]["kind"] == "queries"
    assert g["infeasibility"]["weights"] == {1: F(1, 2), 2: F(1, 2)}
    assert g["min_cost"] is None and g["W_star"] is None


def test_sink_inside_the_key_hull_cannot_sink():
    g = sinkcheck.sink_geometry([[1, 1], [2, 1], [0, 1]], J=[1])
    assert not g["sinkable"] and g["rho_K2"] == 0
    assert g["infeasibility"]["kind"] == "keys"
    assert g["infeasibility"]["weights"] == {1: F(1, 2), 2: F(1, 2)}


def test_causal_keys_and_explicit_keys():
    Z4 = Z + [[0, 5]]
    assert sinkcheck.sink_geometry(Z4, J=[1, 2], causal=True)["K"] == [1, 2]
    assert sinkcheck.sink_geometry(Z4, J=[1, 2])["K"] == [1, 2, 3]
    assert sinkcheck.sink_geometry(Z4, J=[1, 2], K=[1, 2])["rho_K2"] == 1


def test_head_sink_cost_of_an_optimal_and_a_wasteful_head():
    # M = e_1 e_1^T: every gap z_i^T M (z_0 - z_j) is 1, ||M||_* = 1 = margin/(rho_Q rho_K)
    best = sinkcheck.head_sink_cost(Z, [1, 2], [[1, 0], [0, 0]])
    assert best["margin"] == 1
    assert contains(best["nuclear_norm"], 1.0) and contains(best["min_cost"], 1.0) and contains(best["ratio"], 1.0)
    # M = diag(2, 1): gaps 2 -+ 1, margin 1, ||M||_* = 3: three times the minimum
    waste = sinkcheck.head_sink_cost(Z, [1, 2], [[2, 0], [0, 1]])
    assert waste["margin"] == 1
    assert contains(waste["nuclear_norm"], 3.0) and contains(waste["ratio"], 3.0)


def test_head_that_does_not_separate_the_sink_gets_no_cost():
    # M = e_2 e_2^T: query 1 scores key 1 above the sink
    out = sinkcheck.head_sink_cost(Z, [1, 2], [[0, 0], [0, 1]])
    assert out["margin"] == -1 and out["min_cost"] is None and out["ratio"] is None


@pytest.mark.parametrize("args, message", [
    (dict(Z=[1, 2, 3], J=[1]), "sink_geometry: Z has shape [3], expected [T+1, d]"),
    (dict(Z=[[1, 2]], J=[1]), "sink_geometry: Z has shape [1, 2]"),
    (dict(Z=np.zeros((3, 0)), J=[1]), "sink_geometry: Z has shape [3, 0]"),
    (dict(Z=Z, J=[]), "sink_geometry: J: empty; rho_Q = dist(0, conv{}) is not defined"),
    (dict(Z=Z, J=[3]), "sink_geometry: J[0] = 3: expected a token index in 1..2"),
    (dict(Z=Z, J=[0]), "sink_geometry: J[0] = 0: expected a token index in 1..2"),
    (dict(Z=Z, J=[2, 1]), "sink_geometry: J: indices must be increasing"),
    (dict(Z=Z, J=[1], K=[2]), "sink_geometry: K must contain J (a query competes with itself); 1 is missing"),
    (dict(Z=Z, J=[1], kappa=0), "sink_geometry: kappa = 0: the margin must be positive"),
    (dict(Z=[[2, 0], [1, float("nan")], [1, -1]], J=[1]), "sink_geometry: Z[1][1] is NaN: inputs must be finite"),
    (dict(Z=[[2, 0], [1, "x"], [1, -1]], J=[1]), "sink_geometry: Z[1][1] = 'x' is not a number"),
    (dict(Z=[[2, 0], [1], [1, -1]], J=[1]), "sink_geometry: Z is not a rectangular array"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises(ValueError) as e:
        sinkcheck.sink_geometry(**args)
    assert message in str(e.value)


def test_head_sink_cost_checks_the_matrix_shape():
    with pytest.raises(ValueError, match=r"head_sink_cost: M has shape \[2, 3\], expected \[2, 2\]"):
        sinkcheck.head_sink_cost(Z, [1, 2], np.zeros((2, 3)))


@pytest.mark.parametrize("big", [1e155, 1e200, 1e300])
def test_values_whose_squares_overflow_are_refused_not_a_crash(big):
    # rho^2 beyond the largest double: a ValueError, never SIGFPE (the interpreter died).
    with pytest.raises(ValueError, match=r"^sink_geometry: the inputs are too large to certify"):
        sinkcheck.sink_geometry([[big, 0], [big, big], [big, -big]], J=[1, 2])
