"""Execute notebooks in place so their committed outputs match the current library.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every course notebook)
Outputs are what nbval compares in strict mode and what readers see on GitHub.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def course_notebooks() -> list[Path]:
    found = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    )
    return [path for path in found if ".ipynb_checkpoints" not in path.parts]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_volatile(notebook: nbformat.NotebookNode) -> None:
    """Drop what changes on every run and means nothing to a reader: the execution
    timestamps nbclient records per cell (nbval never compares them).

    Also keep only the static snapshot of every course widget (its ``text/html``, see
    ``propaganda_lab.widgets.snapshot``): a saved widget view cannot draw without a kernel,
    and in JupyterLab it would hide the snapshot. Running the cell brings the live widget back.
    The saved widget state goes too unless some other widget output still needs it.

    Consecutive outputs of one stream are joined: how the kernel splits a cell's prints into
    messages varies from run to run (nbval joins them before comparing, so only the diff
    noise goes).
    """
    needs_state = False
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = _joined_streams(cell.outputs)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and "text/html" in data:
                del data[WIDGET_VIEW]
            needs_state = needs_state or WIDGET_VIEW in data
    if not needs_state:
        notebook.metadata.pop("widgets", None)


def _joined_streams(outputs: list) -> list:
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            joined.append(output)
    return joined


def execute(path: Path) -> None:
    from nbclient import NotebookClient  # only here: strip_volatile works without it

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    strip_volatile(notebook)
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--strip-only"]:  # sanitize committed notebooks without running them
        for path in [Path(a).resolve() for a in argv[1:]] or course_notebooks():
            notebook = nbformat.read(path, as_version=4)
            strip_volatile(notebook)
            nbformat.write(notebook, path)
        return 0
    paths = [Path(arg).resolve() for arg in argv] or course_notebooks()
    for path in paths:
        execute(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
