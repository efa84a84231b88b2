"""Groups found without being told: kinds, confidence, the report's list, the lens's list."""

from __future__ import annotations

import pytest

from propaganda_lab.analysis import analyze
from propaganda_lab.dehumanization import detect_groups, find_groups
from propaganda_lab.lenses.dehumanization.groups import KIND_CONFIDENCE, groups_from_mentions


def _groups(text: str) -> dict[str, object]:
    return {g.label: g for g in detect_groups(text)}


def test_demonyms_and_nationality_nouns_are_found_without_terms():
    found = _groups("The liberals and the globalists want open borders. The Teskari voted no.")
    assert {"liberals", "globalists", "Teskari"} <= set(found)
    kinds = {m.kind for g in found.values() for m in g.mentions}
    assert {"demonym", "nationality_noun"} <= kinds


def test_a_capitalised_word_needs_the_demonym_shape_and_a_noun_slot():
    # a name used as a modifier, a word without a demonym ending, a city: not peoples
    assert "Teskari" not in _groups("The Teskari harvest was late.")
    assert detect_groups("The Beatles sang. The Senate voted.") == []


def test_they_and_these_people_join_the_group_they_stand_for():
    (group,) = detect_groups("The Pellani came down from the ridges. They farm the valleys. "
                             "These people work hard.", ["Pellani"])
    assert [m.kind for m in group.mentions] == ["term", "pronoun", "deictic"]
    assert group.mentions[1].antecedent == "Pellani"


def test_a_pronoun_alone_or_an_attributive_name_is_no_group():
    assert detect_groups("They said it would rain.") == []
    assert detect_groups("The British government said the Finnish parliament voted.") == []


def test_confidence_follows_the_kind_and_grows_with_mentions():
    once = _groups("The Teskari arrived.")["Teskari"]
    often = _groups("The Teskari arrived. Later the Teskari left, and the Teskari returned.")
    assert once.confidence == KIND_CONFIDENCE["nationality_noun"]
    assert often["Teskari"].confidence > once.confidence
    assert all(0 < g.confidence < 1 for g in detect_groups("Migrants and refugees waited."))
    ranked = detect_groups("The liberals shouted. Migrants waited.")
    assert ranked[0].label == "liberals"  # a group name beats a people noun


def test_groups_from_mentions_matches_find_groups():
    text = "Migrants waited at the gate, and the villagers brought them bread."
    assert groups_from_mentions(find_groups(text)) == detect_groups(text)


def test_analyze_lists_the_groups_found_and_analyses_all_of_them_by_default():
    text = ("The liberals are a plague on the town. Migrants poured over the border. "
            "They swarm over the hills.")
    report = analyze(text)
    labels = [g.label for g in report.found_groups]
    assert {"liberals", "migrant"} <= set(labels)
    assert "Groups found:" in report.describe() and "all of them analysed" in report.describe()
    assert any(f.technique == "natural_disaster_metaphor" for f in report.findings)
    data = report.to_dict()["found_groups"]
    assert data and {"label", "confidence", "kinds", "mentions"} <= set(data[0])
    page = report.to_html()
    assert "Groups found in the text" in page and "<caption>Groups found</caption>" in page


def test_named_groups_are_analysed_but_every_group_found_is_still_listed():
    text = "The Orrin keep apart. Migrants waited at the gate."
    report = analyze(text, group_terms=["Orrin"])
    assert report.group_terms == ("Orrin",)
    assert "migrant" in [g.label for g in report.found_groups]
    assert "analysed: Orrin" in report.groups_found_line()


def test_report_group_list_is_escaped_and_masked():
    from propaganda_lab.masking import Masker

    report = analyze("The <b>Teskari</b> arrived. Busloads of tesks followed.")
    page = report.to_html(masker=Masker())
    section = page[page.index("Groups found in the text"):]
    assert "<b>Teskari" not in section and "tesks" not in section


def test_no_group_says_so():
    report = analyze("The rain fell on the empty road all night.")
    assert report.found_groups == ()
    assert "none" in report.groups_found_line()


@pytest.mark.parametrize("text", ["", "   ", "!!!", "they they they"])
def test_odd_input_gives_no_groups_and_no_error(text):
    assert detect_groups(text) == []


def test_lens_widget_lists_detected_groups_and_the_learner_can_edit_them():
    from propaganda_lab.widgets.dehumanization_lens import CHOSEN_GROUPS, DehumanizationLens

    lens = DehumanizationLens("pellani_hill_pamphlet")
    assert "Pellani" in lens.groups_edit.value
    assert "hillrats" not in lens.groups_edit.value  # an epithet is never shown as a tag
    lens.groups_edit.value = ["strangers"]  # remove the rest, keep one
    assert lens.group.value == CHOSEN_GROUPS
    assert lens._profile is not None and lens._profile.group_terms == ("strangers",)
    lens.groups_edit.value = ["strangers", "Pellani"]  # add one back
    assert lens._profile.group_terms == ("strangers", "Pellani")
    lens.groups_edit.value = []
    assert "No group chosen" in lens.message.value


def test_your_text_widget_shows_the_groups_it_found_without_being_told():
    from propaganda_lab.widgets.your_text import AnalyzeYourText

    widget = AnalyzeYourText(article="The Teskari came over the pass. They swarm over the hills "
                                     "like rats. The villagers gave the Teskari bread.")
    widget.analyze()
    panel = widget.group_text.value
    assert "Groups found" in panel and "Teskari" in panel
    assert "Name the group in the" not in panel  # found groups are analysed without a name

    fair = AnalyzeYourText(article="The bridge reopened on Monday after repairs.")
    fair.analyze()
    assert "No group of people was found" in fair.group_text.value
