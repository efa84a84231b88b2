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
def test_make_lab_serves_the_start_notebook_from_a_learner_copy(tmp_path: Path) -> None:
    """`make lab` opens the start notebook in the learner's copy of the course: what JupyterLab
    saves there (autosave, Ctrl+S) never changes a committed notebook."""
    if not (ROOT / ".venv" / ".propaganda_lab-lab").exists():
        pytest.skip("run `make setup-lab` first (make lab and make test do)")
    port = free_port()
    log = tmp_path / "lab.log"
    course = tmp_path / "my course"  # a space in the path, as on many laptops
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "BROWSER": "true"}
    committed = (ROOT / "notebooks" / "00_start_here.ipynb").read_bytes()
    with open(log, "w") as stream:
        process = subprocess.Popen(
            ["make", "lab", f"PORT={port}", f"COURSE_DIR={course}"], cwd=ROOT, stdout=stream,
            stderr=subprocess.STDOUT, env=env, start_new_session=True,
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
        # ...served from the learner's copy, exercises/ beside notebooks/ as in the repository.
        listing = json.load(urllib.request.urlopen(f"{base}/api/contents?token={token}"))
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "exercises"} <= names and "src" not in names
        assert "Copied" in log.read_text()
        # Save the start notebook as JupyterLab's autosave does, with an output changed.
        api = f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}"
        model = json.load(urllib.request.urlopen(api, timeout=10))
        model["content"]["cells"][0]["source"] = "# A learner's note"
        body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]})
        request = urllib.request.Request(api, data=body.encode(), method="PUT",
                                         headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10)
        saved = json.loads((course / "notebooks" / "00_start_here.ipynb").read_text())
        assert "".join(saved["cells"][0]["source"]) == "# A learner's note"
        assert (ROOT / "notebooks" / "00_start_here.ipynb").read_bytes() == committed
        if os.geteuid() == 0:
            assert "--allow-root" in log.read_text()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_lab_copies_the_course_and_keeps_a_learners_work() -> None:
    """The lab rule copies the course before serving it, into the git-ignored COURSE_DIR, and a
    second `make lab` keeps the learner's files (propaganda-lab course never overwrites)."""
    makefile = (ROOT / "Makefile").read_text()
    lab = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lab, "no lab rule"
    recipe = lab.group(1)
    assert '$(BIN)/propaganda-lab course "$(COURSE_DIR)"' in recipe
    assert "--force" not in recipe
    assert '--ServerApp.root_dir="$$(cd "$(COURSE_DIR)" && pwd)"' in recipe
    default = re.search(r"^COURSE_DIR\s*\?=\s*(\S+)", makefile, re.M)
    assert default, "COURSE_DIR has no default"
    ignored = subprocess.run(["git", "check-ignore", "-q", f"{default.group(1)}/notebooks/x"],
                             cwd=ROOT, check=False)
    assert ignored.returncode == 0, f"{default.group(1)}/ is not git-ignored"


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
