"""P4's copy task as a language: the data and the model of the torch experiment.

C groups of n token types, F filler types and one copy query per group. A
sequence is BOS followed by `length` distinct tokens: each group is present
with probability 1/2 (at least one) and then shows one of its types, once;
`queries` copy queries ask for distinct random groups; fillers make up the
rest. A copy query must output the type its group shows, or NONE when the
group is absent. Every other token (a group's or a filler) is dormant: its
target is drawn from its own fixed distribution over the dormant types, so
the best prediction is that distribution, calibrated, and anything a head
adds at a dormant position costs loss (the pressure that makes heads switch
off, as in bigram language data). So a head that copies must read group c's
token at query c and leave every dormant token alone: an attention switch,
as in P4, whose "off" is a sink (attend to BOS) or a diagonal pattern
(attend to yourself). Tokens are distinct, so "yourself" is unambiguous.
"""
import numpy as np
import torch


class CopyTask:
    def __init__(self, groups=4, per_group=4, fillers=16, length=10, queries=2, bos=True, seed=0):
        assert queries <= groups and length - queries <= fillers
        self.groups, self.per_group, self.fillers = groups, per_group, fillers
        self.length, self.queries, self.with_bos = length, queries, bos
        self.bos = 0
        self.dormant_types = groups * per_group + fillers  # ids 1 .. dormant_types
        self.vocabulary = 1 + self.dormant_types + groups  # BOS, group tokens, fillers, copy queries
        self.none = self.vocabulary                        # the extra output class
        self.outputs = self.vocabulary + 1
        rng = np.random.default_rng(seed)
        self.next_token = torch.tensor(rng.dirichlet(np.full(self.dormant_types, 0.5), size=self.vocabulary),
                                       dtype=torch.float32)

    def query(self, group):
        return 1 + self.dormant_types + group

    def batch(self, size, generator):
        """(tokens, targets, is_query), each [size, length (+1 with BOS)]; targets -100 at BOS."""
        G, n, L, Q = self.groups, self.per_group, self.length, self.queries
        rows = torch.arange(size)[:, None]
        present = torch.rand(size, G, generator=generator) < 0.5
        present[torch.arange(size), torch.randint(G, (size,), generator=generator)] = True
        shown = 1 + torch.arange(G) * n + torch.randint(n, (size, G), generator=generator)  # each group's type
        asked = torch.argsort(torch.rand(size, G, generator=generator), dim=1)[:, :Q]       # distinct groups
        fillers = 1 + G * n + torch.argsort(torch.rand(size, self.fillers, generator=generator), dim=1)[:, :L - Q]
        # The dormant tokens: the present groups' types first, then fillers, L - Q in all.
        candidates = torch.cat([torch.where(present, shown, torch.zeros_like(shown)), fillers], dim=1)
        order = torch.sort((candidates == 0).int(), dim=1, stable=True).indices
        dormant = candidates.gather(1, order)[:, :L - Q]
        present = (dormant[:, :, None] == shown[:, None, :]).any(1)  # a group counts if its token made it in
        answers = torch.where(present[rows, asked], shown[rows, asked], torch.full_like(asked, self.none))
        following = 1 + torch.multinomial(self.next_token[dormant.flatten()], 1, generator=generator)
        values = torch.cat([self.query(asked), dormant], dim=1)
        wanted = torch.cat([answers, following.view(dormant.shape)], dim=1)
        shuffle = torch.argsort(torch.rand(size, L, generator=generator), dim=1)
        tokens = torch.full((size, 1 + L), self.bos, dtype=torch.long)
        targets = torch.full((size, 1 + L), -100, dtype=torch.long)
        tokens[:, 1:] = values.gather(1, shuffle)
        targets[:, 1:] = wanted.gather(1, shuffle)
        is_query = tokens > self.dormant_types
        if not self.with_bos:
            return tokens[:, 1:], targets[:, 1:], is_query[:, 1:]
        return tokens, targets, is_query


class OneLayer(torch.nn.Module):
    """Token embeddings, one pre-LayerNorm attention block (torch.nn.MultiheadAttention), a norm and a readout."""

    def __init__(self, task, width=16, heads=2):
        super().__init__()
        self.embed = torch.nn.Embedding(task.vocabulary, width)
        self.norm_in = torch.nn.LayerNorm(width)
        self.attention = torch.nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm_out = torch.nn.LayerNorm(width)
        self.readout = torch.nn.Linear(width, task.outputs)

    def forward(self, tokens):
        x = self.embed(tokens)
        z = self.norm_in(x)
        x = x + self.attention(z, z, z, need_weights=False)[0]
        return self.readout(self.norm_out(x))


def train(task, model, steps, batch, seed, weight_decay=0.01, lr=3e-3, log=print):
    """AdamW (weight decay: the cost the paper's nuclear norms stand for); returns the final metrics."""
    generator = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    for step in range(1, steps + 1):
        tokens, targets, _ = task.batch(batch, generator)
        loss = torch.nn.functional.cross_entropy(model(tokens).transpose(1, 2), targets, ignore_index=-100)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % max(1, steps // 5) == 0:
            log(f"  step {step}/{steps}: loss {loss.item():.4f}")
    return metrics(task, model, generator)


@torch.no_grad()
def metrics(task, model, generator, size=512):
    tokens, targets, is_query = task.batch(size, generator)
    logits = model(tokens)
    dormant = (~is_query) & (targets >= 0)
    # At a dormant token the best possible loss is the entropy of its distribution: report the excess (KL).
    truth = task.next_token[tokens[dormant]]
    log_q = torch.log_softmax(logits[dormant], dim=-1)[:, 1:1 + truth.shape[1]]
    excess = (truth * (torch.log(truth.clamp_min(1e-30)) - log_q)).sum(-1).mean()
    return {"copy accuracy": float((logits.argmax(-1) == targets)[is_query].float().mean()),
            "dormant excess loss": float(excess)}
