"""What people say in passing (round-10 patterns): a bare "breastfeeding," in a list of facts, a new vitiligo
spot this summer, misspelt treatments, other scripts, statements that raise a topic ("running late"), a
booking that is kept or only asked about, "skip" said in a sentence, and answers that keep the data."""
from __future__ import annotations

import pytest

from bot.actions.booking import ASKS_IF_CANCELLED, KEEP_BOOKING
from bot.actions.form_turn import SKIP_SAID
from bot.actions.handoff import ValidateHandoffContactForm
from bot.actions.intake_form import DOES_IT_MATTER
from bot.actions.privacy import KEEP
from bot.intake import answers
from bot.intake.passing import told_in_passing
from bot.nlp.readable import explicit_request
from bot.replies.plan import Context, plan_reply
from bot.understanding.language import language_of
from bot.understanding.model import Part, read_facts, understand
from bot.understanding.tone import tone_of


def test_facts_listed_with_commas_are_each_read() -> None:
    facts = read_facts("c section 7 weeks ago, breastfeeding, scar is dark purple n itchy. can you fix it")
    assert (facts.months_ago, facts.breastfeeding, facts.still_healing) == (1.6, True, True)


def test_still_feeding_is_breastfeeding_even_beside_changes_after_breastfeeding() -> None:
    facts = read_facts("I'm still feeding him. I read you do areolas after breastfeeding changes?")
    assert facts.breastfeeding is True


@pytest.mark.parametrize("text,spreading", [
    ("my vitiligo got a new spot in the summer, otherwise its been the same for years", True),
    ("vitiligo since 2019. A new little spot came up on my wrist this summer. Is that stable enough?", True),
    ("vitiligo on my hands, stable, no new spots for 2 years", False),
])
def test_a_new_vitiligo_spot_lately_is_not_stable(text: str, spreading: bool) -> None:
    assert read_facts(text).vitiligo_spreading is spreading


@pytest.mark.parametrize("text,concern", [("how much for strech mark treatment", "stretch_marks"),
                                          ("got purple stretchies on my shoulders. can u cover them", "stretch_marks"),
                                          ("the scarr is like a silver line", "scar")])
def test_misspelt_treatments_are_read(text: str, concern: str) -> None:
    assert read_facts(text).concern == concern


@pytest.mark.parametrize("text,language", [
    ("مرحبا، أختي عندها ندبة حرق على وجهها من سنتين. وكم السعر؟", "Arabic"),
    ("Привет, сколько стоит камуфляж шрама?", "Russian or Ukrainian"),
    ("hi how much is it for a scar", None),
])
def test_another_script_is_another_language(text: str, language: str | None) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize("text,topic", [
    ("running 20 min late stuck on the A23 sorry!!!", "running_late"),
    ("I asked for Tuesday 11am three days ago and nobody has confirmed it. Is it actually booked?", "booking_pending"),
    ("whats ur latest appointment? i finish work at 6", "out_of_work_hours"),
    ("is it 180 each or 180 for all of them??", "several_areas"),
    ("whats the difference really, does smp grow anything back", "hair_growth"),
    ("Do you actually know how to work with skin like mine?", "colour_matching"),
    ("If I get a scar done in April can I still go to Spain in June?", "after_care_unknown"),
    ("Do you do home visits?", "unknown_practical"),
    ("How long do you keep my name and email?", "privacy"),
    ("26. but would it get rid of them completely?", "results"),
    ("will the person doing it think badly of me", "not_judged"),
    ("who actually does the treatment, are u medically trained or just a tattoo artist", "practitioner"),
    ("first consult is thursday, do i need to do anything before?", "preparation"),
])
def test_plain_words_name_their_topic(text: str, topic: str) -> None:
    assert topic in read_facts(text).asked


@pytest.mark.parametrize("text", ["Is there an upper age limit? I have a facelift scar that has gone white.",
                                  "are u medically trained or just a tattoo artist"])
def test_a_scar_or_a_question_about_us_is_no_other_service(text: str) -> None:
    assert read_facts(text).other_service is None


def test_a_transplant_abroad_is_a_hair_clinic_matter_even_when_scared() -> None:
    assert read_facts("Looked at turkey for a transplant but im scared of surgery").other_service == "hair"


def test_a_date_ahead_of_an_operation_dates_nothing() -> None:
    assert read_facts("Could I book it for roughly three months after that?").months_ago is None


@pytest.mark.parametrize("text,held", [("first consult is thursday, what do i bring?", "held"),
                                       ("I've got the consultation booked for Wednesday at 3. Could we do Thursday "
                                        "evening instead?", "move")])
def test_a_booking_they_have_is_read(text: str, held: str) -> None:
    assert read_facts(text).booking_held == held


@pytest.mark.parametrize("text,tone", [
    ("sounds like a scam tbh. a tattoo over a scar is still a tattoo", "sceptical"),   # a fair doubt, acknowledged
    ("I emailed twice and never got a reply. Not impressed to be honest.", "complaint"),
    ("is it permanent? like if i hate it can it be removed", None),
    ("i cant sleep for thinking about this. i just want to feel normal again", "distress"),
])
def test_tone(text: str, tone: str | None) -> None:
    assert tone_of(text) == tone


def _reply(text: str, **context: object) -> list[str]:
    return plan_reply(understand(text, [Part(text=text)]), Context(**context)).said  # type: ignore[arg-type]


def test_an_adult_asking_about_age_hears_there_is_no_upper_limit() -> None:
    reply = plan_reply(understand("Im 74, is that too old for this",
                                  [Part(text="Im 74, is that too old for this", intent="faq", confidence=0.9,
                                        topic="minimum_age", topic_confidence=0.9, topic_margin=0.5)]), Context())
    assert "utter_no_upper_age" in reply.said and "utter_faq/minimum_age" not in reply.said


def test_running_late_gets_the_phone_and_no_offer() -> None:
    assert _reply("running 20 min late stuck on the A23 sorry!!!") == ["utter_running_late"]


def test_an_unconfirmed_booking_is_explained_and_a_person_offered() -> None:
    reply = plan_reply(understand("nobody has confirmed my booking, is it actually booked?",
                                  [Part(text="nobody has confirmed my booking, is it actually booked?")]), Context())
    assert "utter_booking_pending" in reply.said and reply.offer == "person"


@pytest.mark.parametrize("text,asked_for", [
    ("actually... can you delete all of this please. everything i said", "delete_my_data"),
    ("no. please delete everything i told you. i don't want any of it saved", "delete_my_data"),
    ("i dont want to be in your system", "delete_my_data"),
    ("no dont delete it all", None),
    ("do you delete my data after a year?", None),
])
def test_erasure_said_plainly(text: str, asked_for: str | None) -> None:
    assert explicit_request(text) == asked_for


@pytest.mark.parametrize("text,keeps", [("No, keep it. I asked how long you keep it, not to delete it.", True),
                                        ("don't delete anything", True), ("yes delete everything", False),
                                        ("yes please", False)])
def test_an_answer_that_keeps_the_data_never_erases(text: str, keeps: bool) -> None:
    assert bool(KEEP.search(text)) is keeps


@pytest.mark.parametrize("text,keep,asks", [
    ("Cancel that request. Keep the Monday booking.", True, False),
    ("my booking on wednesday, is it cancelled now", False, True),
    ("nah youre grand, the wed one is cancelled yeah?", False, True),
    ("please cancel my booking", False, False),
])
def test_keeping_a_booking_or_asking_about_it_cancels_nothing(text: str, keep: bool, asks: bool) -> None:
    assert (bool(KEEP_BOOKING.search(text)), bool(ASKS_IF_CANCELLED.search(text))) == (keep, asks)


@pytest.mark.parametrize("text,skips", [("skip that one idk", True), ("idk honestly skip", True),
                                        ("i dont know, can we just leave that one out", True),
                                        ("I always burn and never tan", False)])
def test_skip_said_in_a_sentence(text: str, skips: bool) -> None:
    assert bool(SKIP_SAID.match(text)) is skips


@pytest.mark.parametrize("text,refuses", [("No. I don't want a call. The booking is enough.", True),
                                          ("no calls, whatsapp me", False), ("after 5pm", False),
                                          ("no person. just where r u", True)])
def test_a_call_back_turned_down(text: str, refuses: bool) -> None:
    assert bool(ValidateHandoffContactForm.refusal.search(text)) is refuses  # type: ignore[union-attr]


def test_ok_then_yes_is_yes() -> None:
    assert answers.yes_no_unsure("ok... yeah i guess") == answers.YES
    assert answers.yes_no_unsure("ok no thanks") == answers.NO


def test_does_that_matter_asks_about_the_answer() -> None:
    assert DOES_IT_MATTER.search("i had a keloid on my ear from a piercing. does that matter")
    assert not DOES_IT_MATTER.search("no keloids")


def test_self_harm_told_before_is_the_cause_never_asked_again() -> None:
    told = told_in_passing("old scars on my forearm that i did to myself as a teenager", {"health_consent": "yes"})
    assert told["scar_cause"] == "other"


@pytest.mark.parametrize("text,name", [("Philippa Hartley (Pip is fine)", "Philippa Hartley"), ("chloe 😊", "Chloe")])
def test_a_name_with_a_note_or_an_emoji_is_a_name(text: str, name: str) -> None:
    assert answers.first_name(text) == name


def test_a_minute_is_no_date() -> None:
    from datetime import date

    from bot.intake.dates import parse_past_date
    assert parse_past_date("Sorry. Give me a minute.", date(2026, 12, 2)) is None
    assert parse_past_date("8 months ago", date(2026, 12, 2)) == date(2026, 4, 2)


@pytest.mark.parametrize("text,topic", [
    ("I have an appointment next week but I have lost the letter. Could you tell me which day it is?", "booking_lookup"),
    ("What do you keep, and for how long?", "privacy"),
    ("is it silly at 64?", "no_upper_age"),
    ("will it grow me hair back or is it a tattoo", "hair_growth"),
])
def test_more_plain_words_name_their_topic(text: str, topic: str) -> None:
    assert topic in read_facts(text).asked


def test_hay_fever_is_no_infection_and_no_new_spot_is_stable() -> None:
    assert read_facts("only hay fever, nothing else").urgent is None
    assert read_facts("vitiligo on my hands 6 years and no new spot since long time").vitiligo_spreading is False


def test_a_new_time_said_with_a_booking_in_this_chat_moves_it() -> None:
    text = "ah crap, hospital on wed. can we make it sat at 10 instead"
    plan = plan_reply(understand(text, [Part(text=text)]), Context(has_booking=True, intent="out_of_scope"))
    assert plan.followup == "action_reschedule_booking" and not plan.out_of_scope


def test_numbing_not_set_out_is_said() -> None:
    text = "terrified of needles, is there any numbing?"
    assert "utter_numbing_unknown" in _reply(text)


def test_a_bad_experience_elsewhere_is_heard_in_its_own_words() -> None:
    text = "The last clinic kept me talking to a bot for weeks and never once called."
    assert (tone_of(text), understand(text).feeling) == ("distress", "elsewhere")


@pytest.mark.parametrize("text,withdraws", [("Withdraw the call-back request you created.", True),
                                            ("Cancel that request. Keep the Monday booking.", True),
                                            ("I don't want to be called", True),
                                            ("cancel my appointment and call me", False)])
def test_a_call_back_withdrawn_in_words(text: str, withdraws: bool) -> None:
    from bot.nlp.readable import WITHDRAW_CALL
    assert bool(WITHDRAW_CALL.search(text)) is withdraws


@pytest.mark.parametrize("text,sign", [
    ("had my gallbladder out 3 weeks ago, one of the scars is red hot and leaking yellowy stuff and i've got a temperature",
     "infection"),
    ("mum has a mole in the middle of her mastectomy scar that's got bigger and darker over the last month and bled "
     "twice", "mole"),
    ("ICU nurse here with a latex allergy (anaphylaxis level). Do you use latex gloves?", None),
    ("had a mole removed in 2019, the scar is white now", None),
])
def test_urgent_signs_said_with_a_history(text: str, sign: str | None) -> None:
    assert read_facts(text).urgent == sign


@pytest.mark.parametrize("text,asked_for", [
    ("pls delete my msgs and whatever u saved about me", "delete_my_data"),
    ("I hereby withdraw any consent previously given and request the erasure of all personal data you hold",
     "delete_my_data"),
    ("i mean is everything deleted? nothing left on this computer?", None),
])
def test_erasure_said_formally_or_asked_about(text: str, asked_for: str | None) -> None:
    assert explicit_request(text) == asked_for


@pytest.mark.parametrize("text,topic", [
    ("isnt this just a tattoo with a fancy name tbh", "vs_cosmetic"),
    ("my mate says it goes blue or green after a few yrs and then ur stuck with it. true?", "colour_matching"),
    ("I should be grateful if you would confirm the professional qualifications of the practitioner", "practitioner"),
    ("booked online for monday 11am, the email says pending. do i turn up or not??", "booking_pending"),
    ("got a reminder about an appointment tomorrow at 10 but I never booked anything with you??", "booking_lookup"),
    ("can I just walk in sat and have a chat or do I need an appointment", "walk_in"),
    ("does it hurt, how many sessions for stretch marks n can i go gym after", "sessions"),
    ("Will I get a reminder before Monday?", "reminder"),
    ("is it actually gone though?", "erased_check"),
    ("I'd like it in person please.", "in_person"),
])
def test_round_eleven_topics(text: str, topic: str) -> None:
    assert topic in read_facts(text).asked


def test_a_scars_age_after_a_comma_is_no_persons_age() -> None:
    assert read_facts("Ex forces. Shrapnel scars down my left side and neck, 15 yrs old, some raised").minor is False
    assert read_facts("I support a 30 year old man with a facial scar from a fall 3 years ago").months_ago == 36.0


def test_what_someone_was_charged_elsewhere_asks_no_price() -> None:
    assert not read_facts("is the consultation actually free?? last place charged me £50").asks_price
    assert read_facts("Another clinic quoted me 850 all in for SMP. What would the total be with you?").asks_price


def test_should_i_still_come_or_cancel_cancels_nothing() -> None:
    assert read_facts("Consult is booked for Tues 3pm but I'm pregnant. Should I still come or cancel?").booking_held == "held"


@pytest.mark.parametrize("text", ["22 weeks pregnant, want my c section scar from my first (4 yrs ago) sorted"])
def test_pregnant_now_beside_an_old_date(text: str) -> None:
    assert read_facts(text).pregnant is True


def test_stop_sending_messages_is_read() -> None:
    from bot.nlp.readable import STOP_SENDING
    assert STOP_SENDING.search("stop sending me these messages. I've decided not to go ahead")
    assert not STOP_SENDING.search("please stop the questions")


def test_a_bare_hour_before_a_day_is_a_time() -> None:
    from datetime import time

    from bot.booking.when import read_clock
    assert read_clock("7 on thurs") == time(19, 0)


def test_an_areola_is_on_the_breast_and_its_side_is_kept() -> None:
    told = told_in_passing("Yes, on the left side only.", {"health_consent": "yes", "concern": "areola"})
    assert told["body_area"] == "breast (left)"


def test_reminders_are_said_as_configured() -> None:
    from bot.actions.respond import reminders_said
    from bot.settings import load_settings
    assert reminders_said(load_settings()) == "the day before and 2 hours before"


def test_in_person_is_no_request_for_a_person() -> None:
    text = "Keep it, thanks. I'd like it in person please."
    parts = [Part(text="Keep it, thanks.", intent="affirm", confidence=0.9),
             Part(text="I'd like it in person please.", intent="human_handoff", confidence=0.9)]
    assert "human_handoff" not in understand(text, parts).requests


@pytest.mark.parametrize("text,opener", [
    ("came off roaccutane in feb, got acne scars on my cheeks. too soon?", False),
    ("c section 7 weeks ago, breastfeeding, scar is dark purple n itchy. can you fix it", True),
])
def test_the_treatment_leaflet_opens_only_when_asked_whether_we_do_it(text: str, opener: bool) -> None:
    assert ("utter_short_scar" in _reply(text)) is opener


def test_notes_about_someone_else_are_said_of_them() -> None:
    said = _reply("My husband is 76. He's on warfarin and his crown has been bald for years. Would the blood thinner "
                  "be a problem?")
    assert "utter_note_blood_thinners_other" in said and "utter_note_blood_thinners" not in said
