"""The dehumanization lens on sentences written for these tests (not the case corpus)."""

from __future__ import annotations

import json

import pytest

from propaganda_lab.dehumanization import (
    CATEGORIES,
    COMPONENTS,
    agency,
    analyze_group,
    compare_labels,
    denial_of_agency,
    find_groups,
    label_stories,
    metaphors,
    moral_disgust,
    negative_evaluation,
    othering,
    story_variants,
)
from propaganda_lab.lenses.dehumanization.lexicons import (
    CATEGORY_TECHNIQUE,
    LexiconError,
    metaphor_lexicon,
    validate_metaphor_data,
)
from propaganda_lab.lenses.dehumanization.metaphor_rules import METAPHOR_LINKS
from propaganda_lab.nlp import to_doc

# (sentence, group terms, category the metaphor must be found under)
CATEGORY_SENTENCES = [
    ("The Pellani have infested the valleys like cockroaches.", ["Pellani"], "vermin"),
    ("Teskari workers roam the streets in packs.", ["Teskari"], "animal"),
    ("Those people breed like rabbits.", None, "animal"),
    ("The Orrin are parasites who live off the town.", ["Orrin"], "parasite"),
    ("The Pellani are a cancer in the hill country.", ["Pellani"], "disease"),
    ("Teskari migrants are poisoning our schools.", ["Teskari"], "contamination"),
    ("A tide of Teskari workers is sweeping over the border.", ["Teskari"], "natural_disaster"),
    ("The Teskari are shipped in like cargo.", ["Teskari"], "object"),
    ("The Orrin are robots who vote as they are told.", ["Orrin"], "machine"),
    ("The Pellani are invaders who have overrun the valley.", ["Pellani"], "invasion"),
    ("Hordes of Teskari are marching on our towns.", ["Teskari"], "invasion"),
    ("The Orrin are subhuman savages.", ["Orrin"], "subhuman"),
]

LITERAL_SENTENCES = [
    "Rats were found in the warehouse.",
    "The council issued a flood warning for the valley.",
    "A wave of heavy rain moved in from the west.",
    "Pellani families lost their homes in the flood.",
    "The river flooded the Pellan villages.",
    "The ship unloaded its cargo in Merrow.",
    "Teskari workers repaired the machines on the farm.",
    "The Orrin council discussed the cancer ward at the hospital.",
    "Volunteers poured into Drenn to help the Pellani.",
    "Pellani children kept rabbits and goats behind the school.",
]

NEUTRAL_SENTENCES = [
    "Teskari workers pick apples in the Merrow Valley every autumn.",
    "The Pellani have farmed the upper valleys for generations.",
    "Several Orrin families live on Mill Street and keep tidy gardens.",
    "Council leader Hanna Ferrow said the Pellani families wanted to go home.",
    "The Orrin Brotherhood has worshipped in Northgate since the 1880s.",
]
ALL_GROUPS = ["Pellani", "Pellan", "Teskari", "Orrin"]


@pytest.mark.parametrize(("sentence", "terms", "category"), CATEGORY_SENTENCES)
def test_each_category_is_found_when_aimed_at_a_group(sentence, terms, category):
    found = metaphors(sentence, terms)
    matching = [f for f in found if f.category == category]
    assert matching, f"no {category} metaphor in {sentence!r}: {found}"
    item = matching[0]
    assert item.technique == CATEGORY_TECHNIQUE[category]
    assert item.lens == "dehumanization"
    assert item.target and item.rule
    assert item.rule.endswith(tuple(f".{link}" for link in METAPHOR_LINKS))
    assert sentence[item.start : item.end] == item.text
    assert "links it to the group" in item.evidence


def test_every_category_is_covered_by_the_sentences():
    assert {category for _, _, category in CATEGORY_SENTENCES} == set(CATEGORIES)


@pytest.mark.parametrize("sentence", LITERAL_SENTENCES)
@pytest.mark.parametrize("terms", [ALL_GROUPS, None])
def test_literal_uses_are_not_flagged(sentence, terms):
    assert metaphors(sentence, terms) == []


@pytest.mark.parametrize("sentence", NEUTRAL_SENTENCES)
def test_neutral_sentences_about_a_group_have_no_findings_at_all(sentence):
    profile = analyze_group(sentence, ALL_GROUPS)
    assert profile.mention_count >= 1, "the group must be found, or the test proves nothing"
    assert profile.findings == []


def test_the_same_cue_counts_only_when_the_parse_links_it_to_the_group():
    assert metaphors("The Pellani are a flood.", ["Pellani"])
    assert not metaphors("The Pellani survived a flood.", ["Pellani"])
    assert metaphors("Another flood of Teskari crossed the border.", ["Teskari"])
    assert not metaphors("Another flood of calls reached the Teskari office.", ["Teskari"])


def test_group_terms_restrict_the_target():
    sentence = "The Orrin are a plague on the town."
    assert metaphors(sentence, ["Orrin"])
    assert metaphors(sentence, ["Pellani"]) == []


def test_pronoun_targets_are_resolved_and_shown():
    found = metaphors("The Orrin sat together. They are programmed.", ["Orrin"])
    assert [f.category for f in found] == ["machine"]
    assert found[0].target == "They (= Orrin)"


def test_epithet_with_an_animal_inside_is_an_animal_metaphor():
    found = metaphors("The hillrats sing in the square.", ["Pellani"])
    assert [(f.category, f.text, f.rule) for f in found] == [
        ("vermin", "hillrats", "animal_metaphor.epithet")
    ]


def test_epithet_given_as_a_group_term_is_still_an_epithet():
    found = metaphors("The hillrats sing in the square.", ["Pellani", "hillrats"])
    assert [f.rule for f in found] == ["animal_metaphor.epithet"]
    assert metaphors("The migrants sing in the square.", ["migrants"]) == []  # 'ant' is no image


def test_negated_predicate_is_not_a_metaphor():
    assert metaphors("The Teskari workers are not a burden on our towns.", ["Teskari"]) == []


# --------------------------------------------------------------------------- groups


def test_find_groups_kinds_and_pronoun_resolution():
    text = "The Pellani came down from the ridges. They farm the valleys. These people work hard."
    mentions = find_groups(text, ["Pellani"])
    assert [(m.text, m.kind) for m in mentions] == [
        ("Pellani", "term"), ("They", "pronoun"), ("These people", "deictic")
    ]
    assert mentions[1].antecedent == "Pellani"
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_they_is_not_a_group_when_a_plain_plural_subject_is_nearer():
    mentions = find_groups("The Pellani arrived. The rats were removed and they died.", ["Pellani"])
    assert [m.kind for m in mentions] == ["term"]


def test_find_groups_without_terms_finds_people_nouns_and_epithets():
    mentions = find_groups("Busloads of tesks arrived, and the migrants waited at the gate.")
    expected = {("tesks", "epithet"), ("migrants", "people_noun")}
    assert {(m.text, m.kind) for m in mentions} >= expected


def test_name_used_as_a_modifier_is_attributive():
    (mention,) = find_groups("The Pellan villages flooded.", ["Pellan"])
    assert mention.attributive


# --------------------------------------------------------------------------- agency


@pytest.mark.parametrize(
    ("sentence", "as_agent", "as_patient", "passive", "agentless"),
    [
        ("Teskari workers harvested the apples.", 1, 0, 0, 0),
        ("The Teskari workers were moved to camps.", 0, 1, 1, 1),
        ("The Teskari workers were moved to camps by the army.", 0, 1, 1, 0),
        ("Police moved the Teskari workers to new dormitories.", 0, 1, 0, 0),
    ],
)
def test_agent_and_patient_roles(sentence, as_agent, as_patient, passive, agentless):
    profile = agency(sentence, ["Teskari"])
    assert (profile.as_agent, profile.as_patient, profile.passive, profile.agentless) == (
        as_agent, as_patient, passive, agentless)
    assert len(profile.events) == as_agent + as_patient


def test_agency_verbs_are_listed():
    profile = agency("The Teskari arrived. They were searched and then they were sent home.",
                     ["Teskari"])
    assert dict(profile.agent_verbs) == {"arrive": 1}
    assert dict(profile.patient_verbs) == {"search": 1, "send": 1}
    assert profile.agent_share == pytest.approx(1 / 3)


def test_denial_of_agency_cargo_verbs_and_denied_mind():
    text = "The Teskari came north. They don't choose; they are delivered."
    found = denial_of_agency(text, ["Teskari"])
    assert [(f.rule, f.text) for f in found] == [("denial_of_agency.handled", "they are delivered")]
    assert "never says who" in found[0].evidence
    # a plain "they don't choose" is not enough on its own (it was judged wrong on real text)
    assert denial_of_agency("The Teskari came north. They don't choose.", ["Teskari"]) == []
    mind = denial_of_agency("The Orrin do not think for themselves.", ["Orrin"])
    assert [f.rule for f in mind] == ["denial_of_agency.mindless"]
    assert denial_of_agency("The Orrin think for themselves.", ["Orrin"]) == []


def test_active_sentence_is_no_denial_of_agency():
    assert denial_of_agency("The Teskari workers moved to new dormitories.", ["Teskari"]) == []


# --------------------------------------------------------------------------- othering etc.


def test_othering_rules():
    text = ("The Orrin keep apart. They all think alike. They do not want to join us. "
            "These people never change. Hordes of Orrin filled the hall.")
    rules = {f.rule for f in othering(text, ["Orrin"])}
    assert {"othering.sweeping", "othering.us_them", "othering.distancing",
            "othering.quantifier"} <= rules
    singular = othering("The Teskari worker always takes more than he gives.", ["Teskari"])
    assert [f.rule for f in singular] == ["othering.collective_singular"]
    assert othering("The Teskari worker was injured at the farm on Monday.", ["Teskari"]) == []


def test_moral_disgust_needs_the_group():
    assert moral_disgust("The Pellani bring their filth with them.", ["Pellani"])
    assert moral_disgust("The floods left a stench in the streets.", ["Pellani"]) == []
    found = moral_disgust("The Teskari workers are filthy.", ["Teskari"])
    assert found and "revulsion" in found[0].evidence


def test_negative_evaluation_traits_acts_and_labels():
    found = negative_evaluation("The Orrin are clannish and secretive. They steal from farms.",
                                ["Orrin"])
    words = " ".join(f.evidence for f in found)
    assert "clannish" in words and "steal" in words
    assert negative_evaluation("The Orrin are friendly and they work hard.", ["Orrin"]) == []
    label = negative_evaluation("Teskari illegals pick apples.", ["Teskari illegals"])
    assert [f.rule for f in label] == ["negative_evaluation.label"]


# --------------------------------------------------------------------------- profile & labels


def test_analyze_group_scores_per_100_mentions():
    text = "The Pellani are a cancer. The Pellani farm the hills. The Pellani sing."
    profile = analyze_group(text, ["Pellani"])
    assert set(profile.components) == set(COMPONENTS)
    assert profile.mention_count == 3
    metaphor = profile.components["metaphor"]
    assert metaphor.count == 1
    assert metaphor.per_100 == pytest.approx(33.3)
    assert profile.metaphor_categories == {"disease": 1}
    assert "3 mentions" in profile.summary()


def test_compare_labels_changes_only_with_the_label():
    template = label_stories()[0]["template"]
    labels = ["Teskari workers", "Teskari illegals", "Kessin crawlers", "tesks"]
    neutral, criminal, vermin, epithet = compare_labels(template, labels)
    label_driven = ("metaphor", "negative_evaluation", "epithet")
    assert all(neutral.components[name].count == 0 for name in label_driven)
    assert neutral.mention_count == criminal.mention_count == vermin.mention_count > 3
    named = sum(m.kind != "pronoun" for m in neutral.mentions)
    assert named == 6  # the label is used six times in the template
    assert criminal.components["negative_evaluation"].count == named
    assert vermin.components["metaphor"].count == named
    assert epithet.components["epithet"].count == named
    # agency is about the story, not the label: it must be the same under every label
    profiles = (neutral, criminal, vermin, epithet)
    assert len({(p.agency.as_agent, p.agency.as_patient) for p in profiles}) == 1
    assert len({p.components["denial_of_agency"].count for p in profiles}) == 1


def test_compare_labels_input_errors():
    with pytest.raises(ValueError, match="one per label"):
        compare_labels(["a text"], ["x", "y"])
    with pytest.raises(ValueError, match="placeholder"):
        story_variants("no placeholder", ["x"])
    assert story_variants("{Label} and {label}", ["tesks"]) == ["Tesks and tesks"]


def test_label_stories_are_well_formed():
    for story in label_stories():
        variants = story_variants(story["template"], [item["label"] for item in story["labels"]])
        assert all("{label}" not in v.lower() for v in variants)


# --------------------------------------------------------------------------- lexicons & input


def test_metaphor_lexicon_has_enough_cues_in_every_category():
    lexicon = metaphor_lexicon()
    assert len(lexicon) >= 250
    categories = {cue.category for cue in lexicon.nouns.values()}
    assert categories == set(CATEGORIES)


def test_lexicon_errors_name_file_entry_and_field():
    data = {"version": 1, "description": "x", "categories": {"vermin": {
        "technique": "animal_metaphor", "dehumanization": "animalistic", "description": "d",
        "nouns": ["rat", "Bad Entry"], "verbs_agent": [], "verbs_patient": [], "adjectives": []}}}
    with pytest.raises(LexiconError, match=r"mine\.json: categories\.vermin\.nouns\[1\] "
                                           r"\(entry 'Bad Entry'\)"):
        validate_metaphor_data(data, "mine.json")
    broken = json.loads(json.dumps(data))
    broken["categories"]["vermin"]["nouns"] = ["rat", "rat"]
    with pytest.raises(LexiconError, match="already listed"):
        validate_metaphor_data(broken, "mine.json")
    broken["categories"]["vermin"]["nouns"] = ["rat"]
    broken["categories"]["vermin"]["technique"] = "loaded_language"  # not a dehumanization id
    with pytest.raises(LexiconError, match="technique"):
        validate_metaphor_data(broken, "mine.json")


def test_a_doc_gives_the_same_results_as_the_string():
    text = "The Pellani are a cancer. They steal from farms."
    doc = to_doc(text)
    assert analyze_group(doc, ["Pellani"]).findings == analyze_group(text, ["Pellani"]).findings


@pytest.mark.parametrize("text", ["", "   \n\t", "🙂🙂 🐀", "שלום עולם", "\x00\x07\x1b[0m",
                                  "Die Pellani sind eine Plage.", "they " * 3000])
def test_odd_input_does_not_crash(text):
    profile = analyze_group(text, ["Pellani"])
    for item in profile.findings:
        assert text[item.start : item.end] == item.text
    find_groups(text)
    metaphors(text)


def test_bad_types_raise_clear_errors():
    with pytest.raises(TypeError):
        metaphors(42)  # type: ignore[arg-type]


def test_long_text_is_analysed_in_blocks_with_the_same_result():
    text = ("The Teskari workers were moved to camps. They are a burden. "
            "Teskari workers harvested the apples. ") * 60  # well over one block of tokens
    one = agency(text[: len(text) // 60], ["Teskari"])
    many = agency(text, ["Teskari"])
    assert (many.as_agent, many.as_patient) == (60 * one.as_agent, 60 * one.as_patient)
    for _, event in many.events:
        assert text[event.verb.start : event.verb.end] == event.verb.text


# --------------------------------------------------------------------------- issue 14: agency


@pytest.mark.parametrize(
    ("verb_class", "sentence"),
    [
        ("care", "Four Pellani villagers were treated in hospital."),
        ("care", "The Pellani families were housed in the school gym after the flood."),
        ("care", "The Teskari pickers were delivered to the hospital by ambulance."),
        ("rescue", "The Pellani families were evacuated from the valley."),
        ("rescue", "Thirty Teskari workers were rescued from the flooded mine."),
        ("legal", "The Pellani were granted citizenship last year."),
        ("legal", "Eleven Teskari workers were arrested after the fight."),
        ("administrative", "Every Teskari worker will be offered a new contract."),
        ("administrative", "The Teskari workers were moved to the east field by the growers' "
                           "association."),
        ("employment", "Teskari pickers were hired by the farm in May."),
        ("election", "Two Pellani were elected to the council."),
        ("named agent", "The Teskari workers were moved to camps by the army."),
        ("victims", "The Pellani were treated like animals by the guards."),
        ("several care verbs", "Seventeen Pellani were treated in hospital, eleven were "
                               "arrested and four were released."),
        ("violence: victims", "The Pellani villagers were robbed, beaten and driven from "
                              "their homes."),
        ("violence: victims", "The Teskari pickers were attacked, wounded and threatened."),
        ("naming", "The Teskari pickers are known as the autumn hands, like cattle drovers."),
        ("naming", "The Pellani elders are regarded as guardians of the hill."),
    ],
)
def test_care_rescue_legal_administrative_verbs_are_no_denial_of_agency(verb_class, sentence):
    assert denial_of_agency(sentence, ["Pellani", "Teskari"]) == [], verb_class


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("The Teskari workers are shipped in every autumn.", "denial_of_agency.handled"),
        ("The Orrin congregation is walked to the ballot box every four years.",
         "denial_of_agency.handled"),
        ("The Teskari workers are moved like cattle from farm to farm.",
         "denial_of_agency.handled_like"),
        ("The Teskari pickers are housed in sheds.", "denial_of_agency.handled_like"),
        ("The Orrin are told what to think by their elders.", "denial_of_agency.mindless"),
        ("The Pellani have no mind of their own.", "denial_of_agency.mindless"),
        ("The Teskari pickers arrive in May. They are bused to the gate, they are searched at "
         "the door and they are sent home at dusk.",
         "denial_of_agency.always_acted_upon"),
    ],
)
def test_patterns_that_cast_the_group_as_unable_to_act_are_found(sentence, rule):
    rules = {f.rule for f in denial_of_agency(sentence, ["Pellani", "Teskari", "Orrin"])}
    assert rule in rules, rules


def test_a_named_agent_is_named_in_the_explanation_not_called_hidden():
    (found,) = denial_of_agency("The Teskari pickers are bused in by the growers.", ["Teskari"])
    assert "growers" in found.evidence and "never says who" not in found.evidence


def test_a_told_that_is_not_about_thinking_is_no_denial():
    assert denial_of_agency("Pellani voters were told what to expect at the polls.",
                            ["Pellani"]) == []


# --------------------------------------------------------------------------- issue 14: metaphor


@pytest.mark.parametrize(
    ("sentence", "technique"),
    [
        ("Migrants poured over the border.", "natural_disaster_metaphor"),
        ("Foreigners are flooding the job market.", "natural_disaster_metaphor"),
        ("The Pellani have hollowed out the valley towns.", "animal_metaphor"),
        ("Teskari families are stripping our villages bare.", "animal_metaphor"),
        ("Migrants overrun the market every Saturday.", "invasion_metaphor"),
    ],
)
def test_figurative_verbs_without_a_simile_marker(sentence, technique):
    found = metaphors(sentence, None if sentence.startswith(("Migrants", "Foreigners"))
                      else ["Pellani", "Teskari"])
    assert [f.technique for f in found] == [technique]


@pytest.mark.parametrize(
    "sentence",
    [
        "The river floods every spring.",
        "Bees swarm in the orchard.",
        "The workers poured coffee for the guests.",
        "Farmers breed cattle in the valley.",
        "Workers stripped the old paint from the walls.",
        "The Pellani crowd poured into the square to celebrate.",
    ],
)
def test_literal_senses_of_the_figurative_verbs_are_not_flagged(sentence):
    assert metaphors(sentence) == []
