"""NLU benchmark: 5-fold cross-validation on the training data, and a held-out set never trained on.

Reports intent and response-selector macro-F1, a per-intent table, the most
confused pairs and how many out-of-scope messages are recognised. Writes the
"nlu" section of docs/benchmarks.md.  Run: ``make bench-nlu`` (add
``--skip-cv`` for the held-out part only).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.report import machine, write_section
from bot.launcher.paths import RASA_BIN, model_path
from bot.launcher.train import train
from bot.settings import REPO_ROOT

HELD_OUT = REPO_ROOT / "bench" / "data" / "heldout_nlu.yml"


def _rasa(*args: str) -> None:
    subprocess.run([str(RASA_BIN / "rasa"), *args], cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
                        "SQLALCHEMY_SILENCE_UBER_WARNING": "1"})


def _load(out: Path, name: str) -> dict:
    path = out / name
    return json.loads(path.read_text()) if path.exists() else {}


def _summary(out: Path) -> dict:
    intents = _load(out, "intent_report.json")
    responses = _load(out, "response_selection_report.json")
    errors = json.loads((out / "intent_errors.json").read_text()) if (out / "intent_errors.json").exists() else []
    confused = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    return {"intent_f1": intents.get("macro avg", {}).get("f1-score", 0.0),
            "response_f1": responses.get("macro avg", {}).get("f1-score", 0.0),
            "per_intent": {k: v for k, v in intents.items() if isinstance(v, dict) and "support" in v
                           and k not in ("macro avg", "weighted avg", "micro avg")},
            "per_response": {k: v for k, v in responses.items() if isinstance(v, dict) and "support" in v
                             and k not in ("macro avg", "weighted avg", "micro avg")},
            "confused": confused.most_common(8),
            "oos_recall": intents.get("out_of_scope", {}).get("recall", 0.0)}


def held_out(work: Path) -> dict:
    train()
    out = work / "heldout"
    _rasa("test", "nlu", "--model", str(model_path()), "--nlu", str(HELD_OUT), "--out", str(out),
          "--no-plot")
    return _summary(out)


def cross_validation(work: Path) -> dict:
    out = work / "cv"
    _rasa("test", "nlu", "--nlu", "bot/data/nlu", "--config", "config.yml", "--cross-validation", "--folds", "5",
          "--out", str(out), "--no-plot")
    return _summary(out)


def _table(title: str, summary: dict) -> list[str]:
    lines = [f"### {title}", "",
             f"Intent macro-F1 **{summary['intent_f1']:.3f}**, response-selector (FAQ topic) macro-F1 "
             f"**{summary['response_f1']:.3f}**, out-of-scope recognised **{summary['oos_recall']:.0%}**.", ""]
    lines += ["| intent / FAQ topic | precision | recall | F1 | n |", "|---|---|---|---|---|"]
    rows = {**summary["per_intent"], **{k: v for k, v in summary["per_response"].items()}}
    for name, r in sorted(rows.items(), key=lambda kv: kv[1].get("f1-score", 0)):
        lines.append(f"| {name} | {r['precision']:.2f} | {r['recall']:.2f} | {r['f1-score']:.2f} | {r['support']} |")
    if summary["confused"]:
        lines += ["", "Most confused (true → predicted, count): " +
                  "; ".join(f"{a} → {b} ({n})" for (a, b), n in summary["confused"])]
    return lines + [""]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-nlu-"))
    sections = [held_out(work)]
    if "--skip-cv" not in sys.argv:
        sections.append(cross_validation(work))
    lines = ["## NLU (`make bench-nlu`)", "", f"Machine: {machine()}", "",
             "Goals: macro-F1 ≥ 0.95 on the held-out set, ≥ 90 % of out-of-scope messages recognised.", ""]
    lines += _table("Held-out set (bench/data/heldout_nlu.yml, never trained on)", sections[0])
    if len(sections) > 1:
        lines += _table("5-fold cross-validation on bot/data/nlu", sections[1])
    write_section("nlu", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
