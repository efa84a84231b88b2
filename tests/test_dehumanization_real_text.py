"""The dehumanization lens on the shapes real hate speech takes (issue 26), in sentences written
for these tests about the course's invented groups (Pellani, Teskari, Orrin, Sarnians) and
countries (Valdora, Ostreva, Teskar): the links real text uses, the group a finding is about,
and the near misses that must stay quiet (literal animals, illness, 'drug mules', sport,
pest control, reports of what was done to victims, a state's veto, a real lobby)."""

from __future__ import annotations

import pytest

from propaganda_lab.analysis import analyze
from propaganda_lab.datafiles import check_data
from propaganda_lab.dehumanization import (
    conspiracy_scapegoating,
    find_groups,
    metaphors,
    othering,
    real_text_measure,
)
from propaganda_lab.dehumanization.display import content_note_html, real_text_table_html
from propaganda_lab.lenses.dehumanization.groups import plausible_group_name
from propaganda_lab.lenses.dehumanization.lexicons import (
    _coded_rules,
    coded_terms,
    epithet_targets,
    masked_terms,
)
from propaganda_lab.masking import Masker, default_terms
from propaganda_lab.nlp import to_doc


def _lens(text: str, terms: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(rule, text, target) of every dehumanization-lens finding, as analyze() gives them."""
    return [(f.rule or "", f.text, f.target or "")
            for f in analyze(text, group_terms=terms).findings if f.lens == "dehumanization"]


# --------------------------------------------------------------------------- images of people

# (text, rule, a word the target must contain)
IMAGES = [
    # words between the copula and the image
    ("The Sarnians are nothing but vermin.", "animal_metaphor.comparison", "Sarnians"),
    ("The Sarnians are bloody animals.", "animal_metaphor.copula", "Sarnians"),
    # a people's name opening the sentence, as the subject of a plural verb
    ("Pellani are cockroaches; crush them before they multiply.", "animal_metaphor.copula",
     "Pellani"),
    ("Teskari are a disease, and Valdora needs a cure.", "disease_metaphor.copula", "Teskari"),
    ("Sarnians are not people. They are beasts.", "animal_metaphor.denied_humanity",
     "Sarnians"),
    ("Every Sarnian is a snake waiting to strike.", "animal_metaphor.copula", "Sarnian"),
    # an invented people's name the model calls a place or a person, read from its use
    ("It's time the Vossari were gone. Exterminate the Vossari.", "animal_metaphor.verb_patient",
     "Vossari"),
    ("The Hask are a disease in the body of Merrow.", "disease_metaphor.copula", "Hask"),
    ("Rats! Drunaian rats, in our schools, in our hospitals!", "animal_metaphor.modifier",
     "Drunaian"),
    ("It's time to exterminate the Vossari once and for all.", "animal_metaphor.verb_patient",
     "Vossari"),  # 'it's time to ...' calls for the act
    ("Kelmites are weeds. Pull them up by the roots.", "animal_metaphor.copula", "Kelmites"),
    ("The Kelmite is a leech. He fastens onto a town and drinks it dry.",
     "animal_metaphor.copula", "Kelmite"),  # the singular generic
    ("Why do we keep feeding these Hask parasites?", "animal_metaphor.modifier", "Hask"),
    # a call to rid a place of the group; a plural people's name in mid-sentence
    ("Merrow must be cleansed of Kelmites before the spring festival.", "moral_disgust.of",
     "Kelmites"),
    # pests are named after real places only ('German cockroach'), not after invented peoples
    ("Tavish lice are crawling all over the market stalls again.", "animal_metaphor.modifier",
     "Tavish"),
    # a word for a kind of creature is never a species name ('Asian carp')
    ("It is time to exterminate the Sarnian vermin once and for all.",
     "animal_metaphor.modifier", "Sarnian"),
    # a bare predicate noun the small parser tags as an adjective ('vermin' as ADJ/acomp)
    ("These Sarnians are vermin.", "animal_metaphor.copula", "Sarnians"),
    ("The Sarnians are vermin and scum.", "moral_disgust.copula", "Sarnians"),
    ("The Sarnians are no better than animals.", "animal_metaphor.comparison", "Sarnians"),
    ("The Sarnians are just a bunch of animals.", "animal_metaphor.copula", "Sarnians"),
    # what a place is said to be full of: the group, not whoever fills it
    ("Our towns are infested with Sarnians.", "animal_metaphor.with", "Sarnians"),
    ("The ministry keeps flooding us with Sarnians.", "natural_disaster_metaphor.with",
     "Sarnians"),
    ("Endless breeding with Sarnians has ruined Drenn.", "animal_metaphor.with", "Sarnians"),
    # compounds and hyphenated forms
    ("The Pellani-infested suburbs are dying.", "animal_metaphor.compound", "Pellani"),
    ("The Sarnians are parasitic scum.", "moral_disgust.copula", "Sarnians"),
    # the image word itself names people
    ("These subhumans should be sent back to Teskar.", "animal_metaphor.name", "subhumans"),
    ("These sub humans should be sent back to Teskar.", "animal_metaphor.name", "humans"),
    ("Sarnian scum attacked the shop.", "moral_disgust.modifier", "Sarnian"),
    ("Those animals voted for the mayor again.", "animal_metaphor.name", "animals"),
    ("You rats should go back to Teskar.", "animal_metaphor.name", "rats"),
    ("The Sarnians and other vermin have ruined Drenn.", "animal_metaphor.name", "Sarnians"),
    ("The Orrin came. They must be caged like the beasts they are.",
     "animal_metaphor.comparison", "Orrin"),
    # a violent image counts as a call for it
    ("The Sarnians must be exterminated.", "animal_metaphor.verb_patient", "Sarnians"),
    ("Exterminate the Sarnians.", "animal_metaphor.verb_patient", "Sarnians"),
    # denial of humanity in plain words
    ("The Sarnians are not human.", "animal_metaphor.denied_humanity", "Sarnians"),
    ("The Sarnians aren't even human.", "animal_metaphor.denied_humanity", "Sarnians"),
    ("There is not an ounce of humanity in these Sarnians.",
     "animal_metaphor.denied_humanity", "Sarnians"),
    ("The Sarnians have no humanity.", "animal_metaphor.denied_humanity", "Sarnians"),
    ("The Sarnians are less than human.", "animal_metaphor.denied_humanity", "Sarnians"),
]


@pytest.mark.parametrize(("text", "rule", "target"), IMAGES)
def test_real_shapes_of_dehumanizing_language_are_found_with_their_target(text, rule, target):
    found = [item for item in _lens(text) if item[0] == rule]
    assert found, f"{rule} not found in {text!r}: {_lens(text)}"
    assert target in found[0][2]


def test_the_images_explain_the_link_they_rest_on():
    (found,) = [f for f in metaphors("Our towns are infested with Sarnians.")
                if f.rule == "animal_metaphor.with"]
    assert "infested" in found.evidence and "Sarnians" in found.evidence
    (named,) = metaphors("Those animals voted for the mayor again.")
    assert "only people do" in named.evidence


def test_naming_a_group_keeps_images_of_unnamed_people_out_of_its_profile():
    text = "The Pellani farm the valleys. Those animals voted for the mayor again."
    assert [f.rule for f in metaphors(text)] == ["animal_metaphor.name"]
    assert metaphors(text, ["Pellani"]) == []


# Literal animals, illness, idioms, sport, pest control, reports of an infestation, victims.
NEAR_MISSES = [
    "Rats were found in the Sarnian bakery on Mill Street.",
    "The zoo said those animals were fed twice a day.",
    "Three Teskari drug mules were arrested at the airport.",
    "Ostreva's forwards were absolute beasts on the pitch on Saturday.",
    "Our finest beasts won the match on Saturday.",
    "The council will exterminate the rats in the Sarnian quarter next week.",
    "Health officials said the Pellani district was infested with rats after the floods.",
    "Pellani children were inoculated against measles.",
    "The Sarnians are a community hit hard by cancer.",
    "Sarnian farmers breed sheep in the hills.",
    "Sarnian families lost their homes in the flood.",
    "Ostrevan wolves were released in the national park.",
    "In 1943 the Pellani were rounded up, herded onto trains and killed.",
    "The Orrin were exterminated in the war, the museum guide said.",
    "The Sarnians are not human rights lawyers.",
    "The regime showed no humanity to the Sarnians.",
    "The Sarnians have humanity and humour in equal measure.",
    "The killing of Sarnian farmers is the last thing Drenn needs.",
    "The Sarnians are not animals.",
    "The Sarnians are not vermin.",
    "Pellani are famous for their honey and their songs.",
    "German cockroaches were found in the Sarnian bakery.",
    "The regime had time to exterminate the Orrin, the museum guide said.",
    "The Kelmite is traditionally a fisherman.",
    "Those Apple products sold out in an hour.",
    "The city was purged of Kelmites in 1943, historians say.",
    "The nurses cleansed the ward of germs.",
    "The Drunaian quarter floods every spring, and the Drunaians are used to it.",
    "Teskari are proud of the harvest festival they hold each spring.",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_have_no_dehumanization_finding(text):
    assert _lens(text) == []


def test_a_victim_is_never_the_target_of_the_image_done_to_it():
    reported = _lens("The Pellani were herded like cattle onto the trains and killed.",
                     ["Pellani"])
    assert reported == []
    called = _lens("The Pellani should be herded like cattle onto the trains.", ["Pellani"])
    assert any(rule.startswith("animal_metaphor") for rule, _, _ in called)


def test_one_person_called_a_savage_is_not_a_group_but_savages_are():
    assert _lens("That savage stabbed a man on the Drenn bus.") == []
    assert [rule for rule, _, _ in _lens("Those savages stabbed a man on the Drenn bus.")] == [
        "animal_metaphor.name"]


def test_these_people_is_distancing_only_with_a_verdict_on_them():
    def rules(text: str) -> list[str]:
        return [f.rule or "" for f in othering(text, ["Orrin"])]

    assert "othering.distancing" in rules("The Orrin came. These people never change.")
    assert "othering.distancing" in rules("The Orrin came. These people live off the rest of us.")
    assert "othering.distancing" not in rules("The Orrin came. These people sang at the fair.")
    assert "othering.distancing" not in rules("The Orrin came. We sent food to these people.")


# --------------------------------------------------------------------------- conspiracy tropes

# (text, rule, the accused)
PLOTS = [
    ("A secret group is behind every price rise in Drenn.", "collective_blame", "secret group"),
    ("The Teskari workers are puppets of the Gallow Circle.", "puppets_of_the_group",
     "Gallow Circle"),
    ("The Gallow Circle is pulling the strings, and the Teskari workers are its pawns.",
     "pulling_the_strings", "Gallow Circle"),
    ("The Sarnian puppets on the council voted for the tax.", "puppets_of_the_group", "Sarnian"),
    ("It is Ostreva that decides whether our troops come home.", "decides_for_others",
     "Ostreva"),
    ("The Sarnians decide whether Valdora's troops come home.", "decides_for_others",
     "Sarnians"),
    ("Ostreva would never allow our soldiers to come home.", "would_never_allow", "Ostreva"),
    ("The media are controlled by the globalists.", "controlled_by_the_group", "globalists"),
    ("Our politicians take their orders from Ostreva.", "takes_orders_from_the_group",
     "Ostreva"),
    ("The government gets its marching orders from the Pellani.",
     "takes_orders_from_the_group", "Pellani"),
    ("The Sarnians control the banks, the media and the wars.", "they_control", "Sarnians"),
    ("The Pellani-controlled banks refused the loan.", "group_controlled", "Pellani"),
    ("The Sarnians are more loyal to Ostreva than to Valdora.", "dual_loyalty", "Sarnians"),
    ("The Kelmites run the courts, the police and the press.", "they_control", "Kelmites"),
    ("The collapse of the mills was no accident. The Ombrese planned it.", "no_accident",
     "Ombrese"),
    ("Every crime wave in Drenn can be traced back to the Orrin.",
     "every_ill_traced_to_the_group", "Orrin"),
]


@pytest.mark.parametrize(("text", "rule", "accused"), PLOTS)
def test_the_accused_is_the_hidden_hand_not_its_puppet(text, rule, accused):
    found = conspiracy_scapegoating(text)
    assert [f.rule for f in found] == [f"conspiracy_scapegoating.{rule}"]
    assert accused in (found[0].target or "")
    assert "Teskari" not in (found[0].target or "")


def test_a_code_word_with_an_ordinary_sense_is_explained_only_as_the_accused():
    (found,) = conspiracy_scapegoating("The media are controlled by the globalists.")
    assert "code word" in found.evidence and "Anti-Defamation League" in found.evidence
    assert conspiracy_scapegoating("The globalists met in Ostreva on Monday.") == []


def test_coded_words_and_the_echo_are_findings_with_their_sources():
    (code,) = conspiracy_scapegoating("Everyone on the forum blamed ZOG again.")
    assert code.rule == "conspiracy_scapegoating.coded_term" and code.text == "ZOG"
    assert "Anti-Defamation League" in code.evidence
    (echo,) = conspiracy_scapegoating("Look at what (((Vell))) wrote about the harvest.")
    assert echo.rule == "conspiracy_scapegoating.echo" and echo.text == "(((Vell)))"
    assert "echo" in echo.evidence
    assert conspiracy_scapegoating("The minister (who spoke (briefly (at noon))) left.") == []


NOT_PLOTS = [
    "Ostreva vetoed the resolution on Monday, officials said.",
    "Ostreva's foreign minister said his country would never allow the pipeline to cross its "
    "territory.",
    "Ostreva decides whether to join the alliance next month.",
    "Ostreva will decide whether Valdora's request for troops is accepted.",
    "An investigation found that the Farmers' Lobby spent two million on advertising.",
    "The bank decided to raise rates.",
    "The council will never allow parking here.",
    "Drenn Council will never allow parking on Mill Street.",
    "The Party's mouthpiece, the Drenn Herald, printed the speech.",
    "Police said a gang was behind the robberies in Merrow.",
    "Every tradition in Drenn goes back to the Orrin.",
    "The fire was no accident, police said. The Ombrese family lost everything.",
    "The family runs a bakery, a shop and the local press.",
    # orders from a chain of command, not a foreign hand over a country's leaders
    "The soldiers took orders from their commander.",
    "The ministers take orders from the prime minister.",
    "The unit received orders from Kestra City headquarters.",
]


@pytest.mark.parametrize("text", NOT_PLOTS)
def test_reports_of_power_and_decisions_are_not_conspiracy_tropes(text):
    assert conspiracy_scapegoating(text) == []


def test_a_named_group_is_reported_as_the_tool_it_is_cast_as():
    text = "The Gallow Circle used the Teskari as its tool."
    (named,) = conspiracy_scapegoating(text, ["Teskari"])
    assert named.target == "Teskari"
    (untold,) = conspiracy_scapegoating(text)
    assert "Gallow Circle" in (untold.target or "")


# --------------------------------------------------------------------------- groups found untold


def test_a_pronoun_with_two_groups_before_it_stands_for_neither():
    mentions = find_groups("The Pellani met the Orrin. They shouted.", ["Pellani", "Orrin"])
    assert [m.kind for m in mentions] == ["term", "term"]
    resolved = find_groups("The Pellani came down from the ridges. They farm the valleys.",
                           ["Pellani"])
    assert resolved[-1].antecedent == "Pellani"


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("We saw dem at the market.", 2, 3, False),  # an eye-dialect spelling
    ("The farm kept geese, hens and goats.", 3, 4, False),  # a common noun
    ("Congrats to everyone who came.", 0, 1, False),  # capitalised only by position
    ("The market was full of Sarnians on Monday.", 5, 6, True),
    ("Everyone in Drenn knows the Orrin.", 5, 6, True),  # a people's name after 'the'
    ("They spoke to a Somali in the square.", 4, 5, True),  # a listed demonym
    # opening the sentence, a name counts as the subject of a plural verb ...
    ("Sarnians are not people.", 0, 1, True),
    # ... not as a name that only opens the sentence ('Inzoli said', a singular verb)
    ("Sarnian said the harvest was late.", 0, 1, False),
    ("Every Sarnian in the square cheered.", 1, 2, True),  # one standing for all
])
def test_only_what_reads_as_a_peoples_name_is_a_group(text, start, end, expected):
    doc = to_doc(text)
    assert plausible_group_name(doc[start:end]) is expected


def test_generic_people_is_no_group():
    assert find_groups("People always forget their umbrellas in Drenn.") == []
    assert [m.text for m in find_groups("Sarnian people keep tidy gardens.")] == [
        "Sarnian people"]


# --------------------------------------------------------------------------- masking and notes


def test_every_coded_word_is_masked_on_screen_like_an_epithet():
    masker = Masker()
    for form in ("zog", "globalists", "khazarian mafia", "mud people"):
        assert form in default_terms() and form in masked_terms()
        assert form not in masker(f"They wrote {form} on the wall.")
    assert masker("Look at (((Vell)))!") == "Look at (•••••••••!"
    assert masker.count("Look at (((Vell))) and ZOG.") == 2
    assert Masker(revealed=True)("Look at (((Vell)))!") == "Look at (((Vell)))!"


def test_only_unambiguous_in_group_words_are_group_epithets():
    targets = epithet_targets()
    assert "muds" in targets and "globalists" not in targets and "zog" not in targets


def test_coded_terms_cite_published_sources_and_the_loader_checks_them():
    terms = coded_terms()
    assert terms.echo["sources"] and all(entry["sources"] for entry in terms.forms.values())
    assert all(source["url"].startswith("https://") for source in terms.sources.values())
    bad = {"version": 1, "content_note": "CONTENT NOTE: test data only.", "description": "x",
           "licence": "x", "sources": {"a": {"title": "A title", "publisher": "Pub",
                                             "url": "https://example.org"}},
           "echo": {"stands_for": "a group", "trope": "a made-up trope", "sources": ["a"]},
           "entries": [{"term": "sarnzog", "variants": ["sarnzog"], "stands_for": "Sarnians",
                        "kind": "coded", "ambiguous": False, "trope": "an invented code",
                        "sources": ["b"]}]}
    problems = check_data("coded_terms.json", bad, "coded_terms.schema.json",
                          check=_coded_rules)
    text = " ".join(str(p) for p in problems)
    assert "'b' is not in 'sources'" in text and "already listed" in text


def test_the_content_notes_say_real_codes_are_masked():
    assert "code words" in content_note_html("real") and "masked" in content_note_html("real")
    assert "triple parentheses" in content_note_html("strong")


def test_the_shipped_real_text_measure_is_what_the_course_quotes():
    measure = real_text_measure()
    assert measure is not None and measure.corpora["forum"]["items"] > 0
    assert measure.corpora["forum"]["labels"]["hate"] > 0
    assert f"{100 * (measure.forum_all['hate'] or 0):.1f}%" in measure.summary()
    assert "dehumanization.metaphor" in measure.detectors
    table = real_text_table_html(measure)
    assert "whole lens" in table and "<code>dehumanization.metaphor</code>" in table
