"""Screenshots of the two first screens the README shows: notebook 00 in JupyterLab (as saved,
not run) and the Voilà app of notebook 06 (which opens with its example analysed).

Usage: python tools/first_screens.py   (writes docs/img/00_first_screen.png and
docs/img/voila_first_screen.png; needs Debian's chromium, like the browser tests)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.jupyter import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_executable,
    free_port,
    running_lab,
    stop_process,
    wait_until_serving,
)

OUT = ROOT / "docs" / "img"
VIEWPORT = {"width": 1280, "height": 860}
#: A tall laptop screen: the app's form and the first results of its example.
APP_VIEWPORT = {"width": 1280, "height": 1200}


def main() -> int:
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        print("Debian's chromium is not installed (make browser-deps)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        with running_lab(Path(tmp)) as server:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.notebook_url("notebooks/00_start_here.ipynb"))
            page.wait_for_selector(".pl-first-look", timeout=120_000)
            page.locator(".jp-SideBar .lm-TabBar-tab.lm-mod-current").first.click()  # close
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "00_first_screen.png"))
            page.close()
        port = free_port()
        log_path = Path(tmp) / "voila.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "voila", "notebooks/06_your_own_text.ipynb",
                 "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
                stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                env={**os.environ, "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime")})
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_serving(f"{url}api/status", process, log_path, "Voilà")
            page = browser.new_page(viewport=APP_VIEWPORT)
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".pl-your-highlights mark, .pl-your-highlights table",
                                   timeout=120_000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "voila_first_screen.png"))
        finally:
            stop_process(process)
        browser.close()
    print(f"wrote {OUT / '00_first_screen.png'} and {OUT / 'voila_first_screen.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
