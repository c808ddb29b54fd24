#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (fuzz/corpus/<harness>/): the shipped
inputs, small well-formed ones, and the hostile probe's reproducers of issue
13 (deep and long formulas, nested TOML, oversized numbers, non-conforming
safetensors files, edited reports) and issue 25 (damaged shard records,
certificates files that certify nothing).

    python3 fuzz/make_seed_corpus.py build/sinkcheck [HARNESS ...]   # default: all

The sinkcheck binary makes the seed reports (false variants that yield
counterexamples). The corpora are committed; rerun this only to change them.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(harness, name, data):
    path = os.path.join(CORPUS, harness, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def formulas():
    theory = open(os.path.join(ROOT, "theory", "sinkcheck.toml"), encoding="utf-8").read()
    shipped = re.findall(r'^(?:holds|assume)\s*=\s*"([^"]*)"', theory, re.M)
    for k, f in enumerate(sorted(set(shipped))):
        write("formula", "shipped-%03d" % k, f)
    probe = {
        "parens-20000": "g <= " + "(" * 20000 + "g" + ")" * 20000,
        "unary-minus-37000": "g <= " + "-" * 37000 + "g",
        "nested-exp-8500": "g <= " + "exp(" * 8500 + "g" + ")" * 8500,
        "flat-sum-23000": "g <= " + "+".join(["g"] * 23000),
        "flat-sum-500": "K <= " + "+".join(["g"] * 500),
        "nesting-64": "g <= " + "(" * 63 + "g" + ")" * 63,
        "non-ascii-lambda": "g <= \u03bb",
        "non-ascii-leq": "g \u2264 K",
        "stray-byte": b"g <= \xbb",
        "huge-power": "g <= g + (1 + exp(m))^1000000 - (1 + exp(m))^1000000",
        "huge-number": "g <= 1e100000^64",
        "nested-constant-powers": "g <= g^(((1e100000^64)^64)^64)",
        "number-exponent-out-of-range": "g <= 1e100001",
        "vector-identity": "o == a0*v0 + g*obar",
        "partial-functions": "log(g) + sqrt(v0_norm2) / (K - K) <= g^(1/3) + max(min(g, K), abs(-m))",
        "power-chain": "g <= 2^3^2^g",
        "empty": "",
    }
    for name, text in probe.items():
        write("formula", name, text)


def theories():
    shutil.copy(os.path.join(ROOT, "theory", "sinkcheck.toml"), os.path.join(CORPUS, "theory", "shipped.toml"))
    claim = 'schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = "x"\nholds = "%s"\n'
    probe = {
        "nested-arrays-50000": "schema = 1\nx = " + "[" * 50000 + "]" * 50000 + "\n",
        "nested-inline-tables-30000": "schema = 1\nx = " + "{a=" * 30000 + "1" + "}" * 30000 + "\n",
        "dotted-key-20000": "schema = 1\n" + "a." * 20000 + "a = 1\n",
        "dotted-header-20000": "schema = 1\n[" + "a." * 20000 + "a]\n",
        "integer-overflow": "schema = 1\n[P1.domain]\ndim_max = 99999999999999999999\n",
        "binary-overflow": "schema = 1\nx = 0b" + "0" * 70 + "1\n",
        "hex-overflow": "schema = 1\nx = 0x8000000000000000\n",
        "domain-1e100000": 'schema = 1\n[P1.domain]\ndim_max = "1e100000"\n',
        "lambda-1-17": 'schema = 1\n[P4.domain]\nlambda_min = "1/17"\nlambda_max = "1/17"\n',
        "lambda-1-3": 'schema = 1\n[P4.domain]\nlambda_min = "1/3"\nlambda_max = "1/3"\n',
        "lambda-min-2": 'schema = 1\n[P4.domain]\nlambda_min = 2\n[P4.U_sink]\n[[P4.U_sink.claim]]\nname = "r"\nholds = "lambda >= 2"\n',
        "p2-margin-50-default-cases": "schema = 1\n[P2.domain]\nmargin_max = 50\ndefault_cases = 7\n",
        "deep-formula": claim % ("g <= " + "(" * 900 + "g" + ")" * 900),
        "non-ascii-formula": claim % "g <= \u03bb",
        "nul-bytes": "schema = 1\n\0[P2.b]\0\n",
        "strings-and-comments": 'schema = 1 # [[[[ 99999999999999999999\ntitle = """a "" \\" [[[ """\n'
                                "[P2.b]\ntitle = '''[a.b.c.d'''\n[[P2.b.claim]]\nname = \"x\"\nholds = \"g <= K\"\n",
        "readings": 'schema = 1\n[P3.d]\nreading = "derivative"\n[[P3.d.claim]]\nreading = "derivative"\nname = "a"\n'
                    'assume = "dD_max < 0"\nholds = "beta*trBW > 0"\n',
        "empty": "",
    }
    for name, text in probe.items():
        write("theory", name + ".toml", text)


def safetensors_file(header, data=b"", pad=b""):
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    h += pad
    return struct.pack("<Q", len(h)) + h + data


def tensor(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def safetensors():
    shutil.copy(os.path.join(ROOT, "examples", "heads", "heads.safetensors"),
                os.path.join(CORPUS, "safetensors", "shipped-heads.safetensors"))
    f64 = lambda xs: b"".join(struct.pack("<d", x) for x in xs)
    beta, B, W = [1.0, 0.5], [2, 0, 0, 1, 1, 0, 0, 1], [1, 0, 0, 1, -1, 0, 0, -1]
    good = {"beta": tensor("F64", [2], 0, 16), "B": tensor("F64", [2, 2, 2], 16, 80), "W": tensor("F64", [2, 2, 2], 80, 144)}
    data = f64(beta) + f64(B) + f64(W)
    write("safetensors", "good", safetensors_file(good, data))
    write("safetensors", "good-padded-spaces", safetensors_file(good, data, b"       "))
    write("safetensors", "nul-padding", safetensors_file(good, data, b"\0" * 8))
    overlap = dict(good, W=tensor("F64", [2, 2, 2], 72, 136))
    write("safetensors", "overlapping", safetensors_file(overlap, data))
    shared = dict(good, W=tensor("F64", [2, 2, 2], 16, 80))
    write("safetensors", "shared-range", safetensors_file(shared, data[:80]))
    hole = dict(good, W=tensor("F64", [2, 2, 2], 88, 152))
    write("safetensors", "hole", safetensors_file(hole, data + b"\0" * 8))
    write("safetensors", "trailing-bytes", safetensors_file(good, data + b"\0" * 8))
    misaligned = {"beta": tensor("F16", [1], 0, 2), "B": tensor("F32", [1, 1, 1], 2, 6), "W": tensor("F32", [1, 1, 1], 6, 10)}
    write("safetensors", "misaligned", safetensors_file(misaligned, b"\0" * 10))
    order = {"W": tensor("F64", [2, 2, 2], 0, 64), "B": tensor("F64", [2, 2, 2], 64, 128), "beta": tensor("F64", [2], 128, 144)}
    write("safetensors", "data-in-another-order", safetensors_file(order, f64(W) + f64(B) + f64(beta)))
    dup = b'{"beta":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"beta":{"dtype":"F64","shape":[2],"data_offsets":[16,32]}}'
    write("safetensors", "duplicate-key", safetensors_file(dup, f64(beta) + f64(beta)))
    write("safetensors", "header-length-huge", struct.pack("<Q", 1 << 62) + b"{}")
    write("safetensors", "f16-bf16-f32", safetensors_file(
        {"__metadata__": {"labels": "a"}, "beta": tensor("F32", [1], 0, 4), "B": tensor("F16", [1, 1, 1], 4, 6),
         "W": tensor("BF16", [1, 1, 1], 6, 8)}, struct.pack("<f", 1.0) + b"\x00\x3c" + b"\x80\x3f"))
    write("safetensors", "deep-json", safetensors_file(b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}"))
    write("safetensors", "zeros", b"\0" * 64)


def reports(binary):
    variants = {
        "P2.b": ('holds = "g <= K*exp(-m) / (1 + K*exp(-m))"', 'holds = "g <= exp(-m)"'),
        "P3.d": ('reading = "derivative"\n\n[[P3.d.claim]]', 'reading = "literal"\n\n[[P3.d.claim]]'),
        "P1.b": ('holds = "cost_upper <= kappa*sqrt(d)/(rho_Q*rho_K)"', 'holds = "cost_upper <= kappa/(rho_Q*rho_K)"'),
        "P4.U_sink": ('assume = "lambda >= 1/2"\nholds = "cost_sink <= 12*kappa*C/sqrt(d)"',
                      'holds = "cost_sink <= 12*kappa*C/sqrt(d)"'),
    }
    shipped = open(os.path.join(ROOT, "theory", "sinkcheck.toml"), encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as tmp:
        for statement, (old, new) in variants.items():
            if old not in shipped:
                print("skipped %s: edit target not found" % statement)
                continue
            theory = os.path.join(tmp, statement + ".toml")
            with open(theory, "w", encoding="utf-8") as f:
                f.write(shipped.replace(old, new, 1))
            out = os.path.join(tmp, statement)
            subprocess.run([binary, "check", statement, "--theory", theory, "--cases", "60", "--seed", "1",
                            "--report", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            report = open(os.path.join(out, "report.json"), encoding="utf-8").read()
            write("report", statement + ".json", report)
    base = json.loads(open(os.path.join(CORPUS, "report", "P2.b.json"), encoding="utf-8").read())
    case = base["statements"][0]["counterexample_cases"][0] if base["statements"][0]["counterexample_cases"] else None
    if case:
        edited = json.loads(json.dumps(base))
        c = edited["statements"][0]["counterexample_cases"][0]
        c["relation"] = "g <= " + "(" * 20000 + "g" + ")" * 20000
        write("report", "deep-relation.json", json.dumps(edited))
        edited = json.loads(json.dumps(base))
        edited["statements"][0]["counterexample_cases"][0]["case"] = 1e300
        write("report", "case-index-float.json", json.dumps(edited))
        edited = json.loads(json.dumps(base))
        edited["statements"][0]["counterexample_cases"][0]["inputs"]["scores"] = ["1/3"] * 70
        write("report", "too-many-keys.json", json.dumps(edited))
        edited = json.loads(json.dumps(base))
        edited["statements"][0]["counterexample_cases"][0]["inputs"]["scores"][0] = "1e100001"
        write("report", "number-out-of-range.json", json.dumps(edited))
    write("report", "deep-json.json", '{"schema":"sinkcheck-report/1","statements":' + "[" * 100000 + "]" * 100000 + "}")
    write("report", "duplicate-keys.json", '{"schema":"sinkcheck-report/1","schema":"x","statements":[]}')
    write("report", "not-a-report.json", "[1, 2, 3]")


def shards(binary):
    """Shard records of `check --shard`: a statement with counterexamples,
    one with readings, and the damaged records of issue 25 (tallies that do
    not add up, a count of 2^63, a bogus stage, an interrupted part inside a
    complete shard, a key twice, trailing NULs)."""
    shipped = open(os.path.join(ROOT, "theory", "sinkcheck.toml"), encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as tmp:
        theory = os.path.join(tmp, "false.toml")
        with open(theory, "w", encoding="utf-8") as f:
            f.write(shipped.replace('holds = "g <= K*exp(-m) / (1 + K*exp(-m))"', 'holds = "g <= exp(-m)"', 1))
        for name, statements, spec in (("P2.b-1of2", ["P2.b"], "1/2"), ("P3.d-2of2", ["P3.d"], "2/2"),
                                       ("P2.a-1of1", ["P2.a"], "1/1")):
            out = os.path.join(tmp, name)
            subprocess.run([binary, "check", *statements, "--theory", theory, "--cases", "16", "--seed", "1",
                            "--shard", spec, "--report", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            write("shard", name + ".json", open(os.path.join(out, "shard.json"), encoding="utf-8").read())
    base = json.loads(open(os.path.join(CORPUS, "shard", "P2.b-1of2.json"), encoding="utf-8").read())

    def edited(name, edit):
        record = json.loads(json.dumps(base))
        edit(record["parts"][0]["result"])
        write("shard", name + ".json", json.dumps(record))

    edited("tallies-off", lambda r: r.update(holds=r["holds"] - 10))
    edited("count-2-63", lambda r: r.update(holds=2 ** 63))
    edited("bogus-stage", lambda r: r["decided_by"].update({"mpfi-17": 1}))
    edited("interrupted-part", lambda r: r.update(interrupted=True))
    text = open(os.path.join(CORPUS, "shard", "P2.b-1of2.json"), encoding="utf-8").read()
    write("shard", "duplicate-key.json", '{"seed": 1, ' + text[text.index("{") + 1:])
    write("shard", "trailing-nuls.json", text.encode("utf-8") + b"\0" * 4)
    write("shard", "not-a-shard.json", '{"schema": "sinkcheck-report/1"}')


def certificates(binary):
    """certificates.json of `check --certificates` (P1 and P4, whose cases
    carry certificates), and files that certify nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run")
        subprocess.run([binary, "check", "P1.a", "P4.L_diag", "--cases", "2", "--seed", "1", "--certificates",
                        "--report", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        whole = open(os.path.join(out, "certificates.json"), encoding="utf-8").read()
    write("certificates", "P1.a-P4.L_diag.json", whole)
    write("certificates", "empty-object.json", "{}")
    write("certificates", "no-statements.json", '{"schema": "sinkcheck-certificates/1", "statements": []}')
    write("certificates", "not-json.json", "{\"schema\": ")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    harnesses = sys.argv[2:] or ["formula", "theory", "safetensors", "report", "shard", "certificates"]
    for harness in harnesses:
        folder = os.path.join(CORPUS, harness)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    makers = {"formula": formulas, "theory": theories, "safetensors": safetensors,
              "report": lambda: reports(sys.argv[1]), "shard": lambda: shards(sys.argv[1]),
              "certificates": lambda: certificates(sys.argv[1])}
    for harness in harnesses:
        makers[harness]()


if __name__ == "__main__":
    main()
