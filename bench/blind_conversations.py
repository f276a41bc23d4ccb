"""Blind whole conversations: how many reached their goal, as judged against the database.

The personas in ``bench/data/blind/conversations.yml`` were written by someone who never
saw the assistant. Evaluators who never saw its code or data play them live against the
running assistant (``python -m bench.chat``), check the database after the last turn
(``python -m bench.chat state``) and write what they found, turn labels included, to
``var/bench/blind_conversations_<player>.yml``. This adds them up and writes the
section of docs/benchmarks.md: ``python -m bench.blind_conversations [--write]``. A later round
with its own personas and results: ``--personas bench/data/blind/round3/conversations.yml
--results bench/data/blind/runs/2026-12-01-round3 --label round3`` (players' files there are
``conversations_players_*.yml``).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bench.report import machine, write_section
from bot.settings import REPO_ROOT

PERSONAS = REPO_ROOT / "bench" / "data" / "blind" / "conversations.yml"
RESULTS = REPO_ROOT / "var" / "bench"


def played(personas: Path = PERSONAS, results: Path = RESULTS) -> list[dict[str, Any]]:
    splits = {c["id"]: c["split"] for c in yaml.safe_load(personas.read_text())["conversations"]}
    found = []
    for path in sorted([*results.glob("blind_conversations_*.yml"), *results.glob("conversations_players_*.yml")]):
        for conversation in (yaml.safe_load(path.read_text()) or {}).get("conversations") or []:
            found.append({**conversation, "split": splits.get(conversation["id"], "?"), "player": path.stem[-2:]})
    return found


def summary(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    turns: Counter[str] = Counter(t.get("label", "?") for c in conversations for t in c.get("turns") or [])
    return {"conversations": len(conversations), "goal_reached": sum(bool(c.get("goal_reached"))
                                                                    for c in conversations),
            "turns": dict(turns)}


def write(by_split: dict[str, dict[str, Any]], personas: Path = PERSONAS, label: str = "") -> None:
    lines = [f"## Blind whole conversations{f' ({label})' if label else ''}", "",
             f"Personas written blind ({personas.relative_to(REPO_ROOT)}), played live over REST against the real "
             "servers by evaluators who never saw the code or the training data; the goal is judged from the "
             "database after the last turn (lead fields, booking day and time, handoff, consent, erasure). "
             f"Machine: {machine()}.", ""]
    for split, figures in by_split.items():
        turns = figures["turns"]
        total = sum(turns.values()) or 1
        lines.append(f"- {split} split: **{figures['goal_reached']}/{figures['conversations']} reached their goal**; "
                     f"turns {turns.get('good', 0)} good / {turns.get('weak', 0)} weak / {turns.get('bad', 0)} bad "
                     f"({turns.get('good', 0) / total:.0%} good).")
    write_section("blind-conversations" + (f"-{label}" if label else ""), "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--personas", type=Path, default=PERSONAS)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    personas = args.personas.resolve()
    conversations = played(personas, args.results.resolve())
    by_split = {split: summary([c for c in conversations if c["split"] == split]) for split in ("dev", "report")}
    by_split = {split: figures for split, figures in by_split.items() if figures["conversations"]}
    print(json.dumps(by_split, indent=1))
    if args.write:
        write(by_split, personas, args.label)


if __name__ == "__main__":
    main()
