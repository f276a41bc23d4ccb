"""A plain "yes" or "no" answers whatever the assistant offered last."""
from __future__ import annotations

import re
from datetime import date, timedelta

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.privacy import erase_now
from bot.actions.runtime import get_runtime
from bot.actions.common import channel_of, ran_this_turn
from bot.store.leads import get_lead, record_consent
from bot.store.models import LeadStatus, StatusChange
from bot.understanding.facts import adult_in_months, month_wanted


async def _keep_lead(tracker: Tracker, when: date | None = None) -> date | None:
    """Keep the lead for a later contact: its follow-up date is ``when`` (else its earliest date); None without
    a lead."""
    runtime = get_runtime()
    async with runtime.sessions.begin() as session:
        lead = await get_lead(session, tracker.sender_id)
        if lead is None:
            return None
        lead.follow_up_date = when or lead.earliest_date or date.today() + timedelta(days=90)
        if lead.status != LeadStatus.not_yet_ready:
            session.add(StatusChange(lead_id=lead.id, from_status=lead.status.value,
                                     to_status=LeadStatus.not_yet_ready.value, reason="follow-up requested",
                                     changed_by="assistant"))
            lead.status = LeadStatus.not_yet_ready
        return lead.follow_up_date


def _until_adult(tracker: Tracker) -> float | None:
    """"Message me when I'm 18": the months until then, as they said earlier ("17 but 18 in like 4 months")."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            months = adult_in_months(str(event.get("text") or ""))
            if months:
                return months
    return None


#: a later contact asked for as a call ("can marta just ring me in january")
_CALL_ASKED = re.compile(r"\b(?:ring|call|phone) (?:me|her|him|us)\b|\bgive (?:me|her|him|us) a (?:ring|call|bell)\b",
                         re.IGNORECASE)
#: a "no" this long with nothing offered says something else ("no new patches since last winter and I'm not waiting…")
LONG_NO_WORDS = 8
#: thanks said with the ok ("ok. cheers", "ok thanks")
THANKS = re.compile(r"\b(?:thanks?|thank (?:you|u)|cheers|ta|thx|ty)\b", re.IGNORECASE)
#: a "yes" that says what to do ("yes check please", "ok book me in"), and the action that does it
_YES_TO = ((re.compile(r"\b(check|ready|suitab\w*|questions?|eligib\w*)\b", re.I), "intake_form"),
           (re.compile(r"\b(book\w*|appointment|slot|consultation)\b", re.I), "action_start_booking"),
           (re.compile(r"\b(person|someone|somebody|human|call me|ring me)\b", re.I), "action_human_handoff"))
#: the buttons of the assistant's own offers, and the action each starts
_OFFER_BUTTONS = {"/check_suitability": "intake_form", "/book_consultation": "action_start_booking",
                  "/human_handoff": "action_human_handoff"}


#: a no to the question asked, then what they want instead ("nah just book me in", "no, can someone ring me")
_NO_BUT = re.compile(r"^\W*(?:no|nah|nope|naw)\b(?:\s*(?:thanks|thank you|ta))?[\s,.!-]*(?:just |can you |could you |"
                     r"i'?d rather |i want to |i'?d like to |please |pls |can i |can |could |let'?s )*(?:(?P<book>book\b"
                     r"(?!\s+(?:\w+\s+)?(?:later|another time)))|"
                     r"(?P<person>(?:talk|speak) to (?:a |someone|somebody|a person|marta)|(?:someone|somebody) (?:to )?"
                     r"(?:call|ring)|call me|ring me))", re.IGNORECASE)
#: a no to the offer made, then the questions asked for ("no its ok, can we do the form now before i chicken out")
_NO_BUT_CHECK = re.compile(r"^\W*(?:no|nah|nope|naw)\b[^.?!]{0,20}?\b(?:can we|can i|could we|let'?s|i want to|i'?d like to|"
                           r"i'?ll)\s+(?:just\s+)?(?:do|start|fill|answer|go through)\s+(?:in\s+)?(?:the|your|those|these)?\s*"
                           r"(?:form|questions?|check|questionnaire)\b", re.IGNORECASE)


def instead_of_no(text: str) -> str | None:
    """The action a no asks for instead ("nah just book me in"), if it asks for one."""
    if _NO_BUT_CHECK.search(text):
        return "intake_form"
    match = _NO_BUT.search(text)
    if not match:
        return None
    return "action_start_booking" if match.group("book") else "action_human_handoff"


#: a yes that is a yes, whatever follows it ("yes please, and how much is it?")
_CLEAR_YES = re.compile(r"^\W*(?:yes|yeah|yep|yup|ya|yea|sure|please|of course|definitely|absolutely|go on|go ahead|"
                        r"sounds good|ok(?:ay)? (?:then|great|sure|yes|please|go on|do it)|ok(?:ay)?\W*$)\b", re.IGNORECASE)


def _asks_instead(tracker: Tracker) -> bool:
    """Whether the message asks a question of its own (a topic, the pain, the price) rather than only saying yes."""
    from bot.actions.respond import understanding_of
    understood = understanding_of(tracker)
    return bool(understood.topics or understood.facts.asked or understood.facts.asks_pain
                or understood.facts.asks_price)


def offered_by_words(text: str) -> str | None:
    """The action a "yes" names in its own words, if it names one."""
    for pattern, action in _YES_TO:
        if pattern.search(text):
            return action
    return None


def offered_last(tracker: Tracker) -> str | None:
    """The one offer the assistant's last message made with a button, if it made exactly one."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    before = tracker.events[:users[-1]] if users else []
    for event in reversed(before):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            payloads = {str(b.get("payload")) for b in (event.get("data") or {}).get("buttons") or []}
            offers = {_OFFER_BUTTONS[p] for p in payloads if p in _OFFER_BUTTONS}
            return offers.pop() if len(offers) == 1 else None
    return None


def _kept_in_touch_lately(tracker: Tracker) -> bool:
    """Whether a later message was just noted ("…get in touch around March 2027"), so a month now changes it."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"][-8:]
    return "action_keep_in_touch" in actions


class ActionAcceptOffer(Action):
    def name(self) -> str:
        return "action_accept_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        offer = tracker.get_slot("pending_offer")
        done = SlotSet("pending_offer", None)
        text = str(tracker.latest_message.get("text") or "")
        if offer and offer != "erase" and not _CLEAR_YES.match(text) and _asks_instead(tracker) \
                and not ran_this_turn(tracker, "action_answer"):
            return [FollowupAction("action_answer")]   # "ok whatever. u didnt say if it hurts tho": no yes, a question
        if offer == "intake":
            return [done, FollowupAction("intake_form")]
        if offer == "booking":
            return [done, FollowupAction("action_start_booking")]
        if offer == "person":
            return [done, FollowupAction("action_human_handoff")]
        if offer == "keep_in_touch" or (offer == "keep_lead" and month_wanted(text) is not None):
            return [done, FollowupAction("action_keep_in_touch")]   # "yes, but in June 2027 instead of March"
        if offer == "erase":
            return [*await erase_now(dispatcher, tracker)]
        if offer == "keep_lead":
            follow_up = await _keep_lead(tracker)
            when = follow_up.strftime("%B %Y") if follow_up else "the right time"
            dispatcher.utter_message(text=(f"Done — the studio will get in touch around {when}. Until then, feel "
                                           "free to ask me anything, or say \"delete my data\" to be removed."))
            return [done]
        said = offered_by_words(str(tracker.latest_message.get("text") or "")) or offered_last(tracker)
        if said and not ran_this_turn(tracker, said):   # "yes check please" with no offer pending: what the words ask
            return [done, FollowupAction(said)]
        if _asks_instead(tracker):              # "ok whatever. u didnt say if it hurts tho": answered (once)
            return [done] if ran_this_turn(tracker, "action_answer") else [done, FollowupAction("action_answer")]
        if THANKS.search(text):                 # "ok. cheers": a goodbye, not an opening
            dispatcher.utter_message(response="utter_youre_welcome")
            return [done]
        dispatcher.utter_message(text="Happy to help: what would you like to know? You can ask me anything about "
                                      "the treatments, prices or aftercare.")
        return [done]


class ActionDeclineOffer(Action):
    def name(self) -> str:
        return "action_decline_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        from bot.actions.respond import format_changed

        offer = tracker.get_slot("pending_offer")
        done = SlotSet("pending_offer", None)
        changed = await format_changed(tracker, str(tracker.latest_message.get("text") or ""))
        if changed:                             # "actually no, make it in person": a no to video, not to the booking
            dispatcher.utter_message(text=changed)
            return [done]
        said = str(tracker.latest_message.get("text") or "")
        if offer is None and len(said.split()) >= LONG_NO_WORDS and not instead_of_no(said) \
                and not ran_this_turn(tracker, "action_answer"):
            return [done, FollowupAction("action_answer")]     # "and the reason is I want to rebook…": no offer to
            # turn down, so what it says is answered (and added to an open request for a person)
        if month_wanted(str(tracker.latest_message.get("text") or "")) is not None and (
                offer in ("keep_lead", "keep_in_touch") or _kept_in_touch_lately(tracker)):
            return [done, FollowupAction("action_keep_in_touch")]   # "No. June 2027, please, not March."
        instead = instead_of_no(str(tracker.latest_message.get("text") or ""))
        if instead and offer in ("booking", "person", "intake", None):
            return [done, FollowupAction(instead)]     # "nah just book me in": not a no to booking at all
        if instead and offer == "keep_lead":
            dispatcher.utter_message(text="Of course, nobody will contact you later; your answers stay with the studio.")
            return [done, FollowupAction(instead)]     # no to a later call, yes to a booking now
        if offer == "erase":
            dispatcher.utter_message(text="Okay, I haven't deleted anything.")
        elif offer == "keep_lead":    # no reminder, but the answers stay for the practitioner (erasure is asked for)
            dispatcher.utter_message(text=("Of course — nobody will contact you. Your answers stay with the studio "
                                           "for when you're ready to get in touch, and you can say \"delete my "
                                           "data\" at any time to erase them."))
        elif offer == "booking":
            dispatcher.utter_message(text=("Of course. Whenever you're ready, just say \"book a consultation\". "
                                           "Is there anything else I can help with?"))
        elif offer == "intake":     # "no thanks" to the optional questions after booking: a recorded no
            runtime = get_runtime()
            await record_consent(runtime.sessions, tracker.sender_id, channel_of(tracker),
                                 runtime.settings.notice_version, granted=False)
            who = runtime.settings.reply_values().get("practitioner_name") or "The practitioner"
            dispatcher.utter_message(text=(f"No problem — no health questions. {who} will go through anything she "
                                           "needs at the consultation. Is there anything else I can help with?"))
        else:
            dispatcher.utter_message(text="No problem. Is there anything else you'd like to know?")
        return [done]


class ActionKeepInTouch(Action):
    """"Get in touch with me in 8 months": the lead's follow-up date, or a person asked to call back later."""

    def name(self) -> str:
        return "action_keep_in_touch"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        from bot.actions.respond import understanding_of

        text = str(tracker.latest_message.get("text") or "")
        months = understanding_of(tracker).facts.follow_up_months or month_wanted(text) or _until_adult(tracker)
        when = date.today() + timedelta(days=round(months * 30.44)) if months else None
        follow_up = await _keep_lead(tracker, when)
        if follow_up is None:               # nobody to contact yet: a person is asked, with when in the reason
            return [SlotSet("handoff_reason", "Get in touch later" + (f", around {when:%B %Y}" if when else "")),
                    SlotSet("pending_offer", None), FollowupAction("action_human_handoff")]
        if _CALL_ASKED.search(text):        # "can marta just ring me in january… mornings after 10": a call, asked
            return [SlotSet("handoff_reason", f"Call around {follow_up:%B %Y} to arrange a consultation date"),
                    SlotSet("pending_offer", None), FollowupAction("action_human_handoff")]
        dispatcher.utter_message(text=(f"Of course. I've noted that the studio should get in touch around "
                                       f"{follow_up:%B %Y}, using the contact details you gave. Until then, ask me "
                                       "anything, or say \"delete my data\" to be removed."))
        return [SlotSet("pending_offer", None)]
