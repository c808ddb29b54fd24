"""check(): a run exactly as from the command line, the report as a dict.

The command-line binary runs with the arguments built here and a report
folder, then report.json is read back. So check() accepts what `sinkcheck
check` accepts, fails with its messages, and returns the report.json schema
(docs/report-schema.md), whatever the run loop inside does. (It is a
separate process, not the CLI entry in this one: the run loop needs
rapidcheck, whose Debian build cannot be linked into a Python module.)

The binary is the one the package was built with (_bin/sinkcheck next to
this file); the environment variable SINKCHECK_BINARY overrides it.
"""
import json
import os
import subprocess
import sys
import tempfile

from ._exact import flag
from ._results import Report

def binary():
    path = os.environ.get("SINKCHECK_BINARY") or os.path.join(os.path.dirname(__file__), "_bin", "sinkcheck")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"check: the sinkcheck binary {path} is missing; rebuild, or set SINKCHECK_BINARY")
    return path


def run_cli(arguments, echo=False):
    """(exit code, stdout, stderr) of the binary; with echo, its output is also shown as it runs."""
    if not echo:
        r = subprocess.run([binary(), *arguments], capture_output=True, text=True)
        return r.returncode, r.stdout, r.stderr
    with subprocess.Popen([binary(), *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as p:
        out = []
        for line in p.stdout:
            out.append(line)
            sys.stdout.write(line)
        err = p.stderr.read()
        sys.stderr.write(err)
        return p.wait(), "".join(out), err


def _integer_at_least(value, low, name):
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"check: {name} = {value!r}: expected an integer >= {low}")
    return str(value)


def check(ids="all", cases=None, seed=1, theory=None, jobs=None, max_bits=None, strict=False, report_dir=None,
          echo=False):
    """Check statements as `sinkcheck check` does; return report.json as a dict.

    ids: a statement id or glob ("P2.b", "P2.*", "all") or a list of them.
    cases: cases per statement (default: the command line's, 200; P4 60).
    seed, theory (a theory file's path; default the shipped one), max_bits,
    strict: as on the command line. jobs: worker threads (--jobs; default
    one per core; the report is the same for any number). report_dir: keep the report folder
    (report.json, report.md, report.html) there; by default it is temporary.
    echo: print the console table while it runs (progress comes at the end).

    The dict (a Report: a short repr, an HTML table in notebooks, records()
    and to_pandas() for a table of claims) follows docs/report-schema.md ("schema": "sinkcheck-report/2"):
    per statement its verdict, counts, decided_by, claims and the certified
    counterexamples with their exact inputs. A counterexample is a result,
    not an error; errors in the arguments or the theory file raise
    ValueError with the command line's message, and Ctrl-C raises
    KeyboardInterrupt after the current case (the partial report stays in
    report_dir when one was given).
    """
    patterns = [ids] if isinstance(ids, str) else list(ids)
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise ValueError(f"check: ids = {ids!r}: expected a statement id or pattern, or a list of them")
    strict, echo = flag(strict, "check", "strict"), flag(echo, "check", "echo")
    # The options first, the ids after `--`: an id is never read as an option ("--help").
    arguments = ["check", "--seed", _integer_at_least(seed, 0, "seed")]
    if cases is not None:
        arguments += ["--cases", _integer_at_least(cases, 1, "cases")]
    if theory is not None:
        arguments += ["--theory", os.fspath(theory)]
    if max_bits is not None:
        arguments += ["--max-bits", _integer_at_least(max_bits, 1, "max_bits")]
    if strict:
        arguments.append("--strict")
    # Always passed (0: one thread per core): the report is the same for any number.
    arguments += ["--jobs", "0" if jobs is None else _integer_at_least(jobs, 1, "jobs")]
    with tempfile.TemporaryDirectory(prefix="sinkcheck-") as scratch:
        folder = os.fspath(report_dir) if report_dir is not None else scratch
        code, out, err = run_cli(arguments + ["--report", folder, "--", *patterns], echo)
        if code == 2:
            raise ValueError(err.strip() or out.strip())
        path = os.path.join(folder, "report.json")
        if code == 130:
            raise KeyboardInterrupt("sinkcheck check interrupted; partial report in " +
                                    (folder if report_dir is not None else "a temporary folder, removed"))
        if not os.path.exists(path):
            raise RuntimeError(f"check: the run wrote no report (exit {code}): {err.strip()}")
        with open(path, encoding="utf-8") as f:
            return Report(json.load(f))
