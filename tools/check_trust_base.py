#!/usr/bin/env python3
"""Keeps the trust base of docs/trust-base.md honest and small.

    check_trust_base.py REPOSITORY_ROOT

Reads the page's tables and fails (exit 1, naming the file and the rule) when
  - a trusted file includes a project header that is not itself trusted
    (a proposer, or anything not audited with the trust base);
  - a trusted file includes a proposer library (DSDP, Eigen's decompositions,
    rapidcheck): floating-point linear algebra only ever proposes;
  - a listed file is missing, or its line count is off by more than 10% (at
    least 10 lines) from the page, in any of its tables (trusted files,
    proposers, routing), or the trusted files' total exceeds the page's budget;
  - a file in verify/ is in none of the page's tables (every new file there
    is classified: trusted, proposer or routing).
"""
import os
import re
import sys

PAGE = "docs/trust-base.md"
FORBIDDEN_LIBRARIES = re.compile(r"<(dsdp5\.h|dsdp/|Eigen/(?!Core\b)|rapidcheck)")
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)?\s*\|")


def tables(page_text):
    """{section heading: [(path, lines or None)]} for rows whose first cell is a `path`."""
    out, section = {}, None
    for line in page_text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        match = ROW.match(line)
        if match and section:
            out.setdefault(section, []).append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return out


def stale(path, lines, stated):
    """The problem with a listed file's stated line count, or None."""
    if stated is None or abs(lines - stated) > max(10, stated // 10):
        return f"{path}: {lines} lines, the page says {stated}: update {PAGE}"
    return None


def line_count(root, path):
    with open(os.path.join(root, path)) as f:
        return f.read().count("\n")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    root = argv[1]
    text = open(os.path.join(root, PAGE)).read()
    sections = tables(text)
    trusted = dict(sections.get("Trusted files", []))
    budget = re.search(r"budget of (\d+) lines", text)
    problems = []
    if not trusted or not budget:
        problems.append(f"{PAGE}: no 'Trusted files' table or no 'budget of N lines'")
    total = 0
    for path, stated in trusted.items():
        full = os.path.join(root, path)
        if not os.path.isfile(full):
            problems.append(f"{path}: listed as trusted but missing")
            continue
        source = open(full).read()
        lines = source.count("\n")
        total += lines
        if stale(path, lines, stated):
            problems.append(stale(path, lines, stated))
        for header in re.findall(r'#include\s+"([^"]+)"', source):
            if header not in trusted:
                problems.append(f"{path}: includes \"{header}\", which is not in the trust base")
        for library in re.findall(r"#include\s+(<[^>]+>)", source):
            if FORBIDDEN_LIBRARIES.match(library):
                problems.append(f"{path}: includes the proposer library {library}")
    if budget and total > int(budget.group(1)):
        problems.append(f"the trust base has {total} lines, over its budget of {budget.group(1)}")
    classified = {path for rows in sections.values() for path, _ in rows}
    for name in sorted(os.listdir(os.path.join(root, "verify"))):
        if f"verify/{name}" not in classified:
            problems.append(f"verify/{name}: in none of the tables of {PAGE} (trusted, proposer or routing?)")
    # The other tables (proposers, routing) are kept as current: an audit of
    # what lies between a verdict and the report starts from them.
    for section, rows in sections.items():
        if section == "Trusted files":
            continue
        for path, stated in rows:
            if not os.path.isfile(os.path.join(root, path)):
                problems.append(f"{path}: listed in {PAGE} ({section}) but missing")
            elif stale(path, line_count(root, path), stated):
                problems.append(stale(path, line_count(root, path), stated))
    for problem in problems:
        print(problem)
    print(f"trust base: {len(trusted)} files, {total} lines; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
