"""P4's copy task as a language: the data and the model of the torch experiment.

C groups of n dormant token types and one copy query per group. A sequence
is BOS followed by `length` tokens: some groups are present (each with
probability 1/2, at least one), each present group shows one of its token
types, possibly several times; among them stand `queries` copy queries for
random groups. Every position predicts: a dormant token itself; a copy
query the token type its group shows, or NONE when the group is absent.
So a head that copies must read group c's token at query c_c and leave
every dormant token alone: an attention switch, as in P4, whose "off" is a
sink (attend BOS) or a diagonal pattern (attend yourself).
"""
import numpy as np
import torch


class CopyTask:
    def __init__(self, groups=4, per_group=4, length=10, queries=3, bos=True, seed=0):
        self.groups, self.per_group, self.length, self.queries = groups, per_group, length, queries
        self.with_bos = bos
        self.bos = 0
        self.vocabulary = 1 + groups * per_group + groups  # BOS, dormant tokens, copy queries
        self.none = self.vocabulary                        # the extra output class
        self.outputs = self.vocabulary + 1
        # A dormant token's target is drawn from its own fixed distribution over the
        # dormant tokens: the best prediction is that distribution, calibrated, so
        # anything a head adds at a dormant position costs loss (the pressure that
        # makes heads switch off, as in bigram language data).
        rng = np.random.default_rng(seed)
        self.next_token = torch.tensor(rng.dirichlet(np.full(groups * per_group, 0.5), size=self.vocabulary),
                                       dtype=torch.float32)

    def dormant(self, group, k):
        return 1 + group * self.per_group + k

    def query(self, group):
        return 1 + self.groups * self.per_group + group

    def batch(self, size, generator):
        """(tokens [size, 1 + length], targets [size, 1 + length], -100 at BOS; is_query mask)."""
        G, L, Q, n = self.groups, self.length, self.queries, self.per_group
        rows = torch.arange(size)[:, None]
        present = torch.rand(size, G, generator=generator) < 0.5
        present[torch.arange(size), torch.randint(G, (size,), generator=generator)] = True
        shown = torch.randint(n, (size, G), generator=generator)  # the token type each group shows
        asked = torch.randint(G, (size, Q), generator=generator)  # the copy queries' groups
        seen = torch.multinomial(present.float(), L - Q, replacement=True, generator=generator)
        dormant = 1 + seen * n + shown[rows, seen]
        present = torch.zeros(size, G, dtype=torch.bool).scatter(1, seen, True)  # the groups that do appear
        answers = torch.where(present[rows, asked], 1 + asked * n + shown[rows, asked],
                              torch.full_like(asked, self.none))
        values = torch.cat([1 + G * n + asked, dormant], dim=1)
        following = 1 + torch.multinomial(self.next_token[dormant.flatten()], 1, generator=generator).view(dormant.shape)
        wanted = torch.cat([answers, following], dim=1)
        order = torch.argsort(torch.rand(size, L, generator=generator), dim=1)  # shuffled positions
        tokens = torch.full((size, 1 + L), self.bos, dtype=torch.long)
        targets = torch.full((size, 1 + L), -100, dtype=torch.long)
        tokens[:, 1:] = values.gather(1, order)
        targets[:, 1:] = wanted.gather(1, order)
        is_query = tokens > G * n
        if not self.with_bos:
            return tokens[:, 1:], targets[:, 1:], is_query[:, 1:]
        return tokens, targets, is_query


class Encoder(torch.nn.Module):
    """Token embeddings, pre-LayerNorm encoder layers (PyTorch's own), a final norm and the readout."""

    def __init__(self, task, width=32, heads=4, layers=2):
        super().__init__()
        self.embed = torch.nn.Embedding(task.vocabulary, width)
        layer = torch.nn.TransformerEncoderLayer(width, heads, dim_feedforward=2 * width, dropout=0.0,
                                                 batch_first=True, norm_first=True)
        self.layers = torch.nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = torch.nn.LayerNorm(width)
        self.readout = torch.nn.Linear(width, task.outputs)

    def forward(self, tokens):
        return self.readout(self.norm(self.layers(self.embed(tokens))))


def train(task, model, steps, batch, seed, weight_decay=0.1, log=print):
    """AdamW with weight decay (the cost the paper's nuclear norms stand for); returns the query accuracy."""
    generator = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=weight_decay)
    for step in range(1, steps + 1):
        tokens, targets, _ = task.batch(batch, generator)
        loss = torch.nn.functional.cross_entropy(model(tokens).transpose(1, 2), targets, ignore_index=-100)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % max(1, steps // 10) == 0:
            log(f"  step {step}/{steps}: loss {loss.item():.4f}")
    return accuracy(task, model, generator)


@torch.no_grad()
def accuracy(task, model, generator, size=512):
    tokens, targets, is_query = task.batch(size, generator)
    logits = model(tokens)
    dormant = (~is_query) & (targets >= 0)
    # At a dormant token the best possible loss is the entropy of its distribution: report the excess (KL).
    truth = task.next_token[tokens[dormant]]
    log_q = torch.log_softmax(logits[dormant], dim=-1)[:, 1:1 + truth.shape[1]]
    excess = (truth * (torch.log(truth.clamp_min(1e-30)) - log_q)).sum(-1).mean()
    return {"copy accuracy": float((logits.argmax(-1) == targets)[is_query].float().mean()),
            "dormant excess loss": float(excess)}
