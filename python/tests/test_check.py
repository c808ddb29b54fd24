"""check(): a run as from the command line, the report as a dict."""
import json
import os

import pytest

import sinkcheck
from conftest import SOURCE_ROOT, sinkcheck_cli


def test_report_is_the_command_lines(tmp_path):
    report = sinkcheck.check("P2.a", cases=30, seed=3)
    assert report["schema"] == "sinkcheck-report/2" and report["complete"]
    (statement,) = report["statements"]
    # 20 random cases (a third of the budget goes to the targeted phase), plus those it certified
    assert statement["id"] == "P2.a" and statement["cases"] >= 20 and statement["verdict"] == "holds"
    # the same run from the binary gives the same report, byte for byte once parsed
    code, _, _ = sinkcheck_cli("check", "P2.a", "--cases", "30", "--seed", "3", "--report", str(tmp_path))
    assert code == 0
    with open(tmp_path / "report.json", encoding="utf-8") as f:
        assert json.load(f) == report


def test_a_false_theory_gives_a_counterexample_not_an_error(tmp_path):
    with open(os.path.join(SOURCE_ROOT, "theory", "sinkcheck.toml"), encoding="utf-8") as f:
        text = f.read()
    rate = 'holds = "g <= K*exp(-m) / (1 + K*exp(-m))"'
    assert rate in text
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace(rate, 'holds = "g <= exp(-m)"'), encoding="utf-8")
    report = sinkcheck.check(["P2.b"], cases=200, theory=edited, report_dir=tmp_path / "out")
    (statement,) = report["statements"]
    assert statement["verdict"] == "counterexample"
    case = statement["counterexample_cases"][0]
    assert case["claim"] == "gate rate" and case["inputs"]
    assert [v["name"] for v in case["falsifying_example"]["values"]] == ["g", "m"]
    assert (tmp_path / "out" / "report.md").exists()


def test_jobs_gives_the_same_report():
    assert sinkcheck.check("P2.a", cases=20, jobs=2) == sinkcheck.check("P2.a", cases=20)


def test_errors_carry_the_command_lines_messages(tmp_path):
    code, _, err = sinkcheck_cli("check", "P9.z", "--report", str(tmp_path))
    assert code == 2
    with pytest.raises(ValueError) as e:
        sinkcheck.check("P9.z")
    assert str(e.value) == err.strip()


def test_theory_file_errors_name_the_position(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[P2.b\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml:\d+:\d+"):
        sinkcheck.check("P2.b", theory=bad)


@pytest.mark.parametrize("args, message", [
    (dict(ids=[]), "check: ids = []"),
    (dict(cases=0), "check: cases = 0: expected an integer >= 1"),
    (dict(seed=-1), "check: seed = -1: expected an integer >= 0"),
    (dict(jobs="2"), "check: jobs = '2': expected an integer >= 1"),
])
def test_bad_arguments(args, message):
    with pytest.raises(ValueError) as e:
        sinkcheck.check(**args)
    assert message in str(e.value)


def test_report_reads_well_in_a_notebook(tmp_path):
    report = sinkcheck.check("P2.*", cases=20, seed=2)
    assert isinstance(report, dict) and isinstance(report, sinkcheck.Report)
    text = repr(report)
    assert text.startswith("<sinkcheck report: 4 statements") and len(text) < 200
    assert "<table>" in report._repr_html_()
    records = report.records()
    assert len(records) == sum(len(s["claims"]) for s in report["statements"])
    assert {r["statement"] for r in records} == {"P2.a", "P2.b", "P2.c", "P2.d"}
    assert all(r["verdict"] in ("holds", "counterexample", "undecided", "vacuous") for r in records)


def test_report_as_a_pandas_table():
    pandas = pytest.importorskip("pandas")
    frame = sinkcheck.check("P2.a", cases=20).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["statement"].unique()) == ["P2.a"]


def test_version_is_the_binarys():
    code, out, _ = sinkcheck_cli("--version")
    assert code == 0 and out.strip() == sinkcheck.__version__
def test_ids_are_never_read_as_options():
    # passed after `--`: "--help" is an unknown statement, not the help text (issue 25)
    with pytest.raises(ValueError) as e:
        sinkcheck.check(ids="--help", cases=1)
    assert "--help" in str(e.value)
