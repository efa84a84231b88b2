"""The shared spaCy loader: one pipeline per process, one clear error when the model is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import ClassVar

import pytest
from spacy.tokens import Doc

import propaganda_lab
from propaganda_lab.nlp import MAX_CHARS, ModelNotInstalledError, load_nlp, to_doc


def test_load_nlp_returns_one_cached_pipeline_of_the_right_model() -> None:
    nlp = load_nlp()
    assert nlp is load_nlp()
    assert nlp.meta["name"] == "core_web_sm"
    assert nlp.meta["version"].startswith("3.8")
    assert "parser" in nlp.pipe_names


def test_missing_model_raises_one_clear_error_naming_the_fix() -> None:
    # A fresh interpreter in which importing en_core_web_sm fails, as on a machine without it.
    script = textwrap.dedent(
        """
        import importlib.abc, sys
        class HideModel(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "en_core_web_sm":
                    raise ModuleNotFoundError(name)
                return None
        sys.meta_path.insert(0, HideModel())
        import spacy.util
        spacy.util.is_package = lambda name: False  # as if the package were not installed
        from propaganda_lab import load_nlp, ModelNotInstalledError
        try:
            load_nlp()
        except ModelNotInstalledError as error:
            print("RAISED", type(error).__name__)
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert "RAISED ModelNotInstalledError" in result.stdout, result.stderr
    assert "pip install https://github.com/explosion/spacy-models/releases/download/" in (
        result.stdout
    )
    assert "conda install -c conda-forge spacy-model-en_core_web_sm=3.8.0" in result.stdout
    assert "Traceback" not in result.stderr


def test_wrong_model_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    class OldPipeline:
        meta: ClassVar[dict[str, str]] = {"version": "3.7.1", "lang": "en", "name": "core_web_sm"}

    original = load_nlp()
    load_nlp.cache_clear()
    monkeypatch.setattr(spacy, "load", lambda name: OldPipeline())
    try:
        with pytest.raises(ModelNotInstalledError, match=r"found version 3\.7\.1"):
            load_nlp()
    finally:
        # Put the same pipeline back: matchers cached by the lenses hold its vocab's strings,
        # and a fresh pipeline would make every later test fail with spaCy's E084.
        load_nlp.cache_clear()
        monkeypatch.setattr(spacy, "load", lambda name: original)
        load_nlp()


def test_to_doc_parses_strings_and_passes_docs_through() -> None:
    doc = to_doc("Police arrived.")
    assert isinstance(doc, Doc)
    assert to_doc(doc) is doc


def test_to_doc_rejects_unusable_input_with_clear_messages() -> None:
    with pytest.raises(TypeError, match="string or a spaCy Doc"):
        to_doc(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit is 400,000"):
        to_doc("a" * (MAX_CHARS + 1))


def test_environment_report_names_versions() -> None:
    report = propaganda_lab.environment_report()
    assert report["model"] == "en_core_web_sm 3.8.0"
    assert report["spacy"].startswith("3.8")


def test_lone_surrogate_gives_a_readable_error_naming_the_position() -> None:
    with pytest.raises(UnicodeEncodeError, match="broken character") as caught:
        to_doc("Fine text \ud83d then more")
    assert caught.value.start == len("Fine text ")
    assert isinstance(caught.value, ValueError)  # widgets show ValueErrors as messages


def test_parse_cache_reuses_a_doc_for_the_same_text_and_stays_bounded() -> None:
    from propaganda_lab import nlp

    nlp.clear_parse_cache()
    first = nlp.to_doc("The harbour board met on Friday.")
    assert nlp.to_doc("The harbour board met on Friday.") is first
    assert nlp.to_doc("The harbour board met on Monday.") is not first
    for number in range(nlp.PARSE_CACHE_SIZE + 5):
        nlp.to_doc(f"Text number {number}.")
    assert len(nlp._PARSED) == nlp.PARSE_CACHE_SIZE
    assert nlp.to_doc("The harbour board met on Friday.") is not first  # evicted
