"""`cmake --install` gives a package that imports and runs on its own (module, Python files, binary)."""
import os
import subprocess
import sys

import pytest


def test_installed_package_works(tmp_path):
    build, cmake = os.environ.get("SINKCHECK_BUILD_DIR"), os.environ.get("SINKCHECK_CMAKE")
    if not (build and cmake):
        pytest.skip("SINKCHECK_BUILD_DIR and SINKCHECK_CMAKE are not set (ctest sets them)")
    relative = os.environ["SINKCHECK_PYTHON_INSTALL_DIR"]
    if os.path.isabs(relative):
        pytest.skip("SINKCHECK_PYTHON_INSTALL_DIR is absolute: installing would leave the temporary prefix")
    subprocess.run([cmake, "--install", build, "--prefix", str(tmp_path)], check=True, capture_output=True)
    site = tmp_path / relative
    program = ("import sinkcheck, os;"
               "assert os.path.dirname(sinkcheck.__file__) == os.path.join(os.environ['PYTHONPATH'], 'sinkcheck');"
               "print(sinkcheck.classify_heads([1.0], [[[1.0]]], [[[1.0]]])[0]['class']);"
               "print(sinkcheck.check('P2.a', cases=5)['statements'][0]['verdict'])")
    env = {k: v for k, v in os.environ.items() if k not in ("SINKCHECK_BINARY",)}
    env["PYTHONPATH"] = str(site)
    r = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["red", "holds"]
