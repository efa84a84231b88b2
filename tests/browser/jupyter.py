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
import urllib.error
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
    root: Path = ROOT

    def notebook_url(self, relative_path: str) -> str:
        return f"{self.url}/lab/tree/{relative_path}?token={self.token}&reset"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@contextlib.contextmanager
def running_lab(tmp_dir: Path, learner: bool = False) -> Iterator[LabServer]:
    """JupyterLab on a free loopback port with a token, fresh settings, as root or not.

    The default is the test set-up: the repository as root, autosave off, every cell rendered.
    ``learner=True`` is what a learner gets from ``make lab``: a course copy made by
    ``propaganda-lab course`` as root, JupyterLab's default settings plus only the project's
    ``overrides.json`` (no news popup), so autosave is on and long notebooks are windowed.
    """
    port, token = free_port(), secrets.token_hex(16)
    settings = tmp_dir / "lab-settings"
    settings.mkdir(parents=True)
    root = ROOT
    extra: list[str] = []
    if learner:
        from propaganda_lab.course import copy_course

        root = tmp_dir / "course"
        copy_course(root)
        app_settings = tmp_dir / "app-settings"
        app_settings.mkdir()
        shutil.copyfile(ROOT / "overrides.json", app_settings / "overrides.json")
        extra.append(f"--LabApp.app_settings_dir={app_settings}")
    else:
        _test_settings(settings)
        # The suite unfolds the lessons' folded code (open_and_run_all) through the app object.
        extra.append("--LabApp.expose_app_in_browser=True")
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_dir / 'workspaces'}", *extra,
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log_path = tmp_dir / "jupyterlab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_dir / "runtime")}
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}"
    server = LabServer(url, token, process, log_path, root=root)
    try:
        wait_until_serving(f"{url}/api/status?token={token}", process, log_path, "JupyterLab")
        yield server
    finally:
        stop_process(process)


def _test_settings(settings: Path) -> None:
    """The browser suite's own settings (not a learner's): no popups, no autosave, no
    windowing."""
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


def wait_until_serving(url: str, process: subprocess.Popen, log_path: Path, name: str) -> None:
    """Poll ``url`` until the server answers (any HTTP status counts); fail with its log."""
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered: the server is up
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = log_path.read_text(errors="replace")[-4000:]
                raise RuntimeError(f"{name} did not start:\n{log}") from None
            time.sleep(0.5)


def stop_process(process: subprocess.Popen) -> None:
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


def click_run_all(page, attempts: int = 2) -> None:
    """Run all cells from the Run menu, as a learner does, and wait until the kernel is busy.
    On a loaded machine the menu has once opened without taking the click (CI, 2026-12-07):
    a second click on an idle kernel runs the same cells, so try once more before failing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for attempt in range(attempts):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        try:
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='busy']",
                                   timeout=30_000)
            return
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")  # close a menu left open


def open_and_run_all(page, server: LabServer, relative_path: str, timeout_ms: int = 240_000):
    """Open a notebook, wait for its kernel, run all cells and wait until every cell finished."""
    OPENED[id(page)] = relative_path  # the page fixture audits it (axe, console) at teardown
    page.goto(server.notebook_url(relative_path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    _accept_kernel_dialog(page)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    # The lessons fold their code for learners (cell metadata jupyter.source_hidden); a folded
    # cell shows no execution count, so unfold them all to see every cell finish.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:show-all-cell-code')")
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    # A cell still running shows "[*]:" in its prompt; wait until none does. A cell whose
    # input is still collapsed shows an empty placeholder prompt instead: skip it.
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll(
                '.jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


#: id(page) -> the notebook open_and_run_all ran in it (so the fixture can audit it).
OPENED: dict[int, str] = {}


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


# --------------------------------------------------------------------------- audits

AXE_SCRIPT = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_REPORT = SCREENSHOTS / "axe-report.json"
#: Impacts that fail the suite; "minor" and "moderate" ones are only written to the report.
AXE_FAILING = ("serious", "critical")
#: Console errors are kept only when they mention one of these (case-insensitive): our widgets
#: and the widget machinery they run on. JupyterLab's own noise (extension manager without
#: internet, favicon, service worker, kernel-status polling) is filtered out.
WIDGET_CONSOLE_MARKERS = (
    "propaganda", "pl-", "anywidget", "ipywidgets", "jupyter-widgets", "widget", "model class",
    "could not create", "comm",
)

#: Violations inside third-party controls that our widgets use but cannot change: they are
#: written to the report (``"exempt": true``) but do not fail the suite.
#: - ``.noUi-handle``: the handle of ipywidgets' sliders (noUiSlider) has role=slider but no
#:   accessible name; ipywidgets does not link the description label to it.
AXE_THIRD_PARTY = (".noUi-",)
#: Known violations in our widgets, not yet fixed (reported, not failing; remove when fixed).
#: (Charts used to be ipywidgets Image widgets with a bare <img>; they are now
#: widgets._base.ChartImage, an <img alt=...> built from the figure's titles.)
AXE_KNOWN: dict[str, str] = {}

# Our outputs are the elements with a ``pl-`` class that are not inside another one.
_AXE_RUN_JS = """
async () => {
  const ours = el => [...el.classList].some(c => c.startsWith('pl-'));
  const roots = [...document.querySelectorAll('.jp-OutputArea [class*="pl-"]')]
    .filter(el => ours(el) && !(el.parentElement && el.parentElement.closest('[class*="pl-"]')));
  if (roots.length === 0) return {roots: 0, violations: []};
  const result = await axe.run({include: roots}, {resultTypes: ['violations']});
  const violations = result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              summary: n.failureSummary}))
  }));
  return {roots: roots.length, violations};
}
"""


def widget_console_errors(messages: list[str]) -> list[str]:
    """The console errors that concern our widgets (see WIDGET_CONSOLE_MARKERS)."""
    return [m for m in messages if any(k in m.lower() for k in WIDGET_CONSOLE_MARKERS)]


def axe_audit(page, name: str) -> list[dict]:
    """Run axe-core (from tools/axe, never a CDN) on our rendered outputs; record all violations.

    Returns the serious and critical violations. Every violation (any impact) is merged into
    screenshots/axe-report.json under ``name``.
    """
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `bash tools/ensure_axe.sh`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(_AXE_RUN_JS)
    SCREENSHOTS.mkdir(exist_ok=True)
    report = json.loads(AXE_REPORT.read_text()) if AXE_REPORT.exists() else {}
    for violation in result["violations"]:
        markers = AXE_THIRD_PARTY
        if violation["id"] in AXE_KNOWN:
            markers = (*markers, AXE_KNOWN[violation["id"]])
            violation["known"] = True
        violation["exempt"] = all(
            any(marker in node["target"] for marker in markers) for node in violation["nodes"]
        )
    report[name] = {"audited_roots": result["roots"], "violations": result["violations"]}
    AXE_REPORT.write_text(json.dumps(report, indent=2, sort_keys=True))
    return [v for v in result["violations"]
            if v["impact"] in AXE_FAILING and not v["exempt"]]


def key_widget_screenshot(page, name: str) -> Path | None:
    """Screenshot of the notebook's first widget (or first output of ours) for review."""
    for selector in (".pl-widget", ".jp-OutputArea [class*='pl-']"):
        element = page.locator(selector).first
        if element.count():
            SCREENSHOTS.mkdir(exist_ok=True)
            path = SCREENSHOTS / f"{name}.png"
            element.scroll_into_view_if_needed()
            element.screenshot(path=str(path))
            return path
    return None
