"""The dehumanization lens's word lists: our own data files, validated once, cached.

Every list lives in ``data/lexicons/`` with a JSON schema in ``data/schemas/``, so an instructor
can extend a list and get an error that names the file, the entry, the field and the line when
it is wrong. The metaphor categories, their catalogue technique and the words an explanation
uses for each are data too (``dehumanizing_metaphors.json``), not Python tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, overload

from propaganda_lab.datafiles import DataFileError, check_data, load_json, load_lines, with_entry
from propaganda_lab.techniques import lens_of, technique_ids

METAPHOR_FILE = "data/lexicons/dehumanizing_metaphors.json"
_METAPHOR_SCHEMA = "dehumanizing_metaphors.schema.json"
_CUE_FIELDS = {
    "nouns": "noun",
    "verbs_agent": "verb_agent",
    "verbs_patient": "verb_patient",
    "adjectives": "adjective",
}
_WHERE = with_entry()

#: Kept name: the lens's lexicon errors are :class:`propaganda_lab.datafiles.DataFileError`.
LexiconError = DataFileError


@dataclass(frozen=True)
class Cue:
    """One metaphor cue: a lemma (maybe with a particle, 'live off'), its category and role."""

    lemma: str
    category: str
    kind: str  # "noun", "verb_agent", "verb_patient" or "adjective"

    @property
    def technique(self) -> str:
        return CATEGORY_TECHNIQUE[self.category]


@dataclass(frozen=True)
class MetaphorLexicon:
    """Cue lookups by part of speech; multiword verbs are keyed by their verb lemma."""

    nouns: dict[str, Cue]
    adjectives: dict[str, Cue]
    verbs: dict[str, tuple[Cue, ...]]
    descriptions: dict[str, str]
    dehumanization_kind: dict[str, str]
    #: Category -> technique id in the catalogue (the contract with the other lenses).
    techniques: dict[str, str]
    #: Category -> what the metaphor makes of people ("dirt or poison"), for explanations.
    images: dict[str, str]
    #: Liquid verbs that are a metaphor for people only with no object ("pour over the border").
    motion_only: frozenset[str] = frozenset()
    #: Verbs that are a metaphor only with no object ("they breed", not "they breed sheep").
    intransitive_only: frozenset[str] = frozenset()
    #: The words the parse links use besides the cues (``links`` in the file).
    links: LinkWords | None = None
    #: Denial-of-humanity phrases (``denied_humanity.patterns`` in the file).
    denied_humanity: tuple[dict[str, Any], ...] = ()

    def __len__(self) -> int:
        return len(self.nouns) + len(self.adjectives) + sum(len(v) for v in self.verbs.values())

    @cached_property
    def nouns_longest_first(self) -> tuple[tuple[str, Cue], ...]:
        """The noun cues, longest lemma first (a name holding an image word is read as the
        longest one it holds), sorted once rather than for every group mention."""
        return tuple(sorted(self.nouns.items(), key=lambda item: -len(item[0])))

    @cached_property
    def noun_rank(self) -> dict[str, int]:
        """Each noun cue's place in :attr:`nouns_longest_first`."""
        return {lemma: place for place, (lemma, _) in enumerate(self.nouns_longest_first)}


@dataclass(frozen=True)
class LinkWords:
    """What the metaphor links read besides the cues (see ``links.description`` in the file):
    words allowed between 'are' and a cue noun, signs that a cue noun names people, idioms
    and praise that are not dehumanizing, and verbs that report what others do to a group."""

    expletives: frozenset[str]
    comparison_words: frozenset[str]
    filler_nouns: frozenset[str]
    with_verbs: frozenset[str]
    hyphen_suffixes: dict[str, str]
    person_nouns: frozenset[str]
    kind_nouns: frozenset[str]
    group_modifiers: frozenset[str]
    colour_modifiers: frozenset[str]
    human_acts: frozenset[str]
    idioms: frozenset[str]
    praise_nouns: frozenset[str]
    praise_context: frozenset[str]
    report_verbs: frozenset[str]
    collective_nouns: frozenset[str]
    military_nouns: frozenset[str]
    controlled_nouns: frozenset[str]
    literal_objects: frozenset[str]
    spaced_prefixes: frozenset[str]
    human_patient_acts: frozenset[str]
    dwelling_nouns: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LinkWords:
        values: dict[str, Any] = {
            name: dict(data[name]) if name == "hyphen_suffixes" else frozenset(data[name])
            for name in cls.__dataclass_fields__}
        return cls(**values)


class _CategoryTechnique(Mapping[str, str]):
    """Metaphor category -> technique id, read from the lexicon file on first use."""

    def __getitem__(self, category: str) -> str:
        return metaphor_lexicon().techniques[category]

    def __iter__(self) -> Iterator[str]:
        return iter(metaphor_lexicon().techniques)

    def __len__(self) -> int:
        return len(metaphor_lexicon().techniques)

    def __repr__(self) -> str:
        return repr(metaphor_lexicon().techniques)


class _Categories(Sequence[str]):
    """The metaphor categories in file order, read from the lexicon file on first use."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return tuple(metaphor_lexicon().techniques)[index]

    def __iter__(self) -> Iterator[str]:
        return iter(metaphor_lexicon().techniques)

    def __len__(self) -> int:
        return len(metaphor_lexicon().techniques)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


#: Metaphor category -> technique id (from ``dehumanizing_metaphors.json``; loads on first use).
CATEGORY_TECHNIQUE: Mapping[str, str] = _CategoryTechnique()
#: The metaphor categories in file order (loads on first use).
CATEGORIES: Sequence[str] = _Categories()


def _metaphor_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    """What the schema cannot say: catalogue technique ids, and no cue listed twice."""
    known = technique_ids()
    seen: dict[tuple[str, str], str] = {}
    for category, entry in data["categories"].items():
        technique = entry["technique"]
        if technique not in known:
            yield ["categories", category, "technique"], f"{technique!r} is not a technique id"
        elif lens_of(technique) != "dehumanization":
            yield (
                ["categories", category, "technique"],
                f"{technique!r} belongs to the {lens_of(technique)} lens, not dehumanization",
            )
        for field in _CUE_FIELDS:
            for index, lemma in enumerate(entry[field]):
                key = (field, lemma)
                if key in seen:
                    yield (
                        ["categories", category, field, index],
                        f"already listed under {seen[key]}",
                    )
                else:
                    seen[key] = f"categories.{category}.{field}"
    for suffix, category in data.get("links", {}).get("hyphen_suffixes", {}).items():
        if category not in data["categories"]:
            yield ["links", "hyphen_suffixes", suffix], f"{category!r} is not a category"


def _index(data: Any) -> MetaphorLexicon:
    nouns: dict[str, Cue] = {}
    adjectives: dict[str, Cue] = {}
    verbs: dict[str, list[Cue]] = {}
    for category, entry in data["categories"].items():
        for field in _CUE_FIELDS:
            for lemma in entry[field]:
                cue = Cue(lemma, category, _CUE_FIELDS[field])
                if field == "nouns":
                    nouns[lemma] = cue
                elif field == "adjectives":
                    adjectives[lemma] = cue
                else:
                    verbs.setdefault(lemma.split()[0], []).append(cue)
    categories = data["categories"]
    return MetaphorLexicon(
        nouns=nouns,
        adjectives=adjectives,
        verbs={verb: tuple(cues) for verb, cues in verbs.items()},
        descriptions={c: e["description"] for c, e in categories.items()},
        dehumanization_kind={c: e["dehumanization"] for c, e in categories.items()},
        techniques={c: e["technique"] for c, e in categories.items()},
        images={c: e.get("image", c.replace("_", " ")) for c, e in categories.items()},
        motion_only=frozenset(data.get("motion_only_verbs", ())),
        intransitive_only=frozenset(data.get("intransitive_only_verbs", ())),
        links=LinkWords.from_data(data["links"]) if "links" in data else None,
        denied_humanity=tuple(data.get("denied_humanity", {}).get("patterns", ())),
    )


def validate_metaphor_data(data: Any, name: str = "dehumanizing_metaphors.json") -> MetaphorLexicon:
    """Check metaphor data (schema, catalogue technique ids, duplicates) and index it.

    Raises :class:`LexiconError` listing every problem (no line numbers: only the data is known;
    :func:`metaphor_lexicon` reports lines for the packaged file).
    """
    problems = check_data(name, data, _METAPHOR_SCHEMA, check=_metaphor_rules, where=_WHERE)
    if problems:
        raise LexiconError(name, problems)
    return _index(data)


@lru_cache(maxsize=1)
def metaphor_lexicon() -> MetaphorLexicon:
    """The packaged metaphor cues (at least 250 lemmas across nine categories)."""
    return _index(load_json(METAPHOR_FILE, _METAPHOR_SCHEMA, check=_metaphor_rules, where=_WHERE))


#: Image categories whose nouns can name people when a sign says so ('those animals voted',
#: 'these Hask parasites'); the others are images of a group, never names for it.
NAME_IMAGES = frozenset({"vermin", "animal", "parasite", "subhuman", "contamination"})

_NO_LINK_WORDS = LinkWords.from_data(
    {name: {} if name == "hyphen_suffixes" else () for name in LinkWords.__dataclass_fields__})


def link_words() -> LinkWords:
    """The packaged link words (empty lists when a file without ``links`` is loaded)."""
    return metaphor_lexicon().links or _NO_LINK_WORDS


@dataclass(frozen=True)
class GroupWords:
    people_nouns: frozenset[str]
    deictic_phrases: tuple[str, ...]
    quantifiers: frozenset[str]
    collective_in: frozenset[str]
    demonyms: frozenset[str] = frozenset()
    demonym_suffixes: tuple[str, ...] = ()
    #: Eye-dialect spellings put in someone's mouth ('dem', 'dat'): never a group's name.
    dialect_spellings: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def group_words() -> GroupWords:
    """Nouns for groups of people, distancing phrases and dehumanizing quantifiers."""
    data = load_json("data/lexicons/group_nouns.json", "group_nouns.schema.json", where=_WHERE)
    mock = load_json("data/lexicons/mock_speech.json", "mock_speech.schema.json", where=_WHERE)
    return GroupWords(
        people_nouns=frozenset(data["people_nouns"]),
        deictic_phrases=tuple(data["deictic_phrases"]),
        quantifiers=frozenset(data["quantifiers"]),
        collective_in=frozenset(data["collective_in"]),
        demonyms=frozenset(data.get("demonyms", ())),
        demonym_suffixes=tuple(data.get("demonym_suffixes", ())),
        dialect_spellings=frozenset(w.lower() for w in mock["dialect_spellings"]),
    )


@lru_cache(maxsize=1)
def disgust_words() -> frozenset[str]:
    """Words that invite revulsion (moral disgust)."""
    data = load_json("data/lexicons/moral_disgust.json", "moral_disgust.schema.json", where=_WHERE)
    return frozenset(data["words"])


@lru_cache(maxsize=1)
def negative_valence() -> dict[str, float]:
    """Our own negative-evaluation list: word -> score from -1 (mild) to -3 (severe)."""
    data = load_json(
        "data/lexicons/negative_valence.json", "negative_valence.schema.json", where=_WHERE
    )
    return dict(data["words"])


@dataclass(frozen=True)
class AgencyWords:
    """Denial-of-agency cues: cargo/livestock verbs, verbs that are never denial, mind patterns."""

    handling: dict[str, tuple[str | None, ...]]  # verb lemma -> required particles (None: none)
    not_denial: dict[str, str]  # verb lemma -> class ("care", "legal", ...)
    care_context: frozenset[str]
    livestock_places: frozenset[str]
    mindless: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def agency_words() -> AgencyWords:
    """The packaged denial-of-agency cues (``data/lexicons/agency_denial.json``)."""
    data = load_json("data/lexicons/agency_denial.json", "agency_denial.schema.json",
                     where=_WHERE)
    handling: dict[str, list[str | None]] = {}
    for entry in data["handling_verbs"]:
        verb, _, particle = entry.partition(" ")
        handling.setdefault(verb, []).append(particle or None)
    not_denial = {verb: kind for kind, verbs in data["not_denial"].items() for verb in verbs}
    return AgencyWords({v: tuple(p) for v, p in handling.items()}, not_denial,
                       frozenset(data["care_context"]), frozenset(data["livestock_places"]),
                       tuple(data["mindless_patterns"]))



@lru_cache(maxsize=1)
def real_epithets() -> dict[str, dict[str, Any]]:
    """Real-world epithets (``data/lexicons/real_epithets.json``, content note inside): every
    form (term and variants) -> its entry (term, target group, status, source of the status)."""
    data = load_json("data/lexicons/real_epithets.json", "real_epithets.schema.json")
    forms: dict[str, dict[str, Any]] = {}
    for entry in data["entries"]:
        for form in (entry["term"], *entry["variants"]):
            forms[form.lower()] = dict(entry)
    return forms


def _coded_rules(data: Any) -> Iterator[tuple[list[Any], str]]:
    """What the schema cannot say: every cited source is listed, no form is listed twice."""
    known = set(data["sources"])
    for index, source in enumerate(data["echo"]["sources"]):
        if source not in known:
            yield ["echo", "sources", index], f"{source!r} is not in 'sources'"
    seen: dict[str, int] = {}
    for number, entry in enumerate(data["entries"]):
        for index, source in enumerate(entry["sources"]):
            if source not in known:
                yield ["entries", number, "sources", index], f"{source!r} is not in 'sources'"
        for form in (entry["term"], *entry["variants"]):
            if form in seen:
                yield ["entries", number, "term"], \
                    f"{form!r} is already listed (entry {seen[form]})"
            seen.setdefault(form, number)


@dataclass(frozen=True)
class CodedTerms:
    """Coded words of conspiracy and hate talk (``coded_terms.json``, content note inside):
    every form -> its entry (term, stands_for, kind, ambiguous, trope, sources), the echo
    symbol's entry, and the sources by id."""

    forms: dict[str, dict[str, Any]]
    echo: dict[str, Any]
    sources: dict[str, dict[str, str]]

    def cite(self, entry: dict[str, Any]) -> str:
        """The entry's sources as a short reader's citation ('ADL; IHRA, 2016')."""
        return "; ".join(dict.fromkeys(
            self.sources[source]["publisher"].split(",")[0] for source in entry["sources"]))


@lru_cache(maxsize=1)
def coded_terms() -> CodedTerms:
    """The packaged coded words, validated (schema, cited sources, no form twice)."""
    data = load_json("data/lexicons/coded_terms.json", "coded_terms.schema.json",
                     check=_coded_rules, where=_WHERE)
    forms: dict[str, dict[str, Any]] = {}
    for entry in data["entries"]:
        for form in (entry["term"], *entry["variants"]):
            forms[form.lower()] = dict(entry)
    return CodedTerms(forms, dict(data["echo"]), dict(data["sources"]))


@lru_cache(maxsize=1)
def _epithet_targets() -> dict[str, str | None]:
    records = load_lines("data/lexicons/epithets.txt", "epithets.schema.json")
    targets = {record["term"].lower(): record.get("target") for record in records}
    for form, entry in real_epithets().items():
        targets.setdefault(form, entry["target"])
    for form, entry in coded_terms().forms.items():  # a hate movement's word for its targets
        if entry["kind"] == "in_group" and not entry["ambiguous"] and " " not in form:
            targets.setdefault(form, entry["stands_for"])
    return targets


@lru_cache(maxsize=1)
def _masked_terms() -> dict[str, str | None]:
    terms = dict(_epithet_targets())
    for form, entry in coded_terms().forms.items():
        terms.setdefault(form, entry["stands_for"])
    return terms


def masked_terms() -> dict[str, str | None]:
    """Every word a display masks by default -> the group it is aimed at: the epithets
    (``epithet_targets``) and every coded word of ``coded_terms.json``, ambiguous ones
    included ('globalists'), so a code is never the biggest thing on a learner's screen."""
    return dict(_masked_terms())


def epithet_targets() -> dict[str, str | None]:
    """Every epithet the analysis knows -> the group it is aimed at (None if not said): the
    invented ones of ``epithets.txt`` and the documented real-world ones. Only these lexicon
    files count, so what ``analyze()`` finds never depends on which teaching cases are
    installed (an instructor adds an epithet to their own ``lexicons/epithets.txt``)."""
    return dict(_epithet_targets())
