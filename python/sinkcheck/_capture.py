"""What attention modules see during one forward pass, per head, in float64.

Two kinds of module are understood:

* torch.nn.MultiheadAttention used as self-attention (query, key and value
  the same tensor; no add_bias_kv, add_zero_attn or separate kdim/vdim),
  with an optional attn_mask of shape [T, T] (boolean or additive) and
  key_padding_mask;
* any module following this protocol:

      def sinkcheck_heads(self) -> dict:
          # W_q, W_k, W_v: [H, d_head, d_model]; W_o: [d_model, H * d_head]
          # optional: b_q, b_k, b_v [H, d_head], b_o [d_model],
          #           scale (default 1/sqrt(d_head)), causal (default False)
      def forward(self, x, ...):   # x [batch, T, d_model]: the tokens the heads read

  whose output (or its first element) is
  softmax(scale * q k^T + causal mask) v, concatenated over heads, times
  W_o^T, plus b_o. Optionally `self.sinkcheck_residual` names the module
  whose input is the residual stream at this attention (its LayerNorm, say).

The bridge recomputes every head's queries, keys, values and attention from
the captured input and the weights, and requires the recomputed output to
match the module's own (a check that it read the module right, not a
certificate).
"""
import math

import torch

TOLERANCE = 1e-4  # the module runs in float32; the bridge recomputes in float64


class CaptureError(ValueError):
    """A module the bridge cannot read, or whose recomputed output differs from its own."""


def mha_weights(module):
    """The protocol's dict for a torch.nn.MultiheadAttention."""
    if not module._qkv_same_embed_dim:
        raise CaptureError("MultiheadAttention with kdim/vdim different from embed_dim is not supported")
    if module.bias_k is not None or module.add_zero_attn:
        raise CaptureError("MultiheadAttention with add_bias_kv or add_zero_attn is not supported")
    E, H = module.embed_dim, module.num_heads
    dh = E // H
    W = module.in_proj_weight.detach().double()
    out = {"W_q": W[:E].reshape(H, dh, E), "W_k": W[E:2 * E].reshape(H, dh, E), "W_v": W[2 * E:].reshape(H, dh, E),
           "W_o": module.out_proj.weight.detach().double(), "scale": 1 / math.sqrt(dh)}
    if module.in_proj_bias is not None:
        b = module.in_proj_bias.detach().double()
        out.update(b_q=b[:E].reshape(H, dh), b_k=b[E:2 * E].reshape(H, dh), b_v=b[2 * E:].reshape(H, dh))
    if module.out_proj.bias is not None:
        out["b_o"] = module.out_proj.bias.detach().double()
    return out


def protocol_weights(module):
    """The module's own sinkcheck_heads(), checked and in float64."""
    raw = module.sinkcheck_heads()
    for key in ("W_q", "W_k", "W_v", "W_o"):
        if key not in raw:
            raise CaptureError(f"{type(module).__name__}.sinkcheck_heads() has no '{key}'")
    out = {k: (v.detach().double() if torch.is_tensor(v) else v) for k, v in raw.items()}
    H, dh, D = out["W_q"].shape
    for key in ("W_k", "W_v"):
        if tuple(out[key].shape) != (H, dh, D):
            raise CaptureError(f"{type(module).__name__}.sinkcheck_heads(): {key} has shape {list(out[key].shape)}, "
                               f"expected {[H, dh, D]} (from W_q)")
    if tuple(out["W_o"].shape) != (D, H * dh):
        raise CaptureError(f"{type(module).__name__}.sinkcheck_heads(): W_o has shape {list(out['W_o'].shape)}, "
                           f"expected {[D, H * dh]}")
    out.setdefault("scale", 1 / math.sqrt(dh))
    return out


def is_attention(module):
    return isinstance(module, torch.nn.MultiheadAttention) or callable(getattr(module, "sinkcheck_heads", None))


class Captured:
    """One module's call: its input tokens, mask and output (the first call of the pass)."""

    def __init__(self):
        self.x = None          # [batch, T, D], the tokens the heads read
        self.output = None     # the module's output [batch, T, D]
        self.additive_mask = None  # [batch or 1, 1, T, T] added to the scores, or None
        self.causal = False    # the mask is exactly the causal one (or the protocol says so)
        self.masked = False    # some mask that is not the causal one
        self.residual = None   # [batch, T, D], the residual stream, when a source was named


def _causal_additive(T, dtype):
    return torch.triu(torch.full((T, T), float("-inf"), dtype=dtype), diagonal=1)


def _mha_call(module, args, kwargs, record):
    names = ["query", "key", "value", "key_padding_mask", "need_weights", "attn_mask"]
    bound = dict(zip(names, args))
    bound.update(kwargs)
    query, key, value = bound.get("query"), bound.get("key"), bound.get("value")
    if not (query is key and key is value) and not (torch.equal(query, key) and torch.equal(key, value)):
        raise CaptureError("MultiheadAttention called with different query, key and value: "
                           "only self-attention is analysed")
    x = query if module.batch_first else query.transpose(0, 1)
    x = x.detach().double()
    B, T, _ = x.shape
    additive = torch.zeros((1, 1, T, T), dtype=torch.float64)
    mask = bound.get("attn_mask")
    if mask is not None:
        if mask.dim() != 2:
            raise CaptureError("MultiheadAttention attn_mask of shape " + str(list(mask.shape)) +
                               ": only [T, T] masks are analysed")
        m = mask.detach()
        m = torch.zeros(m.shape, dtype=torch.float64).masked_fill(m, float("-inf")) if m.dtype == torch.bool \
            else m.double()
        record.causal = bool(torch.equal(torch.isinf(m), torch.isinf(_causal_additive(T, torch.float64)))) and \
            bool(torch.all(m[~torch.isinf(m)] == 0))
        record.masked = not record.causal and bool(torch.any(m != 0))
        additive = additive + m.view(1, 1, T, T)
    padding = bound.get("key_padding_mask")
    if padding is not None:
        p = padding.detach()
        p = torch.zeros(p.shape, dtype=torch.float64).masked_fill(p, float("-inf")) if p.dtype == torch.bool \
            else p.double()
        if bool(torch.any(p != 0)):
            record.masked = True
            record.causal = False
        additive = additive + p.view(B, 1, 1, T)
    record.x = x
    record.additive_mask = additive


def _protocol_call(module, args, kwargs, record, weights):
    x = args[0] if args else kwargs.get("x")
    if not torch.is_tensor(x) or x.dim() != 3:
        raise CaptureError(f"{type(module).__name__}.forward: the first argument must be the tokens [batch, T, d_model]")
    record.x = x.detach().double()
    T = x.shape[1]
    record.causal = bool(weights.get("causal", False))
    record.additive_mask = _causal_additive(T, torch.float64).view(1, 1, T, T) if record.causal else None


def _first_tensor(output):
    return output[0] if isinstance(output, (tuple, list)) else output


class Recorder:
    """Wraps the forward of each attention module (and of each residual source) for one pass."""

    def __init__(self, modules, residual_sources):
        self.modules = modules                    # {name: module}
        self.residual_sources = residual_sources  # {name: module whose input is the residual stream}
        self.records = {name: Captured() for name in modules}
        self.weights = {}
        self._restore = []

    def __enter__(self):
        for name, module in self.modules.items():
            weights = mha_weights(module) if isinstance(module, torch.nn.MultiheadAttention) \
                else protocol_weights(module)
            self.weights[name] = weights
            self._wrap(module, self._attention_hook(name, module, weights))
        for name, source in self.residual_sources.items():
            self._wrap(source, self._residual_hook(name))
        return self

    def __exit__(self, *exc):
        for module, had_own, original in reversed(self._restore):
            if had_own:
                module.forward = original
            else:
                del module.forward
        self._restore.clear()
        return False

    def _wrap(self, module, hook):
        # An instance attribute shadows the class's forward for this pass only;
        # unlike forward hooks, it sees keyword arguments on every torch version.
        had_own = "forward" in module.__dict__
        original = module.forward

        def forward(*args, **kwargs):
            output = original(*args, **kwargs)
            hook(args, kwargs, output)
            return output

        module.forward = forward
        self._restore.append((module, had_own, original))

    def _attention_hook(self, name, module, weights):
        def hook(args, kwargs, output):
            record = self.records[name]
            if record.x is not None:
                return  # a module called twice in one pass: the first call is analysed
            if isinstance(module, torch.nn.MultiheadAttention):
                _mha_call(module, args, kwargs, record)
                out = _first_tensor(output)
                record.output = (out if module.batch_first else out.transpose(0, 1)).detach().double()
            else:
                _protocol_call(module, args, kwargs, record, weights)
                record.output = _first_tensor(output).detach().double()
        return hook

    def _residual_hook(self, name):
        def hook(args, kwargs, output):
            record = self.records[name]
            if record.residual is None:
                x = args[0] if args else next(iter(kwargs.values()))
                record.residual = x.detach().double()
        return hook


def recompute(record, weights):
    """Per-head q, k, v [batch, H, T, d_head] and attention [batch, H, T, T] from the captured input.

    Raises CaptureError when the recomputed output differs from the module's.
    """
    x = record.x
    q = torch.einsum("btd,hed->bhte", x, weights["W_q"])
    k = torch.einsum("btd,hed->bhte", x, weights["W_k"])
    v = torch.einsum("btd,hed->bhte", x, weights["W_v"])
    for key, t in (("b_q", q), ("b_k", k), ("b_v", v)):
        if weights.get(key) is not None:
            t += weights[key][None, :, None, :]
    scores = weights["scale"] * q @ k.transpose(-1, -2)
    if record.additive_mask is not None:
        scores = scores + record.additive_mask
    attention = torch.softmax(scores, dim=-1)
    heads = attention @ v
    B, H, T, dh = heads.shape
    output = heads.transpose(1, 2).reshape(B, T, H * dh) @ weights["W_o"].T
    if weights.get("b_o") is not None:
        output = output + weights["b_o"]
    if record.output is not None and tuple(record.output.shape) == tuple(output.shape):
        difference = float((output - record.output).abs().max())
        size = float(record.output.abs().max()) + 1.0
        if not difference <= TOLERANCE * size:
            raise CaptureError(f"recomputing the module's output from its weights differs by {difference:.3g} "
                               "(the module does not follow what the bridge reads; see sinkcheck.torch's protocol)")
    elif record.output is not None:
        raise CaptureError(f"the module's output has shape {list(record.output.shape)}, expected {[B, T, H * dh]}"
                           f" -> {list(output.shape)}")
    return q, k, v, attention
