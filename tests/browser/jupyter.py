"""Drive a real JupyterLab in headless Debian Chromium (never a Playwright-downloaded browser)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_executable() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    url: str
    token: str
    process: subprocess.Popen
    log_path: Path
    console_errors: list[str] = field(default_factory=list)

    def notebook_url(self, relative_path: str) -> str:
        return f"{self.url}/lab/tree/{relative_path}?token={self.token}&reset"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@contextlib.contextmanager
def running_lab(tmp_dir: Path) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port with a token, fresh settings, as root or not."""
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_dir / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    # No news or update checks: the machine has no internet and the popups would cover cells.
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    # Never let autosave write browser-run outputs back into the committed notebooks.
    docmanager = settings / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    # Render every cell: windowed notebooks leave off-screen outputs without layout or text.
    notebook = settings / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True)
    (notebook / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "autoStartDefaultKernel": True})
    )
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}", f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_dir / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp_dir / "jupyterlab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_dir / "runtime")}
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    server = LabServer(url, token, process, log_path)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{server.log()}") from None
                time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _accept_kernel_dialog(page) -> None:
    """On a slow first start JupyterLab may ask which kernel to use; take the preferred one."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(timeout=3_000)
    except Exception:  # no dialog: the preferred kernel started by itself
        return
    dialog.locator("button", has_text="Select").click()


def open_and_run_all(page, server: LabServer, relative_path: str, timeout_ms: int = 240_000):
    """Open a notebook, wait for its kernel, run all cells and wait until every cell finished."""
    page.goto(server.notebook_url(relative_path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    _accept_kernel_dialog(page)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    # A cell still running shows "[*]:" in its prompt; wait until none does.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def error_outputs(page) -> list[str]:
    return page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                        ", .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"
                        ).all_inner_texts()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


_TEXT_RECT_JS = """
([selector, needle]) => {
  const box = document.querySelector(selector);
  if (!box) return null;
  box.scrollIntoView({block: "center"});
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const index = node.textContent.indexOf(needle);
    if (index < 0) continue;
    const range = document.createRange();
    range.setStart(node, index);
    range.setEnd(node, index + needle.length);
    let rect = range.getBoundingClientRect();
    const top = box.getBoundingClientRect().top;
    box.scrollTop += rect.top - top - 40;  // bring the words into the scrolled box's view
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return {x1: first.left + 1, y1: first.top + first.height / 2,
            x2: last.right - 1, y2: last.top + last.height / 2};
  }
  return null;
}
"""


def drag_select(page, container_selector: str, words: str) -> None:
    """Select ``words`` inside a container with a real mouse drag, as a learner would."""
    rect = page.evaluate(_TEXT_RECT_JS, [container_selector, words])
    assert rect is not None, f"{words!r} not found in {container_selector}"
    page.mouse.move(rect["x1"], rect["y1"])
    page.mouse.down()
    page.mouse.move((rect["x1"] + rect["x2"]) / 2, rect["y2"], steps=5)
    page.mouse.move(rect["x2"], rect["y2"], steps=5)
    page.mouse.up()


def wait_for_text(locator, text: str, timeout_ms: int = 30_000) -> None:
    """Wait until ``locator`` shows ``text``. The locator is re-resolved on every try, because
    ipywidgets replace their DOM nodes when a value changes (a held element handle goes stale).
    """
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=timeout_ms)
