"""Corpus examples of a technique, each cut down to the paragraph it stands in."""

from __future__ import annotations

from dataclasses import dataclass

from propaganda_lab.corpus import Annotation, list_cases, load_case


@dataclass(frozen=True)
class Example:
    case_id: str
    case_title: str
    paragraph: str
    annotation: Annotation  # offsets relative to ``paragraph``


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-separated paragraph(s) that contain ``start..end``."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2), (len(text) if right < 0 else right)


def examples_of(technique_id: str) -> list[Example]:
    """Every gold annotation of a technique in the teaching corpus, in its paragraph."""
    found = []
    for case_id in list_cases():
        case = load_case(case_id)
        for annotation in case.annotations:
            if annotation.technique != technique_id:
                continue
            left, right = _paragraph_bounds(case.article, annotation.start, annotation.end)
            shifted = annotation._replace(start=annotation.start - left, end=annotation.end - left)
            found.append(Example(case.id, case.title, case.article[left:right], shifted))
    return found
