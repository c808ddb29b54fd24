#!/usr/bin/python3
"""bench/tables.py on a small results folder made here: the tables it writes
between the bench: markers carry the run's figures (the share of the same-ISA
roofline, the ratio to NumPy, the speed-ups, the report comparison) and the
text outside the markers stays as it was.
usage: test_bench_tables.py TABLES_PY"""
import json
import os
import subprocess
import sys
import tempfile


def gbench(path, benchmarks):
    with open(path, "w") as f:
        json.dump({"context": {}, "benchmarks": benchmarks}, f)


def main():
    tables = sys.argv[1]
    with tempfile.TemporaryDirectory() as results:
        with open(os.path.join(results, "meta.env"), "w") as f:
            f.write("commit=abc1234\ndate=2026-12-07 23:00 UTC\nload_start=0.10 0.2 0.3\nload_end=0.40 0.3 0.3\n")
        gbench(os.path.join(results, "attention-v4.json"), [
            {"name": "BM_gemm_roofline/512", "real_time": 3.0, "cpu_time": 3.0, "time_unit": "ms", "label": "AVX-512",
             "GFLOPs": 80.0},
            {"name": "BM_attention_fast/64/1024", "real_time": 2.0, "cpu_time": 2.0, "time_unit": "ms",
             "label": "AVX-512", "GFLOPs": 40.0, "contexts/s": 500.0},
        ])
        gbench(os.path.join(results, "attention-baseline.json"), [
            {"name": "BM_gemm_roofline/512", "real_time": 9.0, "cpu_time": 9.0, "time_unit": "ms",
             "label": "x86-64 (SSE2)", "GFLOPs": 20.0},
            {"name": "BM_attention_fast/64/1024", "real_time": 6.0, "cpu_time": 6.0, "time_unit": "ms",
             "label": "x86-64 (SSE2)", "GFLOPs": 15.0, "contexts/s": 160.0},
        ])
        with open(os.path.join(results, "numpy.json"), "w") as f:
            json.dump([{"d": 64, "T": 1024, "contexts_per_s": 50.0, "numpy": "1.24"}], f)
        with open(os.path.join(results, "runs.txt"), "w") as f:
            f.write("one-thread 20.0 19.5 0.5 0\ntwo-threads 10.5 20.0 0.5 0\nmpi-2-ranks 12.5 21.0 1.0 0\n")
        with open(os.path.join(results, "reports.txt"), "w") as f:
            f.write("two-threads identical\nmpi-2-ranks DIFFERS\n")
        page = os.path.join(results, "page.md")
        before, after = "# Title\n\nProse 7.5 stays.\n\n", "\nMore prose.\n"
        with open(page, "w") as f:
            f.write(before + "<!-- bench:summary:begin -->\nold 999\n<!-- bench:summary:end -->\n" +
                    "<!-- bench:attention:begin -->\n<!-- bench:attention:end -->\n" + after)
        untouched = os.path.join(results, "other.md")
        with open(untouched, "w") as f:
            f.write("no markers 3.2x\n")
        subprocess.run([sys.executable, tables, results, page, untouched], check=True, stdout=subprocess.DEVNULL)
        text = open(page).read()
        problems = []
        expect = [
            "commit `abc1234`", "load average 0.10 0.2 0.3 at the start",
            "500 contexts/s, 50% of the AVX-512 GEMM roofline, 10.0× NumPy",  # summary: 40/80, 500/50
            "1.90× (report identical)", "1.60× (report DIFFERENT)",            # 20/10.5, 20/12.5
            "AVX-512: contexts/s, GFLOP/s", "x86-64 (SSE2): contexts/s, GFLOP/s",
            "| (64, 1024) | 500, 40.0 | 50% of 80.0 | 160, 15.0 | 75% of 20.0 | 50.0 | 10.0× |",
        ]
        problems += [f"missing: {e}" for e in expect if e not in text]
        if "old 999" in text:
            problems.append("the old table is still there")
        if not text.startswith(before) or not text.endswith(after):
            problems.append("text outside the markers changed")
        if open(untouched).read() != "no markers 3.2x\n":
            problems.append("a file without markers changed")
        if problems:
            print(text)
            print("\n".join(problems))
            sys.exit(1)
    print("bench/tables.py: tables written between the markers, prose kept")


if __name__ == "__main__":
    main()
