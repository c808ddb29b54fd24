#!/usr/bin/env python3
"""`sinkcheck prove all` on the shipped theory proves what the README says.

    test_prove_coverage.py SINKCHECK WORK_DIR

Runs `prove all` with a proof cache of its own (every proof is Coq's, now)
and reads proofs.json: at least 36 claims proved, every claim the README's
"What is proved" table names among them, P3.d's two literal only-ifs
refuted, nothing refuted in a selected reading, and every proved claim's Coq
file present. A tactic that stops closing a family (P2.c's probe claim once
failed for K = 1) fails here by name.
"""
import json
import os
import shutil
import subprocess
import sys

# (statement, claim) pairs the README lists as proved for every instance.
MUST_BE_PROVED = [
    ("P1.c", "sink mass rate A_i0 >= 1/(1 + |K_i| e^-kappa), stated for the gate 1 - A_i0"),
    ("P2.a", "gate decomposition"),
    ("P2.b", "gate rate"),
    ("P2.c", "probe contexts: the sink-free output is the probe token"),
    ("P2.d", "self gate rate"),
    ("P2.d", "self gate decomposition"),
    ("P4.U_sink", "QK share of U_sink"),
    ("P4.U_diag", "QK share of U_diag"),
]
MINIMUM_PROVED = 36


def main(argv):
    sinkcheck, work = argv[1:3]
    os.makedirs(work, exist_ok=True)
    report = os.path.join(work, "proofs")
    env = dict(os.environ, SINKCHECK_PROOF_CACHE=os.path.join(work, "proof-cache"))
    for folder in (env["SINKCHECK_PROOF_CACHE"], report):
        shutil.rmtree(folder, ignore_errors=True)
    result = subprocess.run([sinkcheck, "prove", "all", "--report", report], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:])
        print(f"FAILED: prove all exited {result.returncode}")
        return 1
    claims = json.load(open(os.path.join(report, "proofs.json")))["claims"]
    status = {(c["statement"], c["claim"]): c for c in claims if c["selected"]}
    failures = []
    for key in MUST_BE_PROVED:
        if status.get(key, {}).get("status") != "proved":
            failures.append(f"{key} is {status.get(key, {}).get('status')}: {status.get(key, {}).get('reason')}")
    for (statement, name), c in status.items():
        if statement.startswith("P3") and c["status"] != "proved":
            failures.append(f"{statement} \"{name}\" (P3, selected reading) is {c['status']}: {c['reason']}")
        if c["status"] == "refuted":
            failures.append(f"{statement} \"{name}\" (a selected reading) is refuted")
        if c["status"] == "proved" and not os.path.exists(os.path.join(report, c["coq"])):
            failures.append(f"{statement} \"{name}\" is proved but {c['coq']} is missing")
    literal = [c for c in claims if c["statement"] == "P3.d" and "only if" in c["claim"]]
    if len(literal) != 2 or any(c["status"] != "refuted" for c in literal):
        failures.append(f"P3.d's literal only-ifs: {[(c['claim'], c['status']) for c in literal]}")
    proved = sum(c["status"] == "proved" for c in claims)
    if proved < MINIMUM_PROVED:
        failures.append(f"{proved} claims proved, fewer than {MINIMUM_PROVED}")
    for f in failures:
        print("FAILED: " + f)
    if not failures:
        print(f"ok: {proved} claims proved, the README's list among them")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
