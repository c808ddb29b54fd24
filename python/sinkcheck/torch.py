"""sinkcheck.torch: certified analysis of the attention heads of a PyTorch model.

    import sinkcheck.torch
    analysis = sinkcheck.torch.analyze(model, batch)   # one forward pass, hooked
    print(analysis.table())

For every head of every attention module (torch.nn.MultiheadAttention, or a
module following the protocol in sinkcheck._capture: a sinkcheck_heads()
method returning its projection weights), from one batch:

* measured: the attention mass on the first token (a sink?) and on the
  query itself (a diagonal pattern?), the pattern by thresholds, and the
  shares of sink and diagonal heads;
* the model quantities of P3 estimated from the batch: beta (the residual
  stream against the tokens the head reads), B (their covariance), W =
  W_OV, and Figure 8's class of (beta, B, W) with certified signs
  (classify_heads);
* on one context of the batch (context=0), for a sink head: the certified
  geometry rho_Q, rho_K of the captured tokens and the head's ||W_QK||_*
  against the certified minimum cost of the sink it implements (P1.b,
  head_sink_cost); for a diagonal head: the same against the certified
  minimum of its diagonal preferences (the nuclear-norm program,
  pattern_cost).

Token 0 of every sequence is taken as the candidate sink (BOS). "Certified"
means: for the captured tokens and weights taken as the exact doubles they
are; the estimates themselves (beta, B from a finite batch) are
measurements. analysis.write_heads_file(path) writes (beta, B, W) for
`sinkcheck heads`.

The residual stream is by default the attention's own input (beta = 1); for
a pre-LayerNorm block it is the norm's input: nn.TransformerEncoderLayer
with norm_first=True is recognised, a custom module may name the module in
its attribute `sinkcheck_residual`, and analyze(residuals={attention:
source}) names it for any module.
"""
from dataclasses import dataclass, field
from typing import Dict, List

import numpy as np
import torch

from . import write_heads_file
from ._capture import CaptureError, Recorder, is_attention, recompute
from ._report import analysis_table, interval_text
from ._head_analysis import (HeadReport, classify_all, diagonal_cost, score_matrix, sink_cost, smoothing_statistics,
                             tokens_of, value_output)

__all__ = ["analyze", "Analysis", "HeadReport", "CaptureError", "interval_text"]


@dataclass
class Analysis:
    heads: List[HeadReport]
    context: int                # the batch element whose tokens the costs use
    sink_threshold: float
    diagonal_threshold: float
    # Per attention module, what was captured and recomputed (float64 tensors):
    # tokens and residual [batch, T, D]; queries, keys, values [batch, H, T, d_head];
    # attention [batch, H, T, T].
    captured: Dict[str, Dict[str, torch.Tensor]] = field(default_factory=dict)

    @property
    def sink_share(self):
        return sum(h.pattern == "sink" for h in self.heads) / len(self.heads)

    @property
    def diagonal_share(self):
        return sum(h.pattern == "diagonal" for h in self.heads) / len(self.heads)

    def head(self, label):
        for h in self.heads:
            if h.label == label:
                return h
        raise KeyError(f"no head labelled {label!r}; the labels are {[h.label for h in self.heads]}")

    def write_heads_file(self, path):
        """beta, B, W of every head, for `sinkcheck heads` (which certifies the same classes)."""
        write_heads_file(path, [h.beta for h in self.heads], np.stack([h.B for h in self.heads]),
                         np.stack([h.W for h in self.heads]), labels=[h.label for h in self.heads],
                         metadata={"source": "sinkcheck.torch"})

    def table(self):
        """One line per head: pattern, masses, class and signs, costs (see the legend it starts with)."""
        return analysis_table(self)

    def __repr__(self):
        return (f"<sinkcheck Analysis: {len(self.heads)} heads, sinks {self.sink_share:.0%}, diagonal "
                f"{self.diagonal_share:.0%}, context {self.context}; .table() for the details>")

    def _repr_html_(self):
        import html
        return f"<pre>{html.escape(self.table())}</pre>"

    def records(self):
        """One plain dict per head (measured masses and pattern, class, certified costs as interval midpoints)."""
        def midpoint(pair):
            return None if pair is None else (pair[0] + pair[1]) / 2
        rows = []
        for h in self.heads:
            c = h.cost or {}
            rows.append({"head": h.label, "pattern": h.pattern, "sink_mass": h.sink_mass,
                         "diagonal_mass": h.diagonal_mass, "class": h.smoothing_class, "beta": h.beta,
                         "nuclear_norm": midpoint(c.get("nuclear_norm")), "min_cost": midpoint(c.get("min_cost")),
                         "ratio": midpoint(c.get("ratio")), "cost_of": h.cost_kind})
        return rows

    def to_pandas(self):
        """records() as a pandas DataFrame (pandas is optional: python3-pandas)."""
        import pandas
        return pandas.DataFrame(self.records())


def _attention_modules(model, modules):
    named = dict(model.named_modules())
    if modules is None:
        found = {name or "model": m for name, m in named.items() if is_attention(m)}
    else:
        found = {}
        for item in modules:
            name = item if isinstance(item, str) else next((n for n, m in named.items() if m is item), None)
            if name not in named:
                raise ValueError(f"analyze: modules: {item!r} is not a submodule of the model")
            if not is_attention(named[name]):
                raise ValueError(f"analyze: modules: {name!r} is a {type(named[name]).__name__}, not an attention "
                                 "module (torch.nn.MultiheadAttention or one with sinkcheck_heads())")
            found[name or "model"] = named[name]
    if not found:
        raise ValueError("analyze: the model has no attention module (torch.nn.MultiheadAttention, or a module "
                         "with a sinkcheck_heads() method)")
    return found


def _residual_sources(model, attention, residuals):
    """{attention name: the module whose input is the residual stream there}."""
    sources = {}
    by_module = {id(m): name for name, m in attention.items()}
    for _, layer in model.named_modules():
        if isinstance(layer, (torch.nn.TransformerEncoderLayer, torch.nn.TransformerDecoderLayer)) and \
                getattr(layer, "norm_first", False) and id(layer.self_attn) in by_module:
            sources[by_module[id(layer.self_attn)]] = layer.norm1
    for name, m in attention.items():
        own = getattr(m, "sinkcheck_residual", None)
        if isinstance(own, torch.nn.Module):
            sources[name] = own
    for key, source in (residuals or {}).items():
        name = key if isinstance(key, str) else by_module.get(id(key))
        if name not in attention:
            raise ValueError(f"analyze: residuals: {key!r} is not one of the attention modules analysed")
        if not isinstance(source, torch.nn.Module):
            raise ValueError(f"analyze: residuals[{name!r}] must be a module (whose input is the residual stream)")
        sources[name] = source
    return sources


def _forward(model, inputs):
    if isinstance(inputs, dict):
        return model(**inputs)
    if isinstance(inputs, (tuple, list)):
        return model(*inputs)
    return model(inputs)


def analyze(model, inputs, *, modules=None, residuals=None, sink_threshold=0.5, diagonal_threshold=0.5, context=0,
            costs=True, max_program_constraints=1500, max_bits=32768):
    """Run `model` on `inputs` once (eval mode, then restored) and analyse every attention head.

    inputs: what the model takes (a tensor, a tuple of positional arguments or
    a dict of keyword arguments). modules: names or modules to analyse
    (default: every attention module). residuals: {attention module or name:
    module whose input is the residual stream there}. A head is a sink head
    when its queries 1..T-1 put on average at least sink_threshold of their
    attention on token 0, diagonal when at least diagonal_threshold on
    themselves. costs=False skips the certified costs (the slow part).
    """
    for name, value in (("sink_threshold", sink_threshold), ("diagonal_threshold", diagonal_threshold)):
        if not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise ValueError(f"analyze: {name} = {value!r}: expected a number in (0, 1]")
    attention = _attention_modules(model, modules)
    sources = _residual_sources(model, attention, residuals)
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        # With gradients on, nn.TransformerEncoderLayer keeps its Python path
        # (its inference fast path would bypass the attention module).
        with Recorder(attention, sources) as recorder, torch.enable_grad():
            _forward(model, inputs)
    finally:
        for m, training in modes:  # every module's own mode, as it was
            m.training = training

    reports, captured = [], {}
    for name in attention:
        record, weights = recorder.records[name], recorder.weights[name]
        if record.x is None:
            raise CaptureError(f"analyze: {name} was not called during the forward pass")
        if record.x.shape[1] < 2:
            raise ValueError(f"analyze: {name} saw sequences of {record.x.shape[1]} token(s); the analysis needs "
                             "token 0 and at least one more")
        if not 0 <= context < record.x.shape[0]:
            raise ValueError(f"analyze: context = {context}: the batch holds {record.x.shape[0]} sequences")
        try:
            q, k, v, A = recompute(record, weights)
        except CaptureError as e:
            raise CaptureError(f"analyze: {name}: {e}") from None
        captured[name] = {"tokens": record.x, "residual": record.x if record.residual is None else record.residual,
                          "queries": q, "keys": k, "values": v, "attention": A}
        beta, misfit, B = smoothing_statistics(record.x, record.residual)
        for h in range(A.shape[1]):
            head_attention = A[:, h]
            sink_mass = float(head_attention[:, 1:, 0].mean())
            diagonal_mass = float(torch.diagonal(head_attention, dim1=-2, dim2=-1)[:, 1:].mean())
            pattern = "sink" if sink_mass >= sink_threshold else \
                "diagonal" if diagonal_mass >= diagonal_threshold else "neither"
            report = HeadReport(label=f"{name}.H{h}", module=name, head=h, sink_mass=sink_mass,
                                diagonal_mass=diagonal_mass, pattern=pattern, beta=beta, beta_misfit=misfit,
                                B=B, W=value_output(weights, h))
            if costs and pattern != "neither":
                if record.masked:
                    report.cost_note = "the attention mask is neither absent nor causal: no cost is computed"
                else:
                    M, homogeneous = score_matrix(weights, h)
                    Z = tokens_of(record.x, context, homogeneous)
                    own = head_attention[context].numpy()
                    if pattern == "sink":
                        sink_cost(report, Z, M, own, sink_threshold, record.causal)
                    else:
                        diagonal_cost(report, Z, M, own, diagonal_threshold, record.causal, max_program_constraints)
            reports.append(report)
    classify_all(reports, max_bits)
    return Analysis(heads=reports, context=context, sink_threshold=sink_threshold,
                    diagonal_threshold=diagonal_threshold, captured=captured)
