"""The torch experiment (examples/torch/sinks_and_diagonals.py) in its short version: seconds, not minutes."""
import os
import re
import sys
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("torch")
from conftest import SOURCE_ROOT, sinkcheck_cli  # noqa: E402

sys.path.insert(0, os.path.join(SOURCE_ROOT, "examples", "torch"))
import sinks_and_diagonals  # noqa: E402


def test_short_run_writes_the_table_the_figure_and_the_files(tmp_path):
    # a low threshold makes the barely trained heads count as sinks or diagonal, so the costs run too
    runs = sinks_and_diagonals.main(["--out", str(tmp_path), "--quick", "--threshold", "0.1"])
    page = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "examples/torch/sinks_and_diagonals.py --out" in page
    rows = re.findall(r"^\| (with BOS|without BOS) \| attention\.H(\d) \| (sink|diagonal|neither) \|", page, re.M)
    assert sorted((m, h) for m, h, _ in rows) == [("with BOS", "0"), ("with BOS", "1"),
                                                  ("without BOS", "0"), ("without BOS", "1")]
    # every certified ratio ||W_QK||_* / minimum admits >= 1: no head beats the certified minimum
    for head in (h for r in runs for h in r["analysis"].heads):
        assert head.pattern != "neither" or head.cost is None
        if head.cost and head.cost["ratio"] is not None:
            assert head.cost["ratio"][1] >= 1 - 1e-9
    # the sink / diagonal switch costs are certified intervals on both models
    switch = re.findall(r"^\| (with|without) BOS \| \d+ \| .* \| (\S+) \| (\S+) \| (\S+) \|$", page, re.M)
    assert len(switch) == 2
    svg = ET.parse(tmp_path / "heads.svg").getroot()
    circles = [c for c in svg.iter("{http://www.w3.org/2000/svg}circle") if c.get("r") == "7"]
    assert len(circles) == 4  # one per head in the scatter panels
    for slug in ("with-bos", "without-bos"):
        code, out, _ = sinkcheck_cli("heads", str(tmp_path / f"heads-{slug}.safetensors"))
        assert code == 0
        analysed = (tmp_path / f"analysis-{slug}.txt").read_text(encoding="utf-8")
        for label in ("attention.H0", "attention.H1"):
            cli_class = re.search(r"\s(red|blue|grey)\b", next(l for l in out.splitlines() if l.startswith(label)))
            ours = re.search(rf"^{re.escape(label)}\s+\S+\s+\S+\s+\S+\s+(\S+)", analysed, re.M)
            assert cli_class.group(1) == ours.group(1)
