"""A name put right after it was taken down ("its under Asha Shah not Np!!", "the name on the booking should be
Asha"): the lead's name is changed at once, whichever action the message reached.

The booking flow and the call-back request keep the name on the lead; the intake's summary has its own way to
correct answers, so this only acts where no intake summary is open.
"""
from __future__ import annotations

import re
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.runtime import get_runtime
from bot.intake import answers
from bot.store.leads import get_lead

#: the name said as a correction, with a cue that says so
_NAME_FIX = re.compile(
    r"(?i:\b(?:(?:the |her |his |my )?name(?: on (?:the|my|her|his|it) (?:booking|appointment|request|details))?"
    r"(?: is| should be| shld be| needs to be|'s| has to be)|(?:it'?s|its|it is|book(?:ed)? it|put it|should be|"
    r"needs to be) (?:under|in the name(?: of)?)|under the name(?: of)?|fix the name\W+(?:it'?s|its|to|it should be)|"
    r"change (?:the |her |his |my )?name to)\s+)(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?)"
    # "its Asha Shah not Np": a capitalised name, then the wrong one
    r"|(?i:\b(?:it'?s|its|it is)\s+)(?P<put_right>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?i:not)\s+\w+"
    # "its for my mum so Asha Shah, her mobile is…": the person it is for, named
    r"|(?i:\bfor (?:my|her|his|our) (?:mum|mom|mother|dad|father|wife|husband|partner|daughter|son|sister|brother|nan|"
    r"gran|grandma|grandad|auntie|aunt|uncle|friend)\w*\W+(?:so |called |named |who is |she'?s |he'?s )?)"
    r"(?P<for_whom>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
#: the field named alone, after the assistant asked which detail to correct
_FIELD_ALONE = re.compile(r"^\W*(?:the\s+|my\s+|her\s+|his\s+)?(?P<field>name|first name|email|e-?mail address|phone|"
                          r"phone number|number|mobile)\W*$", re.IGNORECASE)
#: a no said first, to what was offered
_NO_FIRST = re.compile(r"^\W*(?:no|nah|nope|naw)\b", re.IGNORECASE)
#: what ``pending_offer`` holds while a correction's value is awaited
FIX_DETAIL = "fix_detail"


#: a correction says so ("not", "should be", "fix", "wrong"…); "my name is Tom" alone may name someone else
_PUT_RIGHT = re.compile(r"\b(?:not|should|shld|needs|fix|change|wrong|under|correct\w*|actually|meant|spelt|spelled|typo|"
                        r"isn'?t|isnt)\b", re.IGNORECASE)


def name_said(text: str, awaited: bool) -> Optional[str]:
    """The right name in ``text``: said with a cue, or alone when a correction was awaited."""
    match = _NAME_FIX.search(text)
    if match and match.group("for_whom") is None and (awaited or _PUT_RIGHT.search(text)):
        return answers.first_name(match.group("name") or match.group("put_right"))
    return answers.first_name(text) if awaited and len(text.split()) <= 4 else None


def name_given(text: str) -> Optional[str]:
    """A name given with a cue, at a question asking for one ("its for my mum so Asha Shah, her mobile is…")."""
    match = _NAME_FIX.search(text)
    if match is None:
        return None
    return answers.first_name(match.group("name") or match.group("put_right") or match.group("for_whom"))


async def fix_name(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """Change the lead's name when ``text`` puts it right; the events to add (none when nothing was changed)."""
    awaited = tracker.get_slot("pending_offer") == FIX_DETAIL
    if tracker.get_slot("health_consent") == "yes" and tracker.get_slot("summary_confirmed") is None:
        return []                               # the intake's own summary corrects its answers
    field = _FIELD_ALONE.match(text)
    if awaited and field:                       # "name", after "which detail would you like to correct?"
        word = "name" if "name" in field.group("field").lower() else "email address" if "mail" in field.group(
            "field").lower() else "phone number"
        dispatcher.utter_message(text=f"Of course — what should the {word} be?")
        return [SlotSet("pending_offer", FIX_DETAIL)]
    name = name_said(text, awaited)
    if name is None:
        return []
    async with get_runtime().sessions.begin() as session:
        lead = await get_lead(session, tracker.sender_id)
        if lead is None or (lead.first_name or "").lower() == name.lower():
            return []
        lead.first_name = name
    dispatcher.utter_message(text=f"Done — I've changed the name to {name}.")
    # "no thanks to the questions… but pls fix the name": the no answers the questions offered, too
    declined = tracker.get_slot("pending_offer") == "intake" and bool(_NO_FIRST.match(text))
    events: list[EventType] = [FollowupAction("action_decline_offer")] if declined else [SlotSet("pending_offer", None)]
    if tracker.get_slot("booking_name"):
        events.append(SlotSet("booking_name", name))
    if tracker.get_slot("first_name"):
        events.append(SlotSet("first_name", name))
    return events


def rest_after_name(text: str) -> str:
    """What the message says besides the name put right ("…and did u get her number?")."""
    return _NAME_FIX.sub(" ", text).strip(" ,.!?")
