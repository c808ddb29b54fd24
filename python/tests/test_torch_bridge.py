"""sinkcheck.torch on tiny models built here, with a planted sink head and a planted diagonal head."""
import math
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import sinkcheck  # noqa: E402
import sinkcheck.torch as st  # noqa: E402
from conftest import sinkcheck_cli  # noqa: E402

D, T, BATCH = 4, 6, 3


def tokens(width=D):
    """BOS = (1, 1, 0, 0); token i = (0, 1, cos a_i, sin a_i), the a_i evenly spread (a shifted start per sequence);
    zeros beyond the first four coordinates of a wider model."""
    x = torch.zeros(BATCH, T, width)
    x[:, 0, 0] = 1
    x[:, :, 1] = 1
    for b in range(BATCH):
        for i in range(1, T):
            a = 2 * math.pi * (i - 1) / (T - 1) + 0.3 * b
            x[b, i, 2], x[b, i, 3] = math.cos(a), math.sin(a)
    return x


def planted_weights(width=D):
    """Head 0 (a sink): every query scores BOS 20 above the rest. Head 1 (diagonal): scores 30 cos(a_i - a_j).

    W_OV: head 0 copies the circle coordinates (red: beta tr(BW) = tr B > 0), head 1 halves and
    flips them (blue: -tr B/2 + tr B/4 < 0). A wider model has the same weights, padded with zeros.
    """
    dh = width // 2
    scale = 1 / math.sqrt(dh)
    W_q, W_k, W_v = torch.zeros(2, dh, width), torch.zeros(2, dh, width), torch.zeros(2, dh, width)
    W_q[0, 0, 1] = 20 / scale  # q_i = (20/scale) e_0 for every token (coordinate 1 is always 1)
    W_k[0, 0, 0] = 1           # k_j = [j is BOS] e_0
    root = math.sqrt(30 / scale)
    W_q[1, 0, 2] = W_q[1, 1, 3] = root
    W_k[1, 0, 2] = W_k[1, 1, 3] = root
    W_v[:, 0, 2] = 1
    W_v[:, 1, 3] = 1
    W_o = torch.zeros(width, 2 * dh)
    W_o[2, 0] = W_o[3, 1] = 1
    W_o[2, dh] = W_o[3, dh + 1] = -0.5
    return W_q, W_k, W_v, W_o


class Residual(torch.nn.Module):
    def __init__(self, attention, causal):
        super().__init__()
        self.attention, self.causal = attention, causal

    def forward(self, x):
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1) if self.causal else None
        return x + self.attention(x, x, x, attn_mask=mask, need_weights=False)[0]


def mha_model(causal, width=D):
    W_q, W_k, W_v, W_o = planted_weights(width)
    attention = torch.nn.MultiheadAttention(width, 2, bias=False, batch_first=True)
    with torch.no_grad():
        attention.in_proj_weight.copy_(torch.cat([W.reshape(width, width) for W in (W_q, W_k, W_v)]))
        attention.out_proj.weight.copy_(W_o)
    return Residual(attention, causal)


class ProtocolAttention(torch.nn.Module):
    """A hand-written attention module that follows sinkcheck.torch's protocol."""

    def __init__(self, lie=False):
        super().__init__()
        self.W_q, self.W_k, self.W_v, self.W_o = planted_weights()
        self.lie = lie

    def sinkcheck_heads(self):
        W_v = self.W_v * 2 if self.lie else self.W_v
        return {"W_q": self.W_q, "W_k": self.W_k, "W_v": W_v, "W_o": self.W_o}

    def forward(self, x):
        q = torch.einsum("btd,hed->bhte", x, self.W_q)
        k = torch.einsum("btd,hed->bhte", x, self.W_k)
        v = torch.einsum("btd,hed->bhte", x, self.W_v)
        A = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), dim=-1)
        heads = (A @ v).transpose(1, 2).reshape(x.shape[0], x.shape[1], -1)
        return heads @ self.W_o.T


@pytest.mark.parametrize("causal", [False, True])
def test_planted_heads_are_found_and_classified(causal):
    analysis = st.analyze(mha_model(causal), tokens())
    sink, diagonal = analysis.heads
    assert sink.pattern == "sink" and sink.sink_mass > 0.99
    assert diagonal.pattern == "diagonal" and diagonal.diagonal_mass > 0.99
    assert analysis.sink_share == 0.5 and analysis.diagonal_share == 0.5
    assert sink.smoothing_class == "red" and diagonal.smoothing_class == "blue"
    assert sink.beta == 1.0  # no normalisation: the residual stream is the heads' input
    # the sink head is the rank-one optimum: its queries' hull and the keys' hull both lie
    # at distance 1 (0 is inside the circle's polygon), so its cost equals margin / (rho_Q rho_K)
    cost = sink.cost
    assert cost["margin"] > 0 and cost["sinkable"]
    assert cost["rho_Q2"] == 1 and cost["rho_K2"] == 1
    assert cost["ratio"][0] <= 1.0 <= cost["ratio"][1]
    # the diagonal head pays at least the certified minimum of its preferences
    assert diagonal.cost_kind == "diagonal (program)"
    assert diagonal.cost["margin"] > 0 and diagonal.cost["ratio"][1] >= 1 - 1e-9
    table = analysis.table()
    assert re.search(r"attention\.H0\s+sink", table) and re.search(r"attention\.H1\s+diagonal", table)


def test_a_diagonal_program_wider_than_the_limit_is_skipped_and_said_so():
    # Issue 25: at a real model's width the program would need tens of GB (bad_alloc at 256).
    width = sinkcheck.NUCLEAR_PROGRAM_DIM_MAX + 7
    analysis = st.analyze(mha_model(False, width), tokens(width))
    sink, diagonal = analysis.heads
    assert sink.pattern == "sink" and diagonal.pattern == "diagonal"
    assert sink.cost["margin"] > 0 and sink.cost["sinkable"]  # P1.b needs no program
    assert diagonal.cost is None
    assert f"width {width}, above the nuclear-norm program's limit" in diagonal.cost_note
    assert sink.smoothing_class == "red" and diagonal.smoothing_class == "blue"


def test_model_quantities_match_the_planted_weights():
    analysis = st.analyze(mha_model(False), tokens())
    W0 = np.zeros((D, D))
    W0[2, 2] = W0[3, 3] = 1
    assert np.array_equal(analysis.heads[0].W, W0)
    assert np.array_equal(analysis.heads[1].W, -0.5 * W0)
    # the tokens' covariance lives on the circle's plane
    B = analysis.heads[0].B
    assert np.allclose(B[:2, :], 0) and B[2, 2] > 0
    # what was captured: the tokens as given, and head 0's keys are 1 at BOS and 0 elsewhere
    captured = analysis.captured["attention"]
    assert torch.equal(captured["tokens"], tokens().double())
    assert captured["keys"].shape == (BATCH, 2, T, D // 2)
    assert torch.equal(captured["keys"][:, 0, :, 0], (torch.arange(T) == 0).double().expand(BATCH, T))


def test_protocol_module_and_the_safetensors_file(tmp_path):
    analysis = st.analyze(ProtocolAttention(), tokens())
    assert [h.pattern for h in analysis.heads] == ["sink", "diagonal"]
    path = tmp_path / "heads.safetensors"
    analysis.write_heads_file(path)
    code, out, _ = sinkcheck_cli("heads", str(path))
    assert code == 0 and "1 red, 1 blue, 0 grey" in out
    assert "model.H0" in out


def test_a_module_that_misstates_its_weights_is_rejected():
    with pytest.raises(st.CaptureError, match="recomputing the module's output from its weights differs"):
        st.analyze(ProtocolAttention(lie=True), tokens())


def test_pre_layernorm_encoder_layers_are_read():
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(D, 2, dim_feedforward=8, dropout=0.0, batch_first=True,
                                             norm_first=True)
    analysis = st.analyze(layer, tokens(), costs=False)
    assert len(analysis.heads) == 2
    # the residual stream is the norm's input: beta is fitted, not 1
    assert analysis.heads[0].beta != 1.0 and analysis.heads[0].beta > 0
    assert all(h.smoothing_class in ("red", "blue", "grey") for h in analysis.heads)
    assert layer.training  # the model's mode is restored


def test_bad_models_and_arguments():
    with pytest.raises(ValueError, match="the model has no attention module"):
        st.analyze(torch.nn.Linear(D, D), tokens())
    with pytest.raises(ValueError, match="sink_threshold = 0: expected a number in"):
        st.analyze(mha_model(False), tokens(), sink_threshold=0)
    with pytest.raises(ValueError, match="context = 5: the batch holds 3 sequences"):
        st.analyze(mha_model(False), tokens(), context=5)
    with pytest.raises(ValueError, match="saw sequences of 1 token"):
        st.analyze(ProtocolAttention(), tokens()[:, :1])
