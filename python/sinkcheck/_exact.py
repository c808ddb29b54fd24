"""Inputs checked and made exact before they reach the C++ checks.

Every exact input crosses to C++ as text "p/q": a fractions.Fraction or an
integer as it is, a float as the exact double it is (0.1 is
3602879701896397/36028797018963968, not 1/10), a string as the decimal or
fraction it spells ("0.1" is 1/10). Messages start with the function's name and name the
argument and the element, like the command line's.
"""
import contextlib
import math
import numbers
from fractions import Fraction

import numpy as np


@contextlib.contextmanager
def overflow_refused(fn):
    """Inputs whose values overflow the floating-point witnesses of the C++
    checks (squares beyond ~1e308, so values from ~1e154) are refused as
    ValueError naming `fn`, never a crash."""
    from ._sinkcheck import NonFiniteDouble
    try:
        yield
    except NonFiniteDouble as e:
        raise ValueError(f"{fn}: the inputs are too large to certify ({e}); scale them down") from None


def _shape_text(shape):
    return "[" + ", ".join(str(n) for n in shape) + "]"


def exact_text(value, where):
    """The exact value of one number as "p/q" text; `where` names it in errors."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: expected a number, got a bool")
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if isinstance(value, np.floating) and x != value:
            raise ValueError(f"{where} = {value!r} is not a double (a {type(value).__name__}): convert it first")
        if math.isnan(x):
            raise ValueError(f"{where} is NaN: inputs must be finite")
        if math.isinf(x):
            raise ValueError(f"{where} is infinite: inputs must be finite")
        n, d = x.as_integer_ratio()
        return f"{n}/{d}"
    if isinstance(value, numbers.Rational):
        return exact_text(Fraction(value.numerator, value.denominator), where)
    if isinstance(value, str):
        try:
            return exact_text(Fraction(value), where)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{where} = {value!r} is not a number (expected e.g. '-3/4', '0.125', '1e-3')") from None
    raise TypeError(f"{where}: expected a number (int, float, fractions.Fraction or a string such as '-3/4'), "
                    f"got {type(value).__name__}")


def flag(value, fn, name):
    """A yes/no argument: True or False only ("no" would be truthy, and read as yes)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{fn}: {name} = {value!r}: expected True or False")


def _as_array(value, fn, name):
    try:
        return np.asarray(value)
    except ValueError as e:  # ragged nested lists
        raise ValueError(f"{fn}: {name} is not a rectangular array ({e})") from None


def exact_rows(value, fn, name, expected, min_rows=1):
    """A 2-D array (numpy, nested lists, a CPU tensor) of exact numbers as rows of text.

    `expected` describes the shape in the error message ("[T+1, d] with T >= 1").
    """
    array = _as_array(value, fn, name)
    if array.ndim != 2 or array.shape[0] < min_rows or array.shape[1] < 1:
        raise ValueError(f"{fn}: {name} has shape {_shape_text(array.shape)}, expected {expected}")
    rows = array.tolist()  # Python ints, floats (exact widening of float16/32) or the objects given
    return [[exact_text(x, f"{fn}: {name}[{r}][{c}]") for c, x in enumerate(row)] for r, row in enumerate(rows)]


def measured_array(value, fn, name):
    """A measured tensor as float64, unchanged in value: every element must be exactly a double."""
    array = _as_array(value, fn, name)
    if array.dtype.kind in "fiu":
        converted = array.astype(np.float64)
        if array.dtype.kind in "iu" and array.size and np.any(converted.astype(array.dtype) != array):
            raise ValueError(f"{fn}: {name} holds integers beyond 2^53, which are not doubles")
        return np.ascontiguousarray(converted)
    if array.dtype.kind == "b":
        raise TypeError(f"{fn}: {name} holds booleans, expected numbers")
    if array.dtype.kind == "O":
        flat = []
        for k, x in enumerate(array.reshape(-1).tolist()):
            where = f"{fn}: {name}" + "".join(f"[{i}]" for i in np.unravel_index(k, array.shape))
            text = exact_text(x, where)
            q = Fraction(text)
            try:
                as_double = float(q)
            except OverflowError:
                digits = len(str(abs(q.numerator))) - len(str(q.denominator))
                raise ValueError(f"{where} is about 1e{digits}, beyond the largest double (about 1.8e308): "
                                 f"{fn} takes measured floats") from None
            if Fraction(as_double) != q:
                shown = text if len(text) <= 40 else text[:40] + f"... ({len(text)} characters)"
                raise ValueError(f"{where} = {shown} is not exactly a double: {fn} takes measured floats")
            flat.append(as_double)
        return np.array(flat, dtype=np.float64).reshape(array.shape)
    raise TypeError(f"{fn}: {name} has dtype {array.dtype}, expected real numbers")


def token_indices(value, fn, name, T):
    """Increasing token indices in 1..T."""
    array = _as_array(value, fn, name)
    if array.ndim != 1:
        raise ValueError(f"{fn}: {name} has shape {_shape_text(array.shape)}, expected a list of token indices")
    out = []
    for k, x in enumerate(array.tolist()):
        if isinstance(x, bool) or not isinstance(x, numbers.Integral) or not 1 <= x <= T:
            raise ValueError(f"{fn}: {name}[{k}] = {x!r}: expected a token index in 1..{T}")
        if out and x <= out[-1]:
            raise ValueError(f"{fn}: {name}: indices must be increasing")
        out.append(int(x))
    return out


def fractions(rows):
    """Text (a number, a list, a list of lists) back to Fractions."""
    if isinstance(rows, str):
        return Fraction(rows)
    return [fractions(r) for r in rows]
