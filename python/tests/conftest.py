"""Shared by the Python tests: the sinkcheck binary and the source tree (set by ctest)."""
import os
import subprocess

import pytest

SOURCE_ROOT = os.environ.get("SINKCHECK_SOURCE_ROOT",
                             os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))


def sinkcheck_cli(*arguments):
    """Runs the command-line binary; (exit code, stdout, stderr)."""
    binary = os.environ.get("SINKCHECK_BINARY")
    if not binary:
        pytest.skip("SINKCHECK_BINARY is not set (ctest sets it)")
    r = subprocess.run([binary, *arguments], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr
