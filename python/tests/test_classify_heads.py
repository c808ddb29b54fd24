"""classify_heads: Figure 8's classes with certified signs, as `sinkcheck heads` prints them."""
import os
import re
from fractions import Fraction

import numpy as np
import pytest

import sinkcheck
from conftest import SOURCE_ROOT, sinkcheck_cli


def one(beta, B, W, **kw):
    return sinkcheck.classify_heads([beta], [B], [W], **kw)[0]


def test_hand_checked_classes():
    I = np.eye(2)
    # red: beta tr(BW) = tr(I) = 2 > 0
    red = one(1.0, I, I)
    assert red["class"] == "red"
    assert red["signs"]["beta tr(BW)"]["sign"] == 1
    # blue: W = -I/2, beta = 1: beta tr(BW) + tr(BW^T W) = -1 + 1/2 < 0
    blue = one(1.0, I, -0.5 * I)
    assert blue["class"] == "blue"
    assert blue["signs"]["beta tr(BW) + tr(BW^T W)"]["sign"] == -1
    # grey: W = -5/4 I, beta = 1/2: -5/4 < 0 < -5/4 + 25/16
    grey = one(0.5, I, -1.25 * I)
    assert grey["class"] == "grey"
    assert grey["signs"]["beta tr(BW)"]["sign"] == -1
    assert grey["signs"]["beta tr(BW) + tr(BW^T W)"]["sign"] == 1


def test_boundary_is_certified_zero():
    # W = -beta I: beta tr(BW) + tr(BW^T W) = -beta^2 tr B + beta^2 tr B = 0 exactly, so grey (not blue)
    B = np.array([[2.0, 0.3], [0.3, 1.0]])
    head = one(0.75, B, -0.75 * np.eye(2))
    assert head["class"] == "grey"
    blue = head["signs"]["beta tr(BW) + tr(BW^T W)"]
    assert blue["decided"] and blue["sign"] == 0


def test_tiny_antisymmetric_trace_needs_more_than_128_bits():
    # tr(BW) = 0 exactly for antisymmetric W; entries from 2^-60 to 1 hide it from 128-bit intervals
    rng = np.random.default_rng(7)
    A = rng.standard_normal((6, 6)) * 2.0 ** rng.integers(-60, 1, size=(6, 6))
    W = (A - A.T) / 2
    L = rng.standard_normal((6, 6))
    B = L @ L.T
    B = (B + B.T) / 2
    certified = one(0.5, B, W)
    assert certified["signs"]["tr(BW)"]["sign"] == 0
    assert certified["class"] == "grey"
    capped = one(0.5, B, W, max_bits=128, exact=False)
    assert capped["class"] == "undecided"
    assert capped["signs"]["tr(BW)"]["sign"] is None


def test_same_classes_as_the_command_line_on_the_shipped_example():
    path = os.path.join(SOURCE_ROOT, "examples", "heads", "heads.safetensors")
    tensors, labels = read_safetensors(path)
    heads = sinkcheck.classify_heads(tensors["beta"], tensors["B"], tensors["W"], labels=labels)
    code, out, _ = sinkcheck_cli("heads", path)
    assert code == 0
    for head in heads:
        line = next(l for l in out.splitlines() if l.startswith(head["label"] + " "))
        assert re.search(r"\s(red|blue|grey|undecided)\b", line).group(1) == head["class"]


def test_written_file_is_read_back_by_the_command_line(tmp_path):
    I = np.eye(2)
    path = tmp_path / "heads.safetensors"
    sinkcheck.write_heads_file(path, [1.0, 1.0], [I, I], [I, -0.5 * I], labels=["up", "down"])
    code, out, _ = sinkcheck_cli("heads", str(path))
    assert code == 0
    assert "1 red, 1 blue, 0 grey" in out


@pytest.mark.parametrize("change, message", [
    (dict(beta=[[1.0]]), "classify_heads: beta has shape [1, 1], expected [H] with H >= 1"),
    (dict(beta=[]), "classify_heads: beta has shape [0], expected [H] with H >= 1"),
    (dict(B=np.zeros((1, 2, 3))), "classify_heads: B has shape [1, 2, 3], expected [H, d, d] with H = 1 (from beta)"),
    (dict(W=np.zeros((1, 3, 3))), "classify_heads: W has shape [1, 3, 3], expected [1, 2, 2] (H from beta, d from B)"),
    (dict(W=[[[1.0, 0.0], [float("nan"), 1.0]]]), "classify_heads: W[0][1][0] is NaN: measured values must be finite"),
    (dict(B=[[[1.0, 0.0], [0.0, float("inf")]]]), "classify_heads: B[0][1][1] is infinite"),
    (dict(labels=["a", "b"]), "classify_heads: labels names 2 heads, the tensors hold 1"),
    (dict(W=np.array([[[Fraction(1, 3), 0], [0, 1]]], dtype=object)), "W[0][0][0] = 1/3 is not exactly a double"),
])
def test_bad_input_is_named(change, message):
    args = dict(beta=[1.0], B=[np.eye(2)], W=[np.eye(2)])
    args.update(change)
    with pytest.raises(ValueError) as e:
        sinkcheck.classify_heads(**args)
    assert message in str(e.value)


def test_the_messages_are_the_command_lines(tmp_path):
    bad = np.eye(2)[None].copy()
    bad[0, 1, 0] = np.nan
    path = tmp_path / "nan.safetensors"
    sinkcheck.write_heads_file(path, [1.0], np.eye(2)[None], bad)
    code, _, err = sinkcheck_cli("heads", str(path))
    assert code == 2
    cli_message = err.strip().split(str(path) + ": ", 1)[1]
    with pytest.raises(ValueError) as e:
        sinkcheck.classify_heads([1.0], np.eye(2)[None], bad)
    assert str(e.value) == "classify_heads: " + cli_message


def read_safetensors(path):
    """A minimal reader for the test (F64 only, as the example is)."""
    import json
    import struct
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        assert spec["dtype"] == "F64"
        a, b = spec["data_offsets"]
        tensors[name] = np.frombuffer(body[a:b], dtype="<f8").reshape(spec["shape"])
    labels = header.get("__metadata__", {}).get("labels")
    return tensors, labels.split(",") if labels else None
