#!/usr/bin/python3
"""Splits a `perf record --call-graph dwarf` profile of `sinkcheck check`
into the stages of a run. Reads `perf script -F comm,tid,period,ip,sym,dso`
output on stdin; prints a Markdown table of the share of samples per stage,
overall and per proposition model.

A sample belongs to the first rule (in the order below) that matches any
frame of its call stack, so that e.g. an MPFR call made while a counterexample
is shrunk counts as shrinking. The ladder precedes the P1 hulls because Arb
calls FLINT (whose frames the hulls' rule matches). Stacks that perf could not unwind to a model
(deep stacks beyond the dwarf copy) are classified by the frames it has."""
import collections
import re
import sys

RULES = [
    ("reports (JSON, Markdown, HTML, certificates)", r"write_report|json_writer|to_json|markdown|html_writer|svg::|atomic_write|certificate_writer|write_json"),
    ("shrinking counterexamples", r"shrink_and_record|::shrinks\b|shrinkRecur"),
    ("generation of instances", r"_gen\b|_gen\(|sinkcheck::gen::|rc::Gen|rc::gen::|Shrinkable|generate"),
    ("semidefinite solves: proposers (interior point, DSDP)", r"solve_with_interior_point|solve_with_dsdp|dsdp|DSDP"),
    ("semidefinite solves: rounding + exact certificate", r"round_to_certificate|verify_nuclear_norm_certificate|nuclear_norm"),
    ("evidence strings (describe, to_string)", r"describe|to_string|::str\["),
    ("ladder (Arb balls; MPFI signs of the exact field)", r"sinkcheck::Arb\b|arb_|Mpfi|mpfi_|WorkingPrecision"),
    ("P1 hulls: Wolfe, FLINT solves, exact checks", r"convex_hull|wolfe|min_norm|integer_dot|to_integers|fmpz|flint|sink_facts|convex_combination"),
    ("exact field Q(e^1/D)", r"ExactValue|evaluate_stage<sinkcheck::ExactValue>"),
    ("double filter", r"DoubleInterval"),
    ("quantities in exact rationals (model code)", r"ModelStatement|_facts|staged_quantities|pattern_|nuisance|rotate|construction|independent_rows|Rational|gmp"),
]
MODEL = re.compile(r"ModelStatement<sinkcheck::\(anonymous namespace\)::(\w+)>")


def main():
    text = sys.stdin.read()
    total = collections.Counter()
    per_model = collections.defaultdict(collections.Counter)
    for block in text.split("\n\n"):
        lines = block.strip().split("\n")
        if len(lines) < 2:
            continue
        frames = [re.sub(r"^\s*[0-9a-f]+ ", "", l) for l in lines[1:]]
        stage = "other (threads, allocator, kernel, setup)"
        for name, pattern in RULES:
            if any(re.search(pattern, f) for f in frames):
                stage = name
                break
        model = next((m.group(1) for m in map(MODEL.search, frames) if m), "outside a model")
        total[stage] += 1
        per_model[model][stage] += 1
    n = sum(total.values())
    print(f"{n} samples\n")
    print("| stage | share of samples |")
    print("|---|---:|")
    for stage, count in total.most_common():
        print(f"| {stage} | {100.0 * count / n:.1f}% |")
    print()
    models = sorted(per_model, key=lambda m: -sum(per_model[m].values()))
    print("| model | share | its largest stages |")
    print("|---|---:|---|")
    for m in models:
        c = per_model[m]
        k = sum(c.values())
        top = ", ".join(f"{s} {100.0 * v / k:.0f}%" for s, v in c.most_common(3))
        print(f"| {m} | {100.0 * k / n:.1f}% | {top} |")


if __name__ == "__main__":
    main()
