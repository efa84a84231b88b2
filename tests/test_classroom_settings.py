"""JupyterLab settings for a classroom: ``overrides.json`` turns off the "get notified about
official Jupyter news?" popup that greets every new user, and ``postBuild`` (Binder) puts it
where JupyterLab reads it. Checked against the installed JupyterLab's own schema, so a typo
in a plugin id or a boolean where the schema wants the string "false" fails here, not in
front of a class."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "overrides.json"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def _overrides() -> dict:
    return json.loads(OVERRIDES.read_text(encoding="utf-8"))


def _schemas_dir() -> Path:
    commands = pytest.importorskip("jupyterlab.commands",
                                   reason="JupyterLab is in the [lab] extra")
    return Path(commands.get_app_dir()) / "schemas"


def test_overrides_turn_the_news_popup_off() -> None:
    settings = _overrides()[NOTIFICATION]
    # The schema's values are the strings "true", "false" and "none" (ask: the popup).
    assert settings["fetchNews"] == "false"
    assert settings["fetchNews"] is not False
    assert settings.get("checkForUpdates") is False


def test_overrides_are_valid_for_the_installed_jupyterlab() -> None:
    from jsonschema import Draft7Validator

    schemas = _schemas_dir()
    for plugin, values in _overrides().items():
        package, _, name = plugin.partition(":")
        schema_file = schemas / package / f"{name}.json"
        assert schema_file.is_file(), f"{plugin}: no such setting in the installed JupyterLab"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        unknown = set(values) - set(schema["properties"])
        assert not unknown, f"{plugin}: unknown keys {sorted(unknown)}"
        errors = [e.message for e in Draft7Validator(schema).iter_errors(values)]
        assert not errors, f"{plugin}: {errors}"
    # a near miss the validator must reject: the boolean that looks right
    news = json.loads((schemas / "@jupyterlab/apputils-extension/notification.json")
                      .read_text(encoding="utf-8"))
    assert list(Draft7Validator(news).iter_errors({"fetchNews": False}))


def test_jupyterlab_server_applies_the_overrides(tmp_path: Path) -> None:
    settings_utils = pytest.importorskip("jupyterlab_server.settings_utils")
    app_settings = tmp_path / "settings"
    app_settings.mkdir()
    shutil.copy(OVERRIDES, app_settings / "overrides.json")
    result, _ = settings_utils.get_settings(
        str(app_settings), str(_schemas_dir()), str(tmp_path / "user-settings"),
        schema_name=NOTIFICATION)
    assert result["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert result["settings"].get("fetchNews", "false") == "false"
    # without the file, JupyterLab would ask (the popup)
    plain, _ = settings_utils.get_settings(
        str(tmp_path / "none"), str(_schemas_dir()), str(tmp_path / "user-settings"),
        schema_name=NOTIFICATION)
    assert plain["schema"]["properties"]["fetchNews"]["default"] == "none"


STUB_PYTHON = """#!/bin/sh
# pip and the model check are recorded, not run; everything else is the real Python.
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "pip $*" >> "$POSTBUILD_LOG"; exit 0; fi
case "$*" in *load_nlp*) echo "load_nlp" >> "$POSTBUILD_LOG"; exit 0;; esac
exec "{real}" "$@"
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="postBuild is a bash script")
def test_postbuild_copies_the_overrides_into_the_lab_settings(tmp_path: Path) -> None:
    pytest.importorskip("jupyterlab.commands", reason="JupyterLab is in the [lab] extra")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (stubs / "python").write_text(STUB_PYTHON.replace("{real}", sys.executable))
    (stubs / "propaganda-lab").write_text('#!/bin/sh\necho "doctor $*" >> "$POSTBUILD_LOG"\n')
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    log = tmp_path / "log"
    lab_dir = tmp_path / "lab"
    env = {**os.environ, "PATH": f"{stubs}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTERLAB_DIR": str(lab_dir), "POSTBUILD_LOG": str(log)}
    run = subprocess.run(["bash", str(ROOT / "postBuild")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    copied = lab_dir / "settings" / "overrides.json"
    assert copied.is_file(), "postBuild did not copy overrides.json"
    assert json.loads(copied.read_text(encoding="utf-8")) == _overrides()
    steps = log.read_text().splitlines()
    assert steps[0].startswith("pip -m pip install --no-deps -e .")
    assert steps[-1].startswith("doctor")
