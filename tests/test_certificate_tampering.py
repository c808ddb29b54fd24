#!/usr/bin/env python3
"""Tampered certificates must be rejected by tools/check_certificates.py.

    test_certificate_tampering.py tools/check_certificates.py run/certificates.json

Takes real certificates from a run (a sinkable and a blocked P1 case, a P4
case of each pattern, a threshold bracket), requires each to pass untouched,
then edits one thing at a time — a weight, a norm, a scale, a multiplier,
t, a factor, a flag, a witness entry, a bound — and requires the checker to
reject every edit. Then whole files: a valid one whose numbers have 5000
digits must pass (Python's int() refuses 4300 by default) and a tampered one
must fail with a short message; files that certify less than their run (no
statement, cases deleted, an interrupted run, a recorded failure, a wrong
structure) must end in exit 2 with a message, never a traceback.
Exit 0 when all behave, 1 otherwise.
"""
import contextlib
import copy
import importlib.util
import io
import json
import os
import sys
import tempfile
from fractions import Fraction


def load_checker(path):
    spec = importlib.util.spec_from_file_location("check_certificates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def times(text, factor):
    return str(Fraction(text) * Fraction(factor))


def document(data, statement_id, key, entry):
    statement = {"id": statement_id, "cases": [], "counterexample_cases": [], "undecided_cases": [],
                 "statement_certificates": []}
    statement[key].append(entry)
    return {"schema": data["schema"], "statements": [statement]}


def first(data, statement_id, key, predicate):
    for statement in data["statements"]:
        if statement["id"] == statement_id:
            for entry in statement[key]:
                if predicate(entry):
                    return entry
    raise SystemExit(f"no {statement_id} entry to tamper with in the run (was it a default run?)")


def set_in(path, value):
    def edit(entry):
        target = entry
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value(target[path[-1]]) if callable(value) else value
    return edit


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    checker = load_checker(argv[1])
    with open(argv[2]) as f:
        data = json.load(f)

    def small(entry):
        return len(entry["inputs"]["tokens"]) <= 16

    sinkable = first(data, "P1.b", "cases",
                     lambda e: small(e) and e["certificate"].get("sinkable") and len(e["certificate"]["keys"]["support"]) >= 2)
    blocked = first(data, "P1.a", "cases", lambda e: small(e) and e["certificate"].get("sinkable") is False)
    cross = first(data, "P1.b", "cases", lambda e: "nn_cross_check" in e["certificate"])
    sink_case = first(data, "P4.U_sink", "cases", lambda e: len(e["certificate"]["optimum"]["multipliers"]) >= 2)
    diag_case = first(data, "P4.U_diag", "cases", lambda e: True)
    threshold = first(data, "P4.U_sink", "statement_certificates", lambda e: e.get("kind") == "threshold")
    held_token = sinkable["certificate"]["queries"]["support"][0]
    holds = 1  # index of the holding end of a bracket

    tamperings = [
        ("P1.b", "cases", sinkable, "a query weight doubled", set_in(["certificate", "queries", "weights", 0], lambda w: times(w, 2))),
        ("P1.b", "cases", sinkable, "key weights moved between two support points (sum kept)",
         lambda e: e["certificate"]["keys"].update(weights=[times(e["certificate"]["keys"]["weights"][0], Fraction(1, 2)),
                                                             str(Fraction(e["certificate"]["keys"]["weights"][1]) + Fraction(e["certificate"]["keys"]["weights"][0]) / 2)]
                                                            + e["certificate"]["keys"]["weights"][2:])),
        ("P1.b", "cases", sinkable, "rho_Q^2 understated", set_in(["certificate", "queries", "norm2"], lambda x: times(x, Fraction(99, 100)))),
        ("P1.b", "cases", sinkable, "the sink z_0 in the query support", set_in(["certificate", "queries", "support", 0], 0)),
        ("P1.b", "cases", sinkable, "explicit sink scaled by 1/2", set_in(["certificate", "explicit_sink", "scale"], lambda x: times(x, Fraction(1, 2)))),
        ("P1.b", "cases", sinkable, "primal margin overstated", set_in(["certificate", "primal_margin"], lambda x: times(x, 2))),
        ("P1.b", "cases", sinkable, "min cost^2 understated", set_in(["certificate", "min_cost_squared"], lambda x: times(x, Fraction(99, 100)))),
        ("P1.b", "cases", sinkable, "said not sinkable", lambda e: e["certificate"].update(sinkable=False, blocked=["queries"])),
        ("P1.b", "cases", sinkable, "a supporting query token moved",
         set_in(["inputs", "tokens", held_token, 0], lambda x: str(Fraction(x) + 1))),
        ("P1.b", "cases", sinkable, "certificate replaced by a failure stub",
         lambda e: e.update(certificate={"kind": "sink_geometry", "failure": "none"})),
        ("P1.b", "cases", cross, "the cross-check's lower end raised by 1/1000",
         set_in(["certificate", "nn_cross_check", "lower"], lambda x: times(x, Fraction(1001, 1000)))),
        ("P1.b", "cases", cross, "the cross-check's factors scaled by 1/2 (upper kept)",
         set_in(["certificate", "nn_cross_check", "factor_scale"], lambda x: times(x, Fraction(1, 2)))),
        ("P1.a", "cases", blocked, "said sinkable", set_in(["certificate", "sinkable"], True)),
        ("P1.a", "cases", blocked, "the blocking combination claimed at distance 1/1000",
         lambda e: [e["certificate"][h].update(norm2="1/1000") for h in e["certificate"]["blocked"]]),
        ("P1.a", "cases", blocked, "the blocked hull misnamed",
         set_in(["certificate", "blocked"], lambda b: ["keys"] if b == ["queries"] else ["queries"])),
        ("P4.U_sink", "cases", sink_case, "lower end raised by 1/1000", set_in(["certificate", "optimum", "lower"], lambda x: times(x, Fraction(1001, 1000)))),
        ("P4.U_sink", "cases", sink_case, "upper end lowered by 1/1000", set_in(["certificate", "optimum", "upper"], lambda x: times(x, Fraction(999, 1000)))),
        ("P4.U_sink", "cases", sink_case, "factor scale lowered by 1/1000", set_in(["certificate", "optimum", "factor_scale"], lambda x: times(x, Fraction(999, 1000)))),
        ("P4.U_sink", "cases", sink_case, "t lowered by 1%", set_in(["certificate", "optimum", "op_norm_bound"], lambda x: times(x, Fraction(99, 100)))),
        ("P4.U_sink", "cases", sink_case, "a multiplier negated", set_in(["certificate", "optimum", "multipliers", 0, 1], lambda x: times(x, -1))),
        ("P4.U_sink", "cases", sink_case, "a multiplier on no preference", set_in(["certificate", "optimum", "multipliers", 0, 0], 10 ** 6)),
        ("P4.U_sink", "cases", sink_case, "the sink construction said infeasible", set_in(["certificate", "constructions", 0, "feasible"], False)),
        ("P4.U_sink", "cases", sink_case, "lambda of the instance changed",
         set_in(["inputs", "lambda"], lambda x: times(x, 3))),
        ("P4.U_diag", "cases", diag_case, "the other alpha reading said feasible", set_in(["certificate", "constructions", 1, "feasible"], True)),
        ("P4.U_diag", "cases", diag_case, "alpha doubled", set_in(["certificate", "constructions", 0, "alpha"], lambda x: times(x, 2))),
        ("P4.U_diag", "cases", diag_case, "a factor entry changed",
         set_in(["certificate", "optimum", "factor_left", 0, 0], lambda x: str(Fraction(x) + Fraction(1, 8)))),
        ("P4.U_sink", "statement_certificates", threshold, "the ends' verdicts swapped",
         lambda e: [end.update(verdict={"holds": "counterexample", "counterexample": "holds"}[end["verdict"]]) for end in e["ends"]]),
        ("P4.U_sink", "statement_certificates", threshold, "the bound at the holding end moved to 0",
         lambda e: e["ends"][holds]["bound"].update(lower="0", upper="0")),
        ("P4.U_sink", "statement_certificates", threshold, "the witness's t lowered by 10%",
         set_in(["ends", holds, "nuclear_norm", "t"], lambda x: times(x, Fraction(9, 10)))),
        ("P4.U_sink", "statement_certificates", threshold, "an entry of Y = P^-1 W changed",
         set_in(["ends", holds, "nuclear_norm", "Y", 0, 0], lambda x: str(Fraction(x) + 1))),
        ("P4.U_sink", "statement_certificates", threshold, "the stated upper enclosure below the witness's",
         set_in(["ends", holds, "nuclear_norm", "upper"], lambda x: times(x, Fraction(999, 1000)))),
        ("P4.U_sink", "statement_certificates", threshold, "the bracket widened to 1/100",
         set_in(["ends", 0, "lambda"], lambda x: str(Fraction(x) - Fraction(1, 100)))),
        ("P4.U_sink", "statement_certificates", threshold, "an unknown certificate kind", set_in(["kind"], "thresholds")),
    ]

    failures = 0
    untouched = {}
    for statement_id, key, entry, _, _ in tamperings:
        if id(entry) not in untouched:
            untouched[id(entry)] = True
            if not checker.check_file(document(data, statement_id, key, entry), out=open(os.devnull, "w")):
                print(f"FAIL: the untouched {statement_id} entry is rejected")
                failures += 1
    for statement_id, key, entry, what, edit in tamperings:
        tampered = copy.deepcopy(entry)
        edit(tampered)
        log = tempfile.TemporaryFile("w+")
        accepted = checker.check_file(document(data, statement_id, key, tampered), out=log)
        log.seek(0)
        reason = next((line.strip() for line in log if line.startswith("FAILED")), "")
        print(f"{'FAIL: accepted' if accepted else 'rejected'}: {statement_id} {what}  [{reason}]")
        failures += accepted

    failures += check_big_numbers(checker, data, sinkable)
    failures += check_whole_files(checker, data)
    print("every tampering rejected" if not failures else f"{failures} problem(s)")
    return 1 if failures else 0


def run_main(checker, document):
    """checker.main on `document` written to a fresh folder (no report.json
    beside it): (exit code, stdout, stderr)."""
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "certificates.json")
    with open(path, "w") as f:
        f.write(document if isinstance(document, str) else json.dumps(document))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = checker.main(["check_certificates.py", path])
        except BaseException as e:  # a traceback is a failure of this test, not a crash of it
            code = f"uncaught {type(e).__name__}: {e}"
    os.unlink(path)
    os.rmdir(folder)
    return code, out.getvalue(), err.getvalue()


def scaled_text(text, digits):
    """The same number written with `digits` more digits in both numerator and denominator."""
    p, _, q = text.partition("/")
    return f"{p}{'0' * digits}/{q or 1}{'0' * digits}"


def check_big_numbers(checker, data, sinkable):
    """Certificates whose numbers have thousands of digits (legal theories
    make ~10^4-digit ones): accepted when right, and a rejection's message
    does not echo the number."""
    failures = 0
    big = copy.deepcopy(sinkable)
    big["inputs"]["tokens"] = [[scaled_text(x, 5000) for x in z] for z in big["inputs"]["tokens"]]
    doc = document(data, "P1.b", "cases", big)
    log = io.StringIO()
    if not checker.check_file(doc, out=log):
        print(f"FAIL: tokens written with 5000 more digits are rejected: {log.getvalue()[:300]}")
        failures += 1
    else:
        print("accepted: a certificate whose tokens have 5000-digit numerators and denominators")
    wrong = copy.deepcopy(sinkable)
    wrong["certificate"]["queries"]["norm2"] = "1" + "0" * 9900
    log = io.StringIO()
    accepted = checker.check_file(document(data, "P1.b", "cases", wrong), out=log)
    longest = max(len(line) for line in log.getvalue().splitlines())
    if accepted or longest > 400:
        print(f"FAIL: a 9901-digit norm2 {'accepted' if accepted else f'rejected with a {longest}-character line'}")
        failures += 1
    else:
        print(f"rejected: a 9901-digit norm2, in a message of {longest} characters")
    return failures


def check_whole_files(checker, data):
    """A small valid file (three P1.a cases, complete) passes; each file that
    certifies less than it claims, or is not a certificates file, exits 2."""
    failures = 0
    p1a = next(s for s in data["statements"] if s["id"] == "P1.a")
    statement = {"id": "P1.a", "random_cases": 3, "cases": copy.deepcopy(p1a["cases"][:3]),
                 "counterexample_cases": [], "undecided_cases": [], "statement_certificates": []}
    valid = {key: data[key] for key in ("schema", "tool_version", "seed", "theory")}
    valid.update(complete=True, statements=[statement])
    code, out, err = run_main(checker, valid)
    if code != 0 or "cover the whole run" not in out:
        print(f"FAIL: a valid three-case file gives exit {code}: {out[-300:]} {err[-300:]}")
        failures += 1

    def edited(edit):
        doc = copy.deepcopy(valid)
        edit(doc)
        return doc

    def statement_of(doc):
        return doc["statements"][0]

    refused = [
        ("no statement", edited(lambda d: d.update(statements=[]))),
        ("every case deleted", edited(lambda d: statement_of(d)["cases"].clear())),
        ("the middle case deleted", edited(lambda d: statement_of(d)["cases"].pop(1))),
        ("two cases swapped", edited(lambda d: statement_of(d)["cases"].reverse())),
        ("the case count deleted", edited(lambda d: statement_of(d).pop("random_cases"))),
        ("the case count raised", edited(lambda d: statement_of(d).update(random_cases=4))),
        ("complete: false", edited(lambda d: d.update(complete=False))),
        ("a top-level failure", edited(lambda d: d.update(failure="the run failed"))),
        ("statements an object", edited(lambda d: d.update(statements={}))),
        ("a statement without cases", edited(lambda d: statement_of(d).pop("cases"))),
        ("a statement without an id", edited(lambda d: statement_of(d).pop("id"))),
        ("a case that is a string", edited(lambda d: statement_of(d)["cases"].__setitem__(0, "case 0"))),
        ("a statement given twice", edited(lambda d: d["statements"].append(copy.deepcopy(statement_of(d))))),
        ("a file of another schema", {"schema": "sinkcheck-report/1", "statements": []}),
        ("a JSON array", []),
        ("not JSON", "{ nope"),
    ]
    for what, doc in refused:
        code, out, err = run_main(checker, doc)
        good = code == 2 and err.startswith("check_certificates: ") and "Traceback" not in err
        print(f"{'refused' if good else 'FAIL: not refused'}: {what} (exit {code}) {err.strip()[:200]}")
        failures += not good

    rejected = [  # entry-level: the certificate fails (exit 1)
        ("a token written '3/'", edited(lambda d: statement_of(d)["cases"][0]["inputs"]["tokens"][0].__setitem__(0, "3/"))),
        ("a token written '0.5'", edited(lambda d: statement_of(d)["cases"][0]["inputs"]["tokens"][0].__setitem__(0, "0.5"))),
        ("a failure at the top of a certificate",
         edited(lambda d: statement_of(d)["cases"][0]["certificate"].update(failure="no certificate"))),
    ]
    for what, doc in rejected:
        code, out, err = run_main(checker, doc)
        good = code == 1 and "FAILED P1.a case 0" in out
        print(f"{'rejected' if good else 'FAIL: accepted'}: {what} (exit {code})")
        failures += not good
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv))
