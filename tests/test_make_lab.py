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
    if not (ROOT / ".venv" / ".propaganda_lab-installed").exists():
        pytest.skip("run `make setup` first (make test does)")
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
