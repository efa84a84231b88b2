"""The README's lab command really serves the course: repo root, start notebook, root or not."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.jupyter import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_start_notebook_from_the_repository_root(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / ".propaganda_lab-lab").exists():
        pytest.skip("run `make setup-lab` first (make lab and make test do)")
    port = free_port()
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "BROWSER": "true"}
    with open(log, "w") as stream:
        process = subprocess.Popen(
            ["make", "lab", f"PORT={port}"], cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT,
            env=env, start_new_session=True,
        )
    try:
        token = None
        deadline = time.monotonic() + 90
        while token is None:
            found = re.search(r"token=([0-9a-f]+)", log.read_text(errors="replace"))
            token = found.group(1) if found else None
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        base = f"http://127.0.0.1:{port}"
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        # The landing page is the start notebook...
        landing = urllib.request.urlopen(f"{base}/?token={token}", timeout=10)
        assert landing.url.split("?")[0].endswith("/lab/tree/notebooks/00_start_here.ipynb")
        # ...served from the repository root, so exercises/ is reachable from the file browser.
        listing = json.load(urllib.request.urlopen(f"{base}/api/contents?token={token}"))
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "exercises", "README.md"} <= names
        if os.geteuid() == 0:
            assert "--allow-root" in log.read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_lab_installs_only_the_course_and_make_test_adds_the_tools() -> None:
    """`make lab` must not pull the test tools (playwright, hypothesis, ruff) into a learner's
    environment; `make test` adds them on top of the same environment."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    lab = " ".join(extras["lab"])
    for tool in ("pytest", "playwright", "hypothesis", "ruff", "mypy", "nbval"):
        assert tool not in lab
    lab_rule = _recipe(".propaganda_lab-lab")
    assert '-e ".[lab]"' in lab_rule and "[test]" not in lab_rule
    assert '-e ".[test]"' in _recipe(".propaganda_lab-installed")
    dry = subprocess.run(["make", "-n", "-B", "lab"], cwd=ROOT, capture_output=True, text=True,
                         check=False, timeout=60)
    assert dry.returncode == 0 and ".[lab]" in dry.stdout and ".[test]" not in dry.stdout


def _recipe(stamp: str) -> str:
    """The Makefile recipe that creates ``stamp`` (its lines up to the next blank line)."""
    makefile = (ROOT / "Makefile").read_text()
    variable = re.search(rf"^(\w+)\s*:=\s*\$\(VENV\)/{re.escape(stamp)}$", makefile, re.M)
    assert variable, stamp
    rule = re.search(rf"^\$\({variable.group(1)}\):.*\n((?:\t.*\n)+)", makefile, re.M)
    assert rule, stamp
    return rule.group(1)
