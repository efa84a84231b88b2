"""Blind hand judging: packets a judge can read without seeing the rule or any confidence.

A judge gets, for each flag, only what a careful reader needs: the words in their context
(the flag marked with ⟦ ⟧) and the claim, the technique's name and definition from the
catalogue, and for a finding about a group or a speaker, who it is said to be about. The judge
never sees the rule that fired, the detector's explanation (it names the lexicon entry or the
rule) or the confidence, and items come in a seeded random order. A second judge gets a shared
subset, judged independently, for Cohen's kappa.

Packets and the key that maps items back to flags hold corpus text, so they are written to a
scratch folder outside the repository; only the verdicts come back into
``benchmarks/judgments/`` as offsets, a verdict and the judge's one-line reason.

    python benchmarks/real_text.py ... --blind-sample 10 --packets /tmp/judging
    (judges write /tmp/judging/verdicts_<judge>.jsonl)
    python benchmarks/judging.py import /tmp/judging benchmarks/judgments/blind_round_a.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: What every judge reads before judging (the same for all of them).
INSTRUCTIONS = """\
You judge flags that a propaganda-analysis tool raised on real text (propaganda articles,
mainstream news reports, forum and social-media posts). For each item you see the text around
the flag, with the flagged words marked ⟦like this⟧, and the tool's claim: the technique it
says those words show (name and definition) and, when given, who the words are said about.

Verdict "right" when a careful media-literacy teacher, reading the context, would agree that
the marked words are an instance of the claimed technique, used by the author or by someone the
text quotes (a quoted speaker's loaded word is still loaded language), and worth pointing out
to a learner as that technique. If a target is given, the words must really be about that
target.

Verdict "wrong" when the words are used literally or neutrally (a real flood, a disease, a
sports 'beast'), plainly report facts or someone's words without the claimed effect, show a
different technique than the one claimed, are about someone else than the target given, are
negated or denied in context, or the flag is too vague to point at anything.

Judge strictly and on the words in front of you; do not guess what the tool meant. Write one
line of reason in your own words (never copy the text), e.g. "literal: an actual swarm of bees"
or "group called vermin: animal metaphor for people".
"""


def scratch_folder(path: Path) -> Path:
    """Refuse a folder inside the repository: packets quote the corpora."""
    resolved = path.resolve()
    if resolved.is_relative_to(ROOT):
        raise SystemExit(f"{path} is inside the repository; packets quote the corpora and "
                         "must go to a scratch folder (e.g. /tmp/judging)")
    resolved.mkdir(parents=True, exist_ok=True)
    return resolved


def context(text: str, start: int, end: int, before: int = 360, after: int = 260) -> str:
    """The flag in its surroundings, cut at whitespace, marked with ⟦ ⟧."""
    left = max(0, start - before)
    while 0 < left < start and not text[left - 1].isspace():
        left += 1
    right = min(len(text), end + after)
    while end < right < len(text) and not text[right].isspace():
        right -= 1
    return (("… " if left else "") + text[left:start] + "⟦" + text[start:end] + "⟧"
            + text[end:right] + (" …" if right < len(text) else ""))


def claim(technique: str, target: str | None) -> dict[str, str]:
    """What the tool claims, in the catalogue's words (never the rule or its explanation)."""
    from propaganda_lab.techniques import get_technique

    entry = get_technique(technique)
    found = {"technique": entry.name, "definition": entry.definition}
    if target:
        found["said_about"] = target
    return found


def write_packets(items: Sequence[dict[str, Any]], folder: Path, judges: Sequence[str],
                  shared: int, seed: int) -> None:
    """Split ``items`` (each with corpus, doc_id, start, end, technique, rule, text, target)
    between ``judges``; the first ``shared`` items go to the first two judges both. Writes
    ``packet_<judge>.jsonl``, ``instructions.txt`` and the private ``key.jsonl``."""
    folder = scratch_folder(folder)
    rng = random.Random(seed)
    order = list(items)
    rng.shuffle(order)
    packets: dict[str, list[dict[str, Any]]] = {judge: [] for judge in judges}
    key = []
    for number, item in enumerate(order):
        item_id = f"i{number:05d}"
        key.append({"item": item_id, **{k: item[k] for k in (
            "corpus", "doc_id", "start", "end", "technique", "rule")}})
        entry = {"item": item_id,
                 "context": context(item["text"], item["start"], item["end"]),
                 "claim": claim(item["technique"], item.get("target"))}
        if number < shared and len(judges) > 1:
            packets[judges[0]].append(entry)
            packets[judges[1]].append(entry)
        else:
            packets[judges[number % len(judges)]].append(entry)
    for judge, entries in packets.items():
        rng.shuffle(entries)  # the shared items are not all at the start
        with (folder / f"packet_{judge}.jsonl").open("w", encoding="utf-8") as handle:
            for entry in entries:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    (folder / "key.jsonl").write_text(
        "".join(json.dumps(k) + "\n" for k in key), encoding="utf-8")
    (folder / "instructions.txt").write_text(INSTRUCTIONS, encoding="utf-8")
    print(f"wrote {len(order)} items for {len(judges)} judges ({shared} shared) to {folder}",
          file=sys.stderr)


#: A reason sharing this many consecutive words with the judged text quotes it: dropped.
QUOTED_WORDS = 5


def _quotes_text(reason: str, text: str) -> bool:
    """Whether a judge's reason copies a run of words from the text it judged (judgments are
    stored in the repository; the corpora must never be)."""
    def grams(value: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z0-9']+", value.lower())
        return {tuple(words[i:i + QUOTED_WORDS]) for i in range(len(words) - QUOTED_WORDS + 1)}
    return bool(grams(reason) & grams(text))


def import_verdicts(folder: Path, output: Path, round_name: str) -> int:
    """Join every ``verdicts_<judge>.jsonl`` with the key into stored judgments (a reason
    that quotes the judged text is replaced by a note: the corpora never enter the repo)."""
    key = {k["item"]: k for k in map(json.loads, (folder / "key.jsonl").read_text(
        encoding="utf-8").splitlines()) if k}
    contexts = {}
    for packet in folder.glob("packet_*.jsonl"):
        for raw in packet.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                entry = json.loads(raw)
                contexts[entry["item"]] = entry["context"]
    lines = []
    for path in sorted(folder.glob("verdicts_*.jsonl")):
        judge = path.stem.removeprefix("verdicts_")
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            verdict = json.loads(raw)
            if verdict.get("verdict") not in ("right", "wrong"):
                raise SystemExit(f"{path}:{number}: verdict must be right or wrong")
            where = key[verdict["item"]]
            reason = " ".join(str(verdict.get("reason", "")).split())[:200]
            if _quotes_text(reason, contexts.get(verdict["item"], "")):
                reason = "(the judge's reason quoted the text, so it is not stored)"
            lines.append(json.dumps({
                "corpus": where["corpus"], "doc_id": where["doc_id"], "start": where["start"],
                "end": where["end"], "technique": where["technique"],
                "rule_at_judging": where["rule"], "verdict": verdict["verdict"],
                "reason": reason,
                "blind": True, "judge": judge, "round": round_name,
            }, ensure_ascii=False))
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} blind judgments to {output}", file=sys.stderr)
    return len(lines)


def cohen_kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Agreement of two judges beyond chance on the same items (None when undefined)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = sum(a for a, _ in pairs) / n
    second = sum(b for _, b in pairs) / n
    expected = first * second + (1 - first) * (1 - second)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    imported = commands.add_parser("import", help="store the judges' verdicts as judgments")
    imported.add_argument("folder", type=Path)
    imported.add_argument("output", type=Path)
    imported.add_argument("--round", default="a")
    args = parser.parse_args(argv)
    if args.command == "import":
        import_verdicts(args.folder, args.output, args.round)


if __name__ == "__main__":
    main()
