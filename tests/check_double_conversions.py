#!/usr/bin/env python3
"""No double reaches GMP's mpq_set_d or mpz_set_d except through verify/rational.cpp.

    check_double_conversions.py BUILD_DIR

GMP raises SIGFPE when mpq_set_d or mpz_set_d (boost's Rational(double),
Integer(double)) meets infinity or NaN, so a double that overflowed killed
the process. verify/rational.cpp's exact_rational and exact_integer check
finiteness first; this test lists the undefined symbols of every object file
of the product in the build (nm; the tests' own objects are left out) and fails naming each other object that calls either
function. Exit 0 when none does, 1 otherwise, 2 when there is nothing to read.
"""
import os
import subprocess
import sys

GUARDED = ("__gmpq_set_d", "__gmpz_set_d")
ALLOWED = os.path.join("verify", "rational.cpp.o")


def objects(build_dir):
    for root, dirs, files in os.walk(build_dir):
        # The product's objects: the tests' own convert literals they chose.
        dirs[:] = [d for d in dirs if d not in ("_deps", "fuzz-build") and not d.endswith("tests.dir")]
        for name in files:
            if name.endswith(".o"):
                yield os.path.join(root, name)


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    found = list(objects(argv[1]))
    if not any(path.endswith(ALLOWED) for path in found):
        print(f"check_double_conversions: no {ALLOWED} under {argv[1]}: not a build folder", file=sys.stderr)
        return 2
    offenders = []
    for path in found:
        if path.endswith(ALLOWED):
            continue
        symbols = subprocess.run(["nm", "--undefined-only", path], capture_output=True, text=True).stdout
        called = [s for s in GUARDED if s in symbols.split()]
        if called:
            offenders.append(f"{os.path.relpath(path, argv[1])}: calls {', '.join(called)}")
    for line in offenders:
        print(f"FAIL: {line} (convert through exact_rational / exact_integer, verify/exact_double.hpp)")
    print(f"{len(found)} object files read, {len(offenders)} convert a double to GMP unchecked")
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
