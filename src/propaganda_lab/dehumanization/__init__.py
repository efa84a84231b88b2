"""The dehumanizing-language lens: metaphors, denied agency, othering, disgust, evaluation.

Following Mendelsohn, Tsvetkov & Jurafsky (2020), dehumanization is measured as several
components (negative evaluation, denial of agency, moral disgust, vermin-like metaphors), and
following Haslam (2006) metaphors are told apart as animalistic (vermin, disease) or
mechanistic (objects, machines). Every rule reads spaCy's parse and our own word lists, so
each finding can be explained by pointing at the words and the link between them.

This package is the lens's public face (functions through the pipeline, group profiles,
``display``); the detectors themselves live in ``propaganda_lab.lenses.dehumanization``.
"""

from propaganda_lab.dehumanization.api import (
    conspiracy_scapegoating,
    denial_of_agency,
    metaphors,
    moral_disgust,
    negative_evaluation,
    othering,
)
from propaganda_lab.dehumanization.profile import (
    COMPONENTS,
    ComponentScore,
    GroupProfile,
    analyze_group,
    compare_labels,
    label_stories,
    story_variants,
)
from propaganda_lab.dehumanization.real_text import RealTextMeasure, real_text_measure
from propaganda_lab.lenses.dehumanization.components import AgencyProfile, agency
from propaganda_lab.lenses.dehumanization.groups import (
    DetectedGroup,
    GroupMention,
    detect_groups,
    find_groups,
    group_labels,
)
from propaganda_lab.lenses.dehumanization.lexicons import (
    CATEGORIES,
    CATEGORY_TECHNIQUE,
    LexiconError,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_TECHNIQUE",
    "COMPONENTS",
    "AgencyProfile",
    "ComponentScore",
    "DetectedGroup",
    "GroupMention",
    "GroupProfile",
    "LexiconError",
    "RealTextMeasure",
    "agency",
    "analyze_group",
    "compare_labels",
    "conspiracy_scapegoating",
    "denial_of_agency",
    "detect_groups",
    "find_groups",
    "group_labels",
    "label_stories",
    "metaphors",
    "moral_disgust",
    "negative_evaluation",
    "othering",
    "real_text_measure",
    "story_variants",
]
