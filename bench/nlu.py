"""NLU benchmark: 5-fold cross-validation on the training data, and two held-out sets never trained on.

* ``bench/data/heldout_nlu.yml`` (development set): never trained on, but its
  category-level errors guided later rounds of training data, so it is
  optimistic.
* ``bench/data/explore_nlu.yml`` (second development set, 429 messages): written
  blind by someone who saw neither the training data nor the other sets; its
  errors guided the second round (greetings glued to questions, statements,
  explicit requests), so it is optimistic too.
* ``bench/data/test_nlu.yml`` (test set): written afterwards by someone who saw
  neither the training data nor the development set, and used for nothing but
  this report. Its figure is the honest one.

Reports intent and response-selector macro-F1, a per-intent table, the most
confused pairs and how many out-of-scope messages are recognised. Writes the
"nlu" section of docs/benchmarks.md.  Run: ``make bench-nlu`` (add
``--skip-cv`` for the held-out sets only).
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

HELD_OUT = {"development set": REPO_ROOT / "bench" / "data" / "heldout_nlu.yml",
            "second development set": REPO_ROOT / "bench" / "data" / "explore_nlu.yml",
            "test set": REPO_ROOT / "bench" / "data" / "test_nlu.yml"}


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


def held_out(work: Path, data: Path) -> dict:
    """Scores of the trained model (trained first if the data changed) on one held-out file."""
    train()
    out = work / data.stem
    _rasa("test", "nlu", "--model", str(model_path()), "--nlu", str(data), "--out", str(out), "--no-plot")
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
    lines = ["## NLU (`make bench-nlu`)", "", f"Machine: {machine()}", "",
             "Goals: macro-F1 ≥ 0.95 on held-out messages, ≥ 90 % of out-of-scope messages recognised.", ""]
    for name, data in HELD_OUT.items():
        if data.exists():
            lines += _table(f"Held-out {name} ({data.relative_to(REPO_ROOT)}, never trained on)",
                            held_out(work, data))
    if "--skip-cv" not in sys.argv:
        lines += _table("5-fold cross-validation on bot/data/nlu", cross_validation(work))
    write_section("nlu", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
