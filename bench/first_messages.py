"""Blind first messages over the real servers: what each got back, and an automatic first check.

``bench/data/blind/first_messages.yml`` was written by someone who never saw the
training data, the tests or earlier sets, with the expected outcome beside each
message. This starts the real Rasa, action and web servers (as the conversation
tests do), sends every message as a new visitor over REST, and records the replies
and the responses sent (``utter_action`` in the tracker store), the route and the
parts the NLU found. The record (``var/bench/first_messages.json``) is what the
rubric judgement reads (``../shared/docs/conversation-rubric.md``).

The automatic check is a proxy, not the rubric: it asks whether each expected
topic got its answer, whether a clear question got a menu, whether an urgent
sign got the doctor message. Run: ``python -m bench.first_messages [--split dev|report|all]``;
``--judged FILE`` adds the rubric labels (``id: good|weak|bad``) written by a judge who
never saw the training data, and ``--write`` puts the figures in docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import text as sql

from bench.report import machine, write_section
from bot.settings import REPO_ROOT
from tests.harness import Assistant, start_assistant

SET = REPO_ROOT / "bench" / "data" / "blind" / "first_messages.yml"
OUT = REPO_ROOT / "var" / "bench" / "first_messages.json"
#: the writer's topic names -> the responses that answer them (any one counts)
ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "what_is": ("utter_faq/what_is", "utter_faq/vs_cosmetic", "utter_faq/process"),
    "scar": ("utter_faq/scars", "utter_guidance_scar", "utter_price_scar", "utter_note_young_scar",
             "utter_note_young_burn", "utter_note_still_healing"),
    "stretch_marks": ("utter_faq/stretch_marks", "utter_guidance_stretch_marks", "utter_price_stretch_marks"),
    "scalp_smp": ("utter_faq/scalp", "utter_faq/hair_growth", "utter_guidance_scalp", "utter_price_scalp"),
    "vitiligo": ("utter_faq/vitiligo", "utter_guidance_vitiligo", "utter_price_vitiligo",
                 "utter_note_vitiligo_spreading"),
    "areola": ("utter_faq/areola", "utter_guidance_areola", "utter_price_areola", "utter_price_areola_both"),
    "candidacy": ("utter_faq/suitability", "utter_faq/contraindications", "utter_guidance_", "utter_note_",
                  "utter_faq/scars", "utter_faq/stretch_marks", "utter_faq/vitiligo", "utter_faq/areola",
                  "utter_faq/scalp"),
    "pain": ("utter_faq/pain",),
    "session_count": ("utter_faq/sessions",),
    "session_length": ("utter_faq/process", "utter_faq/sessions"),
    "healing_aftercare": ("utter_faq/aftercare",),
    "results_duration": ("utter_faq/permanence", "utter_faq/touch_ups", "utter_faq/results"),
    "permanence": ("utter_faq/permanence", "utter_faq/touch_ups"),
    "colour_match": ("utter_faq/colour_matching",),
    "skin_types": ("utter_faq/colour_matching", "utter_faq/suitability"),
    "risks_side_effects": ("utter_faq/risks",),
    "price": ("utter_faq/price", "utter_price_"),
    "payment_insurance": ("utter_faq/payment",),
    "hours": ("utter_faq/hours",),
    "location": ("utter_faq/location",),
    "contact": ("utter_faq/contact",),
    "practitioner": ("utter_faq/practitioner",),
    "photos_results": ("utter_faq/photos", "utter_faq/results"),
    "consultation": ("utter_faq/consultation", "utter_brief_consultation", "utter_faq/process", "utter_offer_booking", "utter_faq/price", "booking"),
    "booking": ("booking",),
    "waiting_period": ("utter_faq/healing_wait", "utter_guidance_", "utter_note_young_scar", "utter_note_young_burn",
                       "utter_note_still_healing", "utter_note_radiotherapy"),
    "pregnancy_breastfeeding": ("utter_note_pregnant", "utter_note_breastfeeding", "utter_faq/contraindications"),
    "medication": ("utter_note_blood_thinners", "utter_note_isotretinoin", "utter_faq/contraindications"),
    "keloids": ("utter_note_keloid", "utter_faq/contraindications"),
    "radiotherapy": ("utter_note_radiotherapy", "utter_faq/areola", "utter_guidance_areola"),
    "age_minimum": ("utter_note_minor",),
    "privacy_erasure": ("utter_faq/privacy", "erasure"),
    "human_handoff": ("handoff", "utter_offer_person"),
    "urgent_doctor": ("utter_urgent_",),
    "out_of_scope": ("utter_out_of_scope",),
    "other_language": ("utter_other_language",),
    "greeting": ("utter_greet",),
    "complaint": ("utter_ack_complaint", "handoff"),
}
#: actions that show what happened when no response key says it
ACTION_MARKS = {"action_start_booking": "booking", "booking_contact_form": "booking", "booking_form": "booking",
                "action_human_handoff": "handoff", "handoff_contact_form": "handoff",
                "action_confirm_erasure": "erasure", "action_clarify": "menu"}


def sent(assistant: Assistant, sender: str) -> tuple[list[str], list[str], dict[str, Any]]:
    """(responses sent, actions run, parse data of the visitor's message) from the tracker store."""
    responses, actions, parse = [], [], {}
    with assistant.tracker_db.connect() as conn:
        rows = conn.execute(sql("SELECT type_name, action_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                            {"s": sender}).all()
    for type_name, action, data in rows:
        event = json.loads(data or "{}")
        if type_name == "bot" and (event.get("metadata") or {}).get("utter_action"):
            responses.append(event["metadata"]["utter_action"])
        elif type_name == "action" and action and action not in ("action_listen", "action_session_start"):
            actions.append(action)
        elif type_name == "user":
            parse = event.get("parse_data") or {}
    return responses, actions, parse


def main_pattern(pattern: Any) -> str:
    """A message's pattern, or the first of several (``[story, own_case]``)."""
    if isinstance(pattern, (list, tuple)):
        return str(pattern[0]) if pattern else "other"
    return str(pattern or "other")


def check(expect: dict[str, Any], responses: list[str], actions: list[str]) -> dict[str, Any]:
    # a short form answers its topic as the full answer does
    marks = [r.replace("utter_brief_", "utter_faq/") for r in responses] + \
        [ACTION_MARKS[a] for a in actions if a in ACTION_MARKS]
    missing = [t for t in expect.get("topics") or []
               if not any(m.startswith(p) for p in ANSWERED_BY.get(t, (t,)) for m in marks)]
    menu = "menu" in marks
    return {"missing": missing, "menu": menu, "menu_wrong": menu and not expect.get("menu_ok"),
            "ok": not missing and not (menu and not expect.get("menu_ok"))}


def run(split: str, model: Path | None = None, messages: Path = SET, out: Path = OUT) -> dict[str, Any]:
    data = yaml.safe_load(messages.read_text())["messages"]
    chosen = [m for m in data if split == "all" or m.get("split") == split]
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for assistant in start_assistant("sqlite", Path(workdir), model=model):
            for message in chosen:
                sender = f"blind-{message['id']}-{uuid.uuid4().hex[:6]}"
                replies = assistant.post_rest(sender, message["text"])
                responses, actions, parse = sent(assistant, sender)
                results.append({**message, "replies": [{"text": r.get("text"), "buttons": [
                    b.get("title") for b in r.get("buttons") or []]} for r in replies],
                    "responses": responses, "actions": actions, "intent": (parse.get("intent") or {}).get("name"),
                    "parts": [(p.get("text"), p.get("intent"), p.get("topic"), p.get("topic_confidence"))
                              for p in (parse.get("understanding") or {}).get("parts") or []],
                    "check": check(message.get("expect") or {}, responses, actions)})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return summarise(results)


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_pattern: dict[str, Counter[str]] = defaultdict(Counter)
    for r in results:
        pattern = main_pattern(r.get("pattern"))
        by_pattern[pattern]["all"] += 1
        by_pattern[pattern]["ok"] += r["check"]["ok"]
    clear = [r for r in results if not (r.get("expect") or {}).get("menu_ok")]
    return {"messages": len(results), "ok": sum(r["check"]["ok"] for r in results),
            "clear_questions": len(clear), "menus_on_clear": sum(r["check"]["menu"] for r in clear),
            "by_pattern": {p: f"{c['ok']}/{c['all']}" for p, c in sorted(by_pattern.items())}}


def judged_summary(results: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """Shares by the rubric's labels (only ``good`` counts as answered well)."""
    rows = [r for r in results if r["id"] in labels]
    good = sum(labels[r["id"]] == "good" for r in rows)
    weak = sum(labels[r["id"]] == "weak" for r in rows)
    clear = [r for r in rows if not (r.get("expect") or {}).get("menu_ok")]
    return {"judged": len(rows), "good": good, "weak": weak, "bad": len(rows) - good - weak,
            "clear": len(clear), "menus_on_clear": sum(r["check"]["menu"] for r in clear)}


def write_report(split: str, auto: dict[str, Any], judged: dict[str, Any] | None, messages: Path = SET,
                 label: str = "") -> None:
    name = f"{label} {split}".strip()
    lines = [f"## Blind first messages ({name} split)", "",
             f"{auto['messages']} messy first messages written blind ({messages.relative_to(REPO_ROOT)}), sent as new "
             "visitors over REST to the real Rasa, action and web servers. "
             f"Machine: {machine()}.", ""]
    if judged:
        share = judged["good"] / max(judged["judged"], 1)
        lines += [f"- Judged with the rubric (../shared/docs/conversation-rubric.md) by a judge who never saw the "
                  f"training data: **{judged['good']}/{judged['judged']} good ({share:.0%})**, {judged['weak']} weak, "
                  f"{judged['bad']} bad.",
                  f"- Clear questions answered with a menu: **{judged['menus_on_clear']}/{judged['clear']} "
                  f"({judged['menus_on_clear'] / max(judged['clear'], 1):.1%})**."]
    lines += [f"- Automatic check (expected topics answered, no menu on a clear question, doctor message on urgent "
              f"signs): {auto['ok']}/{auto['messages']}; menus on clear questions {auto['menus_on_clear']}/"
              f"{auto['clear_questions']}.",
              "- By pattern (automatic check): " + ", ".join(f"{k} {v}" for k, v in auto["by_pattern"].items()) + "."]
    write_section(f"blind-first-messages-{name.replace(' ', '-')}", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "report", "all"))
    parser.add_argument("--model", type=Path, help="a model file (default: the one trained on the current data)")
    parser.add_argument("--rerun", action="store_true", help="send the messages again (default when no record)")
    parser.add_argument("--judged", type=Path, help="the judge's labels: id -> good|weak|bad (or {label, menu})")
    parser.add_argument("--write", action="store_true", help="write the figures into docs/benchmarks.md")
    parser.add_argument("--set", type=Path, default=SET, help="the messages (default: the first blind set)")
    parser.add_argument("--label", default="", help="names the set in the record and the report (e.g. round3)")
    args = parser.parse_args()
    messages = args.set.resolve()
    out = OUT.with_name(f"first_messages_{args.label}.json") if args.label else OUT
    if args.rerun or not out.exists():
        auto = run(args.split, args.model, messages, out)
    else:
        auto = summarise([r for r in json.loads(out.read_text()) if args.split == "all" or r["split"] == args.split])
    judged = None
    if args.judged:
        results = json.loads(out.read_text())
        raw = yaml.safe_load(args.judged.read_text())
        labels = raw.get("labels", raw)          # {id: label} or the judge's {labels: {id: {label, menu, reason}}}
        judged = judged_summary(results, {str(k): str(v["label"] if isinstance(v, dict) else v)
                                          for k, v in labels.items()})
        judged["menus_on_clear"] = sum(bool(v.get("menu")) for k, v in labels.items() if isinstance(v, dict)
                                       and not next((r.get("expect") or {}).get("menu_ok") for r in results
                                                    if r["id"] == k))
    print(json.dumps({"automatic": auto, "judged": judged}, indent=1))
    if args.write:
        write_report(args.split, auto, judged, messages, args.label)


if __name__ == "__main__":
    main()
