#!/usr/bin/python3
"""The tables of one `bash bench/run.sh` run, in Markdown.

usage: tables.py RESULTS_DIR [FILE.md ...]

Reads what bench/run.sh left in RESULTS_DIR (Google Benchmark JSON, the
Python references' JSON, the timed runs), prints every table and writes
RESULTS_DIR/tables.md. Each FILE.md given has its tables replaced in place
between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->`; every table
names the run it comes from (commit, date, CPU, load average), so no figure
in those files outlives the run that produced it. Standard library only."""
import json
import os
import re
import sys

# Keys of a Google Benchmark result that are not user counters.
GBENCH_FIELDS = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions",
    "repetition_index", "threads", "iterations", "real_time", "cpu_time", "time_unit", "label",
    "error_occurred", "error_message", "aggregate_name", "aggregate_unit",
}
# Instruction-set levels of the fast path (verify/attention_fast.hpp), best first.
LEVELS = ("v4", "v3", "baseline")


def number(x, digits=3):
    """x with `digits` significant digits, thousands grouped, no exponent below 1e-4."""
    if x is None:
        return "—"
    if x == 0:
        return "0"
    magnitude = abs(x)
    if magnitude >= 10 ** (digits - 1):
        return f"{x:,.0f}"
    if magnitude < 1e-4:
        return f"{x:.2e}"
    decimals = digits - 1 - int(f"{magnitude:e}".split("e")[1])
    return f"{x:,.{max(decimals, 0)}f}"


def load_json(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def gbench(results, name):
    """{benchmark name: result} of a Google Benchmark JSON file, or {}."""
    data = load_json(results, name + ".json")
    if not data:
        return {}
    return {b["name"]: b for b in data.get("benchmarks", []) if not b.get("error_occurred")}


def seconds_per_iteration(result, key="real_time"):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[result.get("time_unit", "ns")]
    return result[key] * scale


def read_meta(results):
    meta = {}
    with open(os.path.join(results, "meta.env")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            meta[key] = value
    model, flags = "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() == "flags":
                    flags = set(value.split())
                if model != "unknown CPU" and flags:
                    break
    except OSError:
        pass
    isa = "AVX-512" if "avx512f" in flags else "AVX2+FMA" if {"avx2", "fma"} <= flags else "x86-64"
    meta["cpu"] = f"{model} ({isa}, {os.cpu_count()} cores)"
    return meta


def provenance(meta):
    return (f"*`bash bench/run.sh` at commit `{meta.get('commit', '?')}`, {meta.get('date', '?')}, "
            f"{meta['cpu']}, load average {meta.get('load_start', '?')} at the start, "
            f"{meta.get('load_end', '?')} at the end.*")


def table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


ATTENTION_SIZES = ((64, 256), (64, 1024), (128, 512))


def attention_levels(results):
    """[(level, {name: result})] for each level run, best first."""
    return [(level, runs) for level in LEVELS if (runs := gbench(results, "attention-" + level))]


def attention_table(results):
    levels = attention_levels(results)
    if not levels:
        return "The attention benchmarks did not run."
    numpy = {(r["d"], r["T"]): r for r in load_json(results, "numpy.json") or []}
    header = ["(d, T), causal, one context"]
    for level, runs in levels:
        label = runs.get("BM_gemm_roofline/512", {}).get("label", level)
        header += [f"{label}: contexts/s, GFLOP/s", "share of its GEMM roofline"]
    header += ["NumPy contexts/s", "× NumPy (" + levels[0][1].get("BM_gemm_roofline/512", {}).get("label", "") + ")"]
    rows = []
    for d, T in ATTENTION_SIZES:
        row = [f"({d}, {T})"]
        for _, runs in levels:
            fast, gemm = runs.get(f"BM_attention_fast/{d}/{T}"), runs.get("BM_gemm_roofline/512")
            if fast is None or gemm is None:
                row += ["—", "—"]
                continue
            row += [f"{number(fast['contexts/s'])}, {number(fast['GFLOPs'])}",
                    f"{100 * fast['GFLOPs'] / gemm['GFLOPs']:.0f}% of {number(gemm['GFLOPs'])}"]
        reference = numpy.get((d, T))
        best = levels[0][1].get(f"BM_attention_fast/{d}/{T}")
        row.append(number(reference["contexts_per_s"]) if reference else "—")
        row.append(f"{best['contexts/s'] / reference['contexts_per_s']:.1f}×" if reference and best else "—")
        rows.append(row)
    note = ("Rates per CPU second (Google Benchmark's default; NumPy counts CPU time too). GFLOP/s counts the "
            "products the causal computation needs, 2d²n + d·n(n+1) with n = T + 1; the roofline is Eigen's "
            "512³ GEMM built with the same instruction set, in the same run (`SINKCHECK_ISA` forces each level).")
    if numpy:
        version = next(iter(numpy.values()))["numpy"]
        note += f" NumPy {version}, one BLAS thread (`bench/reference_numpy.py`)."
    return table(header, rows) + "\n\n" + note


def summary_attention_row(results):
    levels = attention_levels(results)
    numpy = {(r["d"], r["T"]): r for r in load_json(results, "numpy.json") or []}
    if not levels:
        return []
    runs = levels[0][1]
    fast, gemm = runs.get("BM_attention_fast/64/1024"), runs.get("BM_gemm_roofline/512")
    if not fast or not gemm:
        return []
    text = (f"{number(fast['contexts/s'])} contexts/s, {100 * fast['GFLOPs'] / gemm['GFLOPs']:.0f}% of the "
            f"{fast.get('label', '')} GEMM roofline")
    if (64, 1024) in numpy:
        text += f", {fast['contexts/s'] / numpy[(64, 1024)]['contexts_per_s']:.1f}× NumPy"
    return [["attention fast path, (d, T) = (64, 1024), one thread, the instruction set chosen at start-up", text]]


def query_table(results):
    runs = gbench(results, "query")
    if not runs:
        return "The query benchmarks did not run."
    mpmath = load_json(results, "mpmath.json") or []
    bits = (128, 256, 4096)
    kinds = (("BM_query_arb", "Arb (`verify/arb.hpp`, the ladder's scalar, templated kernel)"),
             ("BM_query_mpfi", "MPFI (`verify/mpfi.hpp`, the same kernel)"),
             ("BM_query_arb_raw", "Arb in raw calls (`arb_exp`, `arb_log1p`, `arb_dot`)"))
    rows = []
    for prefix, title in kinds:
        row = [title]
        for b in bits:
            r = runs.get(f"{prefix}/64/{b}")
            row.append(f"{number(r['queries/s'])}/s, 2^-{r['accuracy_bits']:.0f}" if r else "—")
        rows.append(row)
    for kind in ("mpmath.iv", "mpmath.mpf"):
        row = [f"Python `{kind}`"]
        for b in bits:
            r = next((m for m in mpmath if m["type"] == kind and m["bits"] == b), None)
            row.append(f"{number(r['queries_per_s'])}/s" if r else "—")
        rows.append(row)
    double = runs.get("BM_query_double_interval/64")
    if double:
        rows.append(["double-interval filter", f"{number(double['queries/s'])}/s", "", ""])
    return (table(["one query, 64 keys, margin 5000", "128 bits", "256 bits", "4096 bits"], rows) +
            "\n\nQueries per CPU second and the relative width of output coordinate 1 (2^-bits); "
            "`bench/reference_mpmath.py` runs the same query in mpmath.")


def counters_text(result):
    parts = []
    for key, value in result.items():
        if key in GBENCH_FIELDS or not isinstance(value, (int, float)):
            continue
        parts.append(f"{key} {number(value)}")
    return ", ".join(parts)


def generic_table(results, names):
    rows = []
    for name in names:
        for bench_name, r in gbench(results, name).items():
            rows.append([f"`{bench_name}`", number(seconds_per_iteration(r) * 1e3), number(seconds_per_iteration(r, "cpu_time") * 1e3),
                         counters_text(r)])
    if not rows:
        return "These benchmarks did not run."
    return table(["benchmark", "wall ms per iteration", "CPU ms per iteration", "counters (rates per CPU second)"],
                 rows, ["---", "---:", "---:", "---"])


def nuclear_norm_table(results):
    rows = []
    for name, r in gbench(results, "nuclear_norm").items():
        solver = "our interior point" if "interior_point" in name else "DSDP"
        size = name.split("/")[2:4]
        rows.append([solver + " + exact certificate", size[0], size[1], number(r["solve_s"]), number(r["certify_s"]),
                     f"{r['gap']:.1e}"])
    for r in load_json(results, "cvxopt.json") or []:
        rows.append(["cvxopt (conelp, not certified)", r["n"], r["constraints"], number(r["seconds"]), "—",
                     f"{r['relative_gap']:.1e} ({r['status']})"])
    if not rows:
        return "The nuclear-norm benchmarks did not run."
    return table(["solver", "n", "constraints", "solve s", "certificate s", "certified relative gap"], rows,
                 ["---", "---:", "---:", "---:", "---:", "---:"])


COST_COLUMNS = ("| statement | cases | mean ms | median ms | p90 ms | p99 ms | max ms | max/median | run extras s |"
                " part overhead ms | part bytes | encode ms | decode ms | fold ms |")


def case_costs_table(results):
    costs = load_json(results, "case_costs.json")
    if not costs:
        return "bench_case_costs did not run."
    header = [c.strip() for c in COST_COLUMNS.strip("|").split("|")]
    rows = []
    for r in costs:
        ms = lambda key: f"{1e3 * r[key]:.3f}"  # noqa: E731
        rows.append([r["statement"], r["cases"], ms("mean_s"), ms("median_s"), ms("p90_s"), ms("p99_s"), ms("max_s"),
                     f"{r['max_s'] / r['median_s']:.0f}" if r["median_s"] > 0 else "0", f"{r['extras_s']:.2f}",
                     ms("overhead_s"), r["part_bytes"], ms("encode_s"), ms("decode_s"), ms("fold_s")])
    total = sum(r["mean_s"] * r["cases"] for r in costs)
    return (table(header, rows) + f"\n\nCPU time of one thread per case (`bench_case_costs`); all statements' cases: "
            f"{total:.1f} s.")


def allocator_table(results):
    names = [f[len("allocator-"):-len("-costs.json")] for f in sorted(os.listdir(results))
             if f.startswith("allocator-") and f.endswith("-costs.json")]
    if not names:
        return "The allocator runs did not happen."
    names.sort(key=lambda n: n != "built-in")
    statements = [r["statement"] for r in load_json(results, f"allocator-{names[0]}-costs.json")]
    header = ["jemalloc settings"] + [f"{s} mean ms" for s in statements] + ["attention (64, 1024) contexts/s"]
    rows = []
    for name in names:
        costs = {r["statement"]: r for r in load_json(results, f"allocator-{name}-costs.json")}
        attention = gbench(results, f"allocator-{name}-attention").get("BM_attention_fast/64/1024")
        with open(os.path.join(results, f"allocator-{name}.conf")) as f:
            conf = f.read().strip()
        rows.append([f"{name}: `{conf}`"] + [f"{1e3 * costs[s]['mean_s']:.2f}" if s in costs else "—" for s in statements] +
                    [number(attention["contexts/s"]) if attention else "—"])
    return table(header, rows)


def read_runs(results):
    runs = {}
    path = os.path.join(results, "runs.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 5 and parts[4] == "0":
                    runs[parts[0]] = (float(parts[1]), float(parts[2]) + float(parts[3]))
    identical = {}
    path = os.path.join(results, "reports.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                name, verdict = line.split()
                identical[name] = verdict == "identical"
    return runs, identical


RUN_TITLES = {"one-thread": "1 process, 1 thread", "two-threads": "1 process, 2 threads",
              "mpi-2-ranks": "`mpirun -n 2`, 1 thread each"}


def engine_table(results):
    runs, identical = read_runs(results)
    rows = []
    base = runs.get("one-thread")
    for name, title in RUN_TITLES.items():
        if name not in runs:
            continue
        wall, cpu = runs[name]
        same = "—" if name == "one-thread" else ("yes" if identical.get(name) else "**no**")
        rows.append([title, f"{wall:.1f}", f"{cpu:.1f}", f"{base[0] / wall:.2f}×" if base else "—", same])
    text = (table(["`check all --cases 600 --seed 4`", "wall s", "CPU s", "speed-up", "report.json identical"], rows)
            if rows else "The timed runs did not happen.")
    engine = gbench(results, "engine")
    one, two = engine.get("BM_check_all/1/2000/iterations:1/real_time"), engine.get("BM_check_all/2/2000/iterations:1/real_time")
    if one and two:
        text += (f"\n\n`bench_engine` (`check all --cases 2000`, one process, in-process): 1 thread "
                 f"{seconds_per_iteration(one):.1f} s, 2 threads {seconds_per_iteration(two):.1f} s wall: "
                 f"{seconds_per_iteration(one) / seconds_per_iteration(two):.2f}×.")
    return text


def prove_figures(results):
    """`prove all`'s wall and CPU seconds and its claims by status, or None."""
    runs, _ = read_runs(results)
    proofs = load_json(results, os.path.join("runs", "prove-all", "proofs.json"))
    if "prove-all" not in runs or not proofs:
        return None
    statuses = {}
    for claim in proofs["claims"]:
        statuses[claim["status"]] = statuses.get(claim["status"], 0) + 1
    return runs["prove-all"], statuses


def prove_table(results):
    figures = prove_figures(results)
    if not figures:
        return "`prove all` did not run to the end."
    (wall, cpu), statuses = figures
    counts = ", ".join(f"{statuses.get(s, 0)} {s}" for s in ("proved", "refuted", "vacuous", "open"))
    return table(["`sinkcheck prove all`, cold proof cache, Coq included", "wall s", "CPU s", "claims"],
                 [["`--jobs $(nproc)`", f"{wall:.1f}", f"{cpu:.1f}", counts]])


def summary_table(results):
    rows = summary_attention_row(results)
    query = gbench(results, "query").get("BM_query_arb/64/256")
    mpmath = next((m for m in load_json(results, "mpmath.json") or [] if m["type"] == "mpmath.iv" and m["bits"] == 256),
                  None)
    if query:
        text = f"{number(query['queries/s'])} queries/s"
        if mpmath:
            text += f", {query['queries/s'] / mpmath['queries_per_s']:.0f}× `mpmath.iv`"
        rows.append(["one certified query (64 keys, 256 bits, Arb)", text])
    runs, identical = read_runs(results)
    if "one-thread" in runs:
        for name in ("two-threads", "mpi-2-ranks"):
            if name in runs:
                rows.append([f"`check all --cases 600`, {RUN_TITLES[name]}, against 1 thread",
                             f"{runs['one-thread'][0] / runs[name][0]:.2f}× (report "
                             f"{'identical' if identical.get(name) else 'DIFFERENT'})"])
    figures = prove_figures(results)
    if figures:
        rows.append(["`prove all` (sampling and Coq, cold proof cache)",
                     f"{figures[0][0]:.0f} s wall, {figures[1].get('proved', 0)} claims proved"])
    costs = load_json(results, "case_costs.json") or []
    slowest = sorted(costs, key=lambda r: -r["mean_s"])[:3]
    if slowest:
        rows.append(["slowest statements, mean CPU time per case",
                     ", ".join(f"{r['statement']} {1e3 * r['mean_s']:.1f} ms" for r in slowest)])
    if not rows:
        return "bench/run.sh produced no figures."
    return table(["what", "figure"], rows, ["---", "---"])


def blocks(results):
    meta = read_meta(results)
    stamp = provenance(meta)
    made = {
        "summary": summary_table(results),
        "attention": attention_table(results),
        "query": query_table(results),
        "kernels": generic_table(results, ("propositions", "sink_representability", "smoothing")),
        "nuclear-norm": nuclear_norm_table(results),
        "case-costs": case_costs_table(results),
        "allocator": allocator_table(results),
        "engine": engine_table(results),
        "prove": prove_table(results),
    }
    return {name: stamp + "\n\n" + text for name, text in made.items()}


def replace_blocks(path, made):
    with open(path) as f:
        text = f.read()
    placed = []
    for name, body in made.items():
        pattern = re.compile(rf"(<!-- bench:{re.escape(name)}:begin -->\n).*?(<!-- bench:{re.escape(name)}:end -->)",
                             re.DOTALL)
        text, count = pattern.subn(lambda m: m.group(1) + body + "\n" + m.group(2), text)
        if count:
            placed.append(name)
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)
    return placed


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    results = sys.argv[1]
    made = blocks(results)
    document = "\n\n".join(f"## {name}\n\n{body}" for name, body in made.items()) + "\n"
    with open(os.path.join(results, "tables.md"), "w") as f:
        f.write(document)
    print(document)
    for path in sys.argv[2:]:
        placed = replace_blocks(path, made)
        print(f"{path}: tables {', '.join(placed) if placed else '(no markers)'} rewritten")


if __name__ == "__main__":
    main()
