#!/usr/bin/env python3
"""Which heads of a small trained transformer form sinks, which diagonal patterns, and what they cost.

Trains the same one-layer transformer (torch.nn.MultiheadAttention, pre-LayerNorm)
twice on P4's copy task as a language (copy_task.py): once with a BOS token
in front of every sequence, once without. Then sinkcheck.torch analyses every
head on a batch: its attention on the first token and on itself, Figure 8's
class of its (beta, B, W_OV) with certified signs, and, on one sequence, its
||W_QK||_* against the certified minimum cost of the pattern it implements
(P1.b for a sink, the nuclear-norm program for a diagonal pattern). On the
learned tokens of that sequence it also certifies what P4 compares: the
minimum cost of switching the dormant tokens off with a sink versus with a
diagonal pattern, at the same margin.

    PYTHONPATH=build/python /usr/bin/python3 examples/torch/sinks_and_diagonals.py --out docs/torch-experiment

writes results.md (the tables and the command), heads.svg (the figure),
the bridge's own tables (analysis-*.txt) and the safetensors files for
`sinkcheck heads` (heads-*.safetensors). --quick trains for seconds (the ctest run).
"""
import argparse
import os
import shlex
import sys
import time

import numpy as np
import torch

import sinkcheck
import sinkcheck.torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from copy_task import CopyTask, OneLayer, train  # noqa: E402
from figure import heads_figure  # noqa: E402


def dormant_switch_costs(analysis_model, task, tokens, is_query, context):
    """Certified minimum costs (scores z_i^T M z_j, margin 1) of a sink and of a diagonal pattern
    for the dormant tokens of one sequence, on the tokens the attention reads (LayerNorm's output,
    with a 1 appended for the query bias)."""
    with torch.no_grad():
        z = analysis_model.norm_in(analysis_model.embed(tokens[context:context + 1]))[0].double().numpy()
    Z = np.hstack([z, np.ones((z.shape[0], 1))])
    J = [i for i in range(1, Z.shape[0]) if not bool(is_query[context, i])]
    sink = sinkcheck.sink_geometry(Z, J, kappa=1)
    left = [Z[i] for i in J for j in range(Z.shape[0]) if j != i]
    right = [Z[i] - Z[j] for i in J for j in range(Z.shape[0]) if j != i]
    diagonal = sinkcheck.min_nuclear_norm(np.array(left), np.array(right))
    return {"queries": len(J), "sink": sink["min_score_cost"], "diagonal": diagonal["interval"],
            "rho_Q": sink["rho_Q"], "rho_K": sink["rho_K"]}


def run_model(name, bos, args, log):
    torch.manual_seed(args.seed)
    task = CopyTask(bos=bos, seed=args.seed)
    model = OneLayer(task, width=args.width, heads=args.heads)
    start = time.time()
    quality = train(task, model, args.steps, args.batch, args.seed, log=log)
    seconds = time.time() - start
    log(f"{name}: trained in {seconds:.0f} s: {quality}")
    tokens, _, is_query = task.batch(args.analysis_batch, torch.Generator().manual_seed(args.seed + 1))
    start = time.time()
    # The residual stream is the LayerNorm's input; the attention reads its output.
    analysis = sinkcheck.torch.analyze(model, tokens, residuals={model.attention: model.norm_in},
                                       sink_threshold=args.threshold, diagonal_threshold=args.threshold)
    switch = dormant_switch_costs(model, task, tokens, is_query, analysis.context)
    log(f"{name}: analysed in {time.time() - start:.1f} s")
    return {"name": name, "bos": bos, "quality": quality, "seconds": seconds, "analysis": analysis,
            "switch": switch, "tokens": tokens}


def interval(pair):
    return sinkcheck.torch.interval_text(pair)


SIGN = {1: "+", -1: "−", 0: "0", None: "?"}


def head_row(model, h):
    signs = h.smoothing["signs"]
    red, blue = signs["beta tr(BW)"], signs["beta tr(BW) + tr(BW^T W)"]
    c = h.cost or {}
    margin = f"{float(c['margin']):.3g}" if c else "-"
    return (f"| {model} | {h.label} | {h.pattern} | {h.sink_mass:.3f} | {h.diagonal_mass:.3f} | {h.beta:.3g} |"
            f" {h.smoothing_class} | {SIGN[red['sign']]} [{red['stage']}], {SIGN[blue['sign']]} [{blue['stage']}] |"
            f" {interval(c.get('nuclear_norm'))} | {margin} | {interval(c.get('min_cost'))} | {interval(c.get('ratio'))} |")


def results_page(runs, args, command):
    lines = [
        "# Sinks and diagonal patterns in a small trained transformer",
        "",
        "Made by (on Debian's PyTorch, CPU, one thread):",
        "",
        "```sh",
        command,
        "```",
        "",
        f"Task: P4's copy task as a language (`examples/torch/copy_task.py`): {runs[0]['analysis'].heads[0].B.shape[0]}-"
        f"dimensional tokens, one attention layer with {args.heads} heads (torch.nn.MultiheadAttention, pre-LayerNorm),"
        f" AdamW with weight decay 0.01, {args.steps} steps of {args.batch} sequences. A copy query must output the token"
        " its group shows (or NONE); every other token is dormant and its target is random with a fixed"
        " distribution, so heads must leave dormant tokens alone: an attention switch.",
        "",
        "| model | copy accuracy | dormant excess loss (nats) | training time |",
        "|---|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(f"| {r['name']} | {r['quality']['copy accuracy']:.3f} | {r['quality']['dormant excess loss']:.4f} |"
                     f" {r['seconds']:.0f} s |")
    lines += [
        "",
        "## The heads",
        "",
        f"Measured on {args.analysis_batch} sequences: the mean attention of the queries 1..T-1 on the first token"
        f" and on themselves; a head is a *sink* head when the first is at least {args.threshold}, *diagonal*"
        f" when the second is. Certified: Figure 8's class of the head's estimated (beta, B, W_OV) from the"
        " signs of beta tr(BW) and beta tr(BW) + tr(BW^T W), with the stage that decided each; and on the"
        " first sequence, the head's ||W_QK||_* (score matrix on the LayerNorm output with a 1 appended for the"
        " query bias), its margin (smallest score gap of its pattern) and the minimum cost of any matrix with"
        " that pattern and margin: P1.b's margin/(rho_Q rho_K) for a sink, the certified nuclear-norm program"
        " for a diagonal pattern. Costs are certified intervals, printed to 4 digits when they are that tight.",
        "",
        "| model | head | pattern | on first token | on itself | beta | class | signs (stages) | ‖W_QK‖_* | margin |"
        " minimum cost | ratio |",
        "|---|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines += [head_row(r["name"], h) for h in r["analysis"].heads]
    notes = [f"- {r['name']}, {h.label}: {h.cost_note}" for r in runs for h in r["analysis"].heads if h.cost_note]
    if notes:
        lines += ["", *notes]
    lines += [
        "",
        "A head's ratio above 1 is what it pays beyond the cheapest matrix with its pattern on the dormant"
        " queries alone: the same W_QK also makes the copy queries read their group's token, which the"
        " minimum does not have to do. A ratio can never be below 1 (P1.b's lower bound, and the program's"
        " certified lower end).",
    ]
    lines += [
        "",
        "## Switching the dormant tokens off: sink or diagonal?",
        "",
        "P4 compares the cost of the two ways of leaving a token alone. On the first sequence's learned tokens"
        " (what the attention reads), the certified minimum ||M||_* of a score matrix that makes every dormant"
        " query prefer the first token over every token (a sink, P1.b: 1/(rho_Q rho_K)), and of one that makes"
        " every dormant query prefer itself over every other token (diagonal, the nuclear-norm program), both at"
        " margin 1:",
        "",
        "| model | dormant queries | rho_Q | rho_K | sink minimum | diagonal minimum | diagonal / sink |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    closing = [
        "",
        "Without BOS the first token is an ordinary token, a different one in every sequence: the sink"
        " minimum there is what one sequence would allow, not a mechanism a fixed W_QK could use across"
        " sequences.",
    ]
    for r in runs:
        s = r["switch"]
        ratio = (s["diagonal"][0] / s["sink"][1], s["diagonal"][1] / s["sink"][0])
        lines.append(f"| {r['name']} | {s['queries']} | {interval(s['rho_Q'])} | {interval(s['rho_K'])} |"
                     f" {interval(s['sink'])} | {interval(s['diagonal'])} | {interval(ratio)} |")
    lines += closing + [
        "",
        "![heads](heads.svg)",
        "",
        "The figure: each head by its attention on the first token and on itself, coloured by its certified"
        " class (red, blue, grey); below, on a log scale, each sink or diagonal head's ||W_QK||_* (filled)"
        " against the certified minimum of its pattern at its margin (open), and the two certified minima of"
        " the table above (sink: diamond, diagonal: square).",
        "",
        "`sinkcheck heads heads-with-bos.safetensors` certifies the same classes from the files written here.",
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder for results.md, heads.svg and the rest")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--heads", type=int, default=2)
    parser.add_argument("--analysis-batch", type=int, default=64)
    parser.add_argument("--threshold", type=float, default=0.5, help="sink / diagonal threshold of the mean mass")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="60 steps: seconds, for the tests")
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.batch, args.analysis_batch = 60, 32, 16
    torch.set_num_threads(1)  # reproducible, and fair to a shared machine
    os.makedirs(args.out, exist_ok=True)
    command = "PYTHONPATH=build/python /usr/bin/python3 examples/torch/sinks_and_diagonals.py " + \
        " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    runs = [run_model("with BOS", True, args, print), run_model("without BOS", False, args, print)]
    for r in runs:
        slug = r["name"].replace(" ", "-").lower()
        with open(os.path.join(args.out, f"analysis-{slug}.txt"), "w", encoding="utf-8") as f:
            f.write(r["analysis"].table() + "\n")
        r["analysis"].write_heads_file(os.path.join(args.out, f"heads-{slug}.safetensors"))
        print(f"\n{r['name']}:\n{r['analysis'].table()}")
    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write(results_page(runs, args, command))
    heads_figure([(r["name"], r["analysis"], r["switch"]) for r in runs], os.path.join(args.out, "heads.svg"))
    print(f"\nwrote {args.out}/results.md, {args.out}/heads.svg")
    return runs


if __name__ == "__main__":
    main()
