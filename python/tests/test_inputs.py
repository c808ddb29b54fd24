"""How inputs become exact: Fractions as they are, floats as the doubles they are, strings as they spell."""
from fractions import Fraction as F

import numpy as np
import pytest

import sinkcheck
from sinkcheck import exact_text


@pytest.mark.parametrize("value, text", [
    (F(-3, 4), "-3/4"),
    (7, "7"),
    (np.int64(-2), "-2"),
    (0.5, "1/2"),
    (0.1, "3602879701896397/36028797018963968"),  # the double nearest 1/10, exactly
    (np.float32(0.1), "13421773/134217728"),      # the float32 nearest 1/10, exactly
    ("0.1", "1/10"),
    ("1e-3", "1/1000"),
    ("-3/4", "-3/4"),
])
def test_exact_values(value, text):
    assert exact_text(value, "x") == text


@pytest.mark.parametrize("value, error, message", [
    (float("nan"), ValueError, "x is NaN"),
    (float("-inf"), ValueError, "x is infinite"),
    ("abc", ValueError, "x = 'abc' is not a number"),
    ("1/0", ValueError, "x = '1/0' is not a number"),
    (True, TypeError, "x: expected a number, got a bool"),
    (None, TypeError, "x: expected a number (int, float, fractions.Fraction"),
    (1 + 2j, TypeError, "got complex"),
])
def test_not_numbers(value, error, message):
    with pytest.raises(error) as e:
        exact_text(value, "x")
    assert message in str(e.value)


@pytest.mark.parametrize("call", [
    lambda: sinkcheck.sink_geometry([[2, 0], [1, 1], [1, -1]], [1, 2], causal="no"),
    lambda: sinkcheck.head_sink_cost([[2, 0], [1, 1], [1, -1]], [1, 2], [[1, 0], [0, 1]], causal="no"),
    lambda: sinkcheck.classify_heads([1.0], [[[1.0]]], [[[1.0]]], exact="no"),
    lambda: sinkcheck.check("P2.a", cases=1, strict="no"),
])
def test_a_yes_no_argument_takes_true_or_false_only(call):
    # "no" is truthy: read as True it would turn the option on (issue 25)
    with pytest.raises(TypeError) as e:
        call()
    assert "= 'no': expected True or False" in str(e.value)


def test_a_measured_value_beyond_the_largest_double_is_refused_by_name():
    with pytest.raises(ValueError) as e:
        sinkcheck.classify_heads([10 ** 400], [[[1.0]]], [[[1.0]]])
    assert "classify_heads: beta[0] is about 1e400, beyond the largest double" in str(e.value)
    assert len(str(e.value)) < 200


def test_a_B_that_is_no_covariance_is_refused():
    with pytest.raises(ValueError) as e:
        sinkcheck.classify_heads([1.0], [[[1.0, 2.0], [2.0, 1.0]]], np.eye(2).reshape(1, 2, 2))
    assert "B[0] is not positive semidefinite" in str(e.value)
    with pytest.raises(ValueError) as e:
        sinkcheck.classify_heads([1.0], [[[1.0, 1.0], [0.0, 1.0]]], np.eye(2).reshape(1, 2, 2))
    assert "B[0] is not symmetric" in str(e.value)
