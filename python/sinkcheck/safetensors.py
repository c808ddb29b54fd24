"""The safetensors file `sinkcheck heads` reads: beta [H], B [H, d, d], W [H, d, d].

Written by hand, without the `safetensors` package (the format: an 8-byte
little-endian header length, a JSON header naming each tensor's dtype, shape
and byte range, then the raw little-endian data). Values are stored as F64, so the file holds exactly
the doubles given and `sinkcheck heads` certifies the same heads
classify_heads does.
"""
import json
import struct

import numpy as np

from ._exact import measured_array


def write_heads_file(path, beta, B, W, labels=None, metadata=None):
    """Write beta [H], B [H, d, d], W [H, d, d] (and the heads' labels) for `sinkcheck heads`."""
    fn = "write_heads_file"
    tensors = {"beta": measured_array(beta, fn, "beta"), "B": measured_array(B, fn, "B"),
               "W": measured_array(W, fn, "W")}
    meta = {str(k): str(v) for k, v in (metadata or {}).items()}
    if labels is not None:
        labels = [str(label) for label in labels]
        bad = [label for label in labels if "," in label]
        if bad:
            raise ValueError(f"{fn}: label {bad[0]!r} contains a comma (the file separates labels with commas)")
        meta["labels"] = ",".join(labels)
    header, offset, blobs = {}, 0, []
    if meta:
        header["__metadata__"] = meta
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the format pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
