"""How inputs become exact: Fractions as they are, floats as the doubles they are, strings as they spell."""
from fractions import Fraction as F

import numpy as np
import pytest

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
