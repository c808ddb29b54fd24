#!/usr/bin/env python3
"""What CI reads from sinkcheck: JUnit XML and GitHub Actions annotations.

    test_ci_output.py SINKCHECK THEORY WORK_DIR

Breaks P2.b's "gate rate" in a copy of THEORY, runs `gate --junit` as GitHub
Actions would (GITHUB_ACTIONS=true, GITHUB_STEP_SUMMARY set), and checks:
the exit code, the JUnit XML (parsed with xml.etree: one testcase per claim,
the broken claim's failure carrying its falsifying example), the `::error`
annotation on the line of the broken `holds`, and the job summary. Then
`replay --theory --junit` under the broken and the shipped theory, and
`prove --junit` of the broken P2.b and of P2.d (K cut to 3 so that Coq is quick): the
refuted claim fails with its example, the others carry their proof status.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

SHIPPED_HOLDS = 'holds = "g <= K*exp(-m) / (1 + K*exp(-m))"'
BROKEN_HOLDS = 'holds = "g <= exp(-m)"'


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env.update(env_extra or {})
    result = subprocess.run(args, capture_output=True, text=True, env=env)
    return result.returncode, result.stdout, result.stderr


def testcases(path):
    root = ET.parse(path).getroot()
    check(root.tag == "testsuites", f"{path}: root is <{root.tag}>, not <testsuites>")
    return root, list(root.iter("testcase"))


def main(argv):
    sinkcheck, theory, work = argv[1:4]
    os.makedirs(work, exist_ok=True)
    text = open(theory).read()
    # P2.b's "gate rate" (other statements may phrase a claim alike).
    at = text.find(SHIPPED_HOLDS, text.index('name = "gate rate"', text.index("[P2.b]")))
    check(at >= 0, "P2.b's gate rate claim is not in the theory")
    broken_text = text[:at] + BROKEN_HOLDS + text[at + len(SHIPPED_HOLDS):]
    broken = os.path.join(work, "broken.toml")
    open(broken, "w").write(broken_text)
    holds_line = text[:at].count("\n") + 1

    report = os.path.join(work, "gate-report")
    junit = os.path.join(report, "junit.xml")
    summary = os.path.join(work, "summary.md")
    code, out, err = run([sinkcheck, "gate", "--theory", broken, "--base", theory, "--cases", "60",
                          "--report", report, "--junit", junit],
                         {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary})
    check(code == 1, f"gate exited {code}, not 1:\n{out}\n{err}")

    root, cases = testcases(junit)
    gate_rate = [c for c in cases if c.get("classname") == "P2.b" and c.get("name") == "gate rate"]
    check(len(gate_rate) == 1, f"no single testcase P2.b 'gate rate' among {[c.get('name') for c in cases]}")
    check(all(c.get("classname") == "P2.b" for c in cases), "a testcase of another statement")
    failure = gate_rate[0].find("failure")
    check(failure is not None, "the broken claim's testcase has no <failure>")
    check("g = " in failure.text and "lhs = " in failure.text and "rhs = " in failure.text,
          f"the failure does not carry the falsifying example: {failure.text!r}")
    check(gate_rate[0].get("line") == str(holds_line), f"testcase line {gate_rate[0].get('line')}, holds is on {holds_line}")
    others = [c for c in cases if c is not gate_rate[0]]
    check(others and all(c.find("failure") is None for c in others), "an unbroken claim failed")
    suite = root.find("testsuite")
    check(suite.get("failures") == "1" and suite.get("tests") == str(len(cases)), f"suite counts: {suite.attrib}")

    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    check(len(annotations) == 1, f"expected one ::error annotation, got {annotations}")
    check(annotations[0].startswith(f"::error file={broken},line={holds_line},"),
          f"the annotation is not on the holds line {holds_line}: {annotations[0]}")
    check('counterexample to "gate rate"' in annotations[0], f"annotation message: {annotations[0]}")
    summary_text = open(summary).read()
    check("sinkcheck gate: FAILED" in summary_text and "gate rate" in summary_text, f"job summary: {summary_text!r}")

    # The fix checked against the old failure: still failing, then fixed.
    for theory_file, expected_code, expected_failures in ((broken, 1, "1"), (theory, 0, "0")):
        replay_junit = os.path.join(work, f"replay-{expected_code}.xml")
        code, out, err = run([sinkcheck, "replay", os.path.join(report, "report.json"), "--theory", theory_file,
                              "--junit", replay_junit])
        check(code == expected_code, f"replay --theory {theory_file} exited {code}:\n{out}\n{err}")
        root, cases = testcases(replay_junit)
        check(len(cases) == 1, f"replay: {len(cases)} testcases for one stored counterexample")
        check(root.find("testsuite").get("failures") == expected_failures, f"replay suite: {root.find('testsuite').attrib}")
    # prove --junit: the broken claim refuted (a failure with its example), the
    # others with their proof's status as properties, a proved one among them.
    small = os.path.join(work, "broken-k2.toml")
    small_text = broken_text.replace("keys_max = 12 ", "keys_max = 3 ", 1)
    check(small_text != broken_text, "the theory has no 'keys_max = 12 ' to cut")
    open(small, "w").write(small_text)
    prove_junit = os.path.join(work, "prove.xml")
    code, out, err = run([sinkcheck, "prove", "P2.b", "P2.d", "--theory", small, "--cases", "300", "--report",
                          os.path.join(work, "prove-report"), "--junit", prove_junit],
                         {"GITHUB_ACTIONS": "true", "SINKCHECK_PROOF_CACHE": os.path.join(work, "proof-cache")})
    check(code == 1, f"prove exited {code}, not 1:\n{out}\n{err}")
    root, cases = testcases(prove_junit)
    proof = {c.get("name"): {p.get("name"): p.get("value") for p in c.iter("property")} for c in cases}
    check(proof.get("gate rate", {}).get("proof") == "refuted", f"gate rate's properties: {proof.get('gate rate')}")
    refuted = [c for c in cases if c.get("name") == "gate rate"][0].find("failure")
    check(refuted is not None and "g = " in refuted.text, "prove: the refuted claim's testcase has no falsifying example")
    check(all("proof" in p for p in proof.values()), f"a testcase without its proof status: {proof}")
    check(any(p["proof"] == "proved" and p.get("scope") for p in proof.values()), f"no claim proved with a scope: {proof}")
    check(len([line for line in out.splitlines() if line.startswith("::error ")]) == 1, "prove: not one ::error annotation")
    print("ok: JUnit XML parsed, annotation on line", holds_line, ", job summary written, replay --theory round trip,",
          "prove's proof statuses")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
