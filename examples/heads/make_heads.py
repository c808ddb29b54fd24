#!/usr/bin/env python3
"""Writes heads.safetensors, the example input of `sinkcheck heads`.

Each head h is a triple (beta[h], B[h], W[h]) as measured on a model: beta is
the residual weight, B the covariance of the tokens entering the head (here
the sample covariance of synthetic token embeddings, so B is PSD), W the
head's W_OV. Tensors: beta [H], B [H, d, d], W [H, d, d] (float64); the
metadata "labels" names the heads.

The heads cover Figure 8's classes and their boundaries:
  L0.*  measured-like heads with random W (whatever class they fall in);
  L1.H0 red      W close to +I: beta tr(BW) > 0;
  L1.H1 blue     W = -c I with 0 < c < beta: beta tr(BW) + tr(BW^T W) = c(c - beta) tr B < 0;
  L1.H2 grey     W = -c I with c > beta: beta tr(BW) < 0 < beta tr(BW) + tr(BW^T W);
  L1.H3 grey     W antisymmetric: tr(BW) = 0 exactly, though rounding hides it;
  L1.H4 grey     W = -beta I: beta tr(BW) + tr(BW^T W) = 0 exactly (the blue boundary);
  L1.H5 blue     W = -(beta - 2^-52) I: just inside blue, within rounding of the boundary;
  L1.H6 grey     W antisymmetric with entries from 2^-60 to 1: tr(BW) = 0 exactly, and
                 certifying that zero takes more than 128 bits (or the exact stage).

With the `safetensors` package installed this is
`safetensors.numpy.save_file(tensors, path, metadata)`; without it the file
is written by hand below (the format is an 8-byte little-endian header
length, a JSON header, then the raw little-endian data).
"""
import json
import struct
import sys

import numpy as np


def save_safetensors(tensors, path, metadata):
    try:
        from safetensors.numpy import save_file
    except ImportError:
        save_file = None
    if save_file is not None:
        save_file(tensors, path, metadata=metadata)
        return
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main(path):
    rng = np.random.default_rng(20261128)
    d, tokens = 8, 256
    heads = []

    def covariance():
        embeddings = rng.standard_normal((tokens, d)) @ rng.standard_normal((d, d)) / np.sqrt(d)
        return np.cov(embeddings, rowvar=False)

    for h in range(6):
        B = covariance()
        B = (B + B.T) / 2  # exactly symmetric in floating point
        heads.append((f"L0.H{h}", float(rng.uniform(0.5, 1.5)), B, rng.standard_normal((d, d)) / np.sqrt(d)))
    B = covariance()
    B = (B + B.T) / 2
    eye = np.eye(d)
    A = rng.standard_normal((d, d))
    S = A * 2.0 ** rng.integers(-60, 1, size=(d, d))
    heads += [
        ("L1.H0", 1.0, B, eye + 0.1 * rng.standard_normal((d, d))),
        ("L1.H1", 1.0, B, -0.5 * eye),
        ("L1.H2", 0.5, B, -1.25 * eye),
        ("L1.H3", 0.75, B, (A - A.T) / 2),
        ("L1.H4", 0.75, B, -0.75 * eye),
        ("L1.H5", 0.75, B, -(0.75 - 2.0 ** -52) * eye),
        ("L1.H6", 0.75, B, (S - S.T) / 2),
    ]
    tensors = {
        "beta": np.array([h[1] for h in heads]),
        "B": np.stack([h[2] for h in heads]),
        "W": np.stack([h[3] for h in heads]),
    }
    metadata = {"labels": ",".join(h[0] for h in heads), "source": "examples/heads/make_heads.py (synthetic)"}
    save_safetensors(tensors, path, metadata)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "heads.safetensors")
