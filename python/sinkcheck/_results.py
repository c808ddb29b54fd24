"""Results for notebooks: short reprs, HTML, and a table of records.

Report is the dict check() returns (report.json, docs/report-schema.md) with
a one-line repr, an HTML table for Jupyter (_repr_html_), records() (one
plain dict per claim) and to_pandas() (a DataFrame of the records; pandas is
optional, Debian's python3-pandas). It is a dict: everything that reads the
report as one keeps working.
"""
import html
from fractions import Fraction


def _claim_verdict(claim):
    if claim.get("counterexamples"):
        return "counterexample"
    if claim.get("undecided"):
        return "undecided"
    if claim.get("holds"):
        return "holds"
    return "vacuous"


def falsifying_text(case):
    """A stored counterexample's falsifying example, a line each: name = value, lhs, rhs."""
    example = case.get("falsifying_example") or {}
    lines = [f"{v['name']} = {v['value']}" for v in example.get("values", [])]
    if "lhs" in example:
        lines += [f"lhs = {example['lhs']}", f"rhs = {example['rhs']}"]
    return "\n".join(lines)


class Report(dict):
    """report.json as a dict, with a short repr, _repr_html_, records() and to_pandas()."""

    def __repr__(self):
        statements = self.get("statements", [])
        counts = {}
        for s in statements:
            counts[s["verdict"]] = counts.get(s["verdict"], 0) + 1
        verdicts = ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) or "none"
        state = "complete" if self.get("complete") else "incomplete"
        return f"<sinkcheck report: {len(statements)} statements ({verdicts}), seed {self.get('seed')}, {state}>"

    def _repr_html_(self):
        rows = []
        for s in self.get("statements", []):
            cells = "".join(f"<td>{s.get(k, '')}</td>" for k in
                            ("cases", "holds", "counterexamples", "undecided", "vacuous"))
            rows.append(f"<tr><td>{html.escape(s['id'])}</td><td>{html.escape(s.get('title', ''))}</td>"
                        f"<td><b>{html.escape(s['verdict'])}</b></td>{cells}</tr>")
            for case in s.get("counterexample_cases", []):
                rows.append(f"<tr><td></td><td colspan=\"7\">counterexample to “{html.escape(case['claim'])}”: "
                            f"<code>{html.escape(case['relation'])}</code><pre>{html.escape(falsifying_text(case))}"
                            "</pre></td></tr>")
        head = "".join(f"<th>{h}</th>" for h in
                       ("statement", "title", "verdict", "cases", "holds", "counterexamples", "undecided", "vacuous"))
        return f"<p>{html.escape(repr(self))}</p><table><tr>{head}</tr>{''.join(rows)}</table>"

    def records(self):
        """One dict per claim (of every statement's selected reading): the tallies, the verdict, the closest slack."""
        out = []
        for s in self.get("statements", []):
            for claim in s.get("claims", []):
                closest = claim.get("closest_approach") or {}
                slack = closest.get("slack")
                out.append({
                    "statement": s["id"], "claim": claim["name"], "verdict": _claim_verdict(claim),
                    "holds": claim["holds"], "counterexamples": claim["counterexamples"],
                    "undecided": claim["undecided"], "vacuous": claim["vacuous"],
                    "closest_slack": slack if isinstance(slack, (int, float)) else None,
                    "text": claim["claim"],
                })
        return out

    def to_pandas(self):
        """records() as a pandas DataFrame (pandas is optional: python3-pandas)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("to_pandas needs pandas (Debian: python3-pandas); records() gives the same rows") from e
        return pandas.DataFrame(self.records())


def with_floats(result, keys):
    """Beside each exact Fraction result[key], result[key + '_float'] = float(it), for reading."""
    for key in keys:
        value = result.get(key)
        if isinstance(value, Fraction):
            result[key + "_float"] = float(value)
    return result
