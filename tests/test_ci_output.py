#!/usr/bin/env python3
"""What CI reads from sinkcheck: JUnit XML and GitHub Actions annotations.

    test_ci_output.py SINKCHECK THEORY WORK_DIR

Breaks P2.b's "gate rate" in a copy of THEORY, runs `gate --junit` as GitHub
Actions would (GITHUB_ACTIONS=true, GITHUB_STEP_SUMMARY set), and checks:
the exit code, the JUnit XML (parsed with xml.etree: one testcase per claim,
the broken claim's failure carrying its falsifying example), the `::error`
annotation on the line of the broken `holds`, and the job summary. Then
`replay --theory --junit` under the broken and the shipped theory.
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
    print("ok: JUnit XML parsed, annotation on line", holds_line, ", job summary written, replay --theory round trip")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
