"""Webhook bodies in the platforms' documented shapes, with the values that vary as parameters.

* WhatsApp Cloud API: Meta's "messages" webhook reference (text, interactive
  ``button_reply`` / ``list_reply``, image) and the status webhook (``statuses[]``).
* Telegram Bot API: ``Update`` with ``message`` or ``callback_query``.
* Twilio: the form parameters of an incoming-message webhook.
* Messenger Platform: ``object: page`` with ``messaging[]`` message / postback events.
"""
from __future__ import annotations

import time
import uuid
from typing import Any, Optional

BUSINESS_ACCOUNT_ID = "102290129340398"
DISPLAY_NUMBER = "15550783881"
PHONE_NUMBER_ID = "106540352242922"


def wamid() -> str:
    return "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQ" + uuid.uuid4().hex.upper()


def _wa_envelope(value: dict[str, Any]) -> dict[str, Any]:
    return {"object": "whatsapp_business_account",
            "entry": [{"id": BUSINESS_ACCOUNT_ID,
                       "changes": [{"value": {"messaging_product": "whatsapp",
                                              "metadata": {"display_phone_number": DISPLAY_NUMBER,
                                                           "phone_number_id": PHONE_NUMBER_ID},
                                              **value},
                                    "field": "messages"}]}]}


def _wa_message(wa_id: str, message_id: Optional[str], kind: str, content: dict[str, Any],
                context: Optional[str] = None) -> dict[str, Any]:
    message: dict[str, Any] = {"from": wa_id, "id": message_id or wamid(), "timestamp": str(int(time.time())),
                               "type": kind, kind: content}
    if context:
        message["context"] = {"from": DISPLAY_NUMBER, "id": context}
    return _wa_envelope({"contacts": [{"profile": {"name": "Sheena Nelson"}, "wa_id": wa_id}],
                         "messages": [message]})


def wa_text(wa_id: str, text: str, message_id: Optional[str] = None) -> dict[str, Any]:
    return _wa_message(wa_id, message_id, "text", {"body": text})


def wa_button_reply(wa_id: str, button_id: str, title: str, message_id: Optional[str] = None) -> dict[str, Any]:
    return _wa_message(wa_id, message_id, "interactive",
                       {"type": "button_reply", "button_reply": {"id": button_id, "title": title}}, context=wamid())


def wa_list_reply(wa_id: str, row_id: str, title: str, message_id: Optional[str] = None) -> dict[str, Any]:
    return _wa_message(wa_id, message_id, "interactive",
                       {"type": "list_reply", "list_reply": {"id": row_id, "title": title, "description": ""}},
                       context=wamid())


def wa_image(wa_id: str, message_id: Optional[str] = None) -> dict[str, Any]:
    return _wa_message(wa_id, message_id, "image", {"mime_type": "image/jpeg", "sha256": "a" * 44,
                                                    "id": "1003383421387256"})


def wa_status(recipient: str, status: str = "delivered") -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": wamid(), "status": status, "timestamp": str(int(time.time())), "recipient_id": recipient,
        "conversation": {"id": "a75d17ad06104c51166f948319b03c6a", "origin": {"type": "service"}},
        "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"}}
    if status == "failed":
        del event["conversation"], event["pricing"]
        event["errors"] = [{"code": 131047, "title": "Re-engagement message",
                            "message": "Re-engagement message", "error_data": {
                                "details": "Message failed to send because more than 24 hours have passed since "
                                           "the customer last replied to this number."}}]
    return _wa_envelope({"statuses": [event]})


# --- Telegram ---------------------------------------------------------------------------------------

def tg_message(chat_id: int, text: str, update_id: int, chat_type: str = "private") -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Anna", "language_code": "en"}
    chat = {"id": chat_id, "first_name": "Anna", "type": chat_type}
    return {"update_id": update_id, "message": {"message_id": update_id % 100000, "from": user, "chat": chat,
                                                "date": int(time.time()), "text": text}}


def tg_callback(chat_id: int, data: str, update_id: int) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Anna"}
    bot_message = {"message_id": 7, "from": {"id": 1, "is_bot": True, "first_name": "Studio"},
                   "chat": {"id": chat_id, "first_name": "Anna", "type": "private"}, "date": int(time.time()),
                   "text": "Do you agree?"}
    return {"update_id": update_id, "callback_query": {"id": str(4382 * 10**12 + update_id), "from": user,
                                                       "message": bot_message, "chat_instance": "-9876543210",
                                                       "data": data}}


# --- Twilio -----------------------------------------------------------------------------------------

def twilio_form(sender: str, body: str, to: str, account_sid: str, message_sid: Optional[str] = None) -> dict[str, str]:
    sid = message_sid or "SM" + uuid.uuid4().hex
    return {"ToCountry": "GB", "SmsMessageSid": sid, "NumMedia": "0", "SmsSid": sid, "SmsStatus": "received",
            "Body": body, "To": to, "NumSegments": "1", "MessageSid": sid, "AccountSid": account_sid,
            "From": sender, "ApiVersion": "2010-04-01"}


# --- Messenger --------------------------------------------------------------------------------------

PAGE_ID = "1234567890"


def fb_message(psid: str, text: str, mid: Optional[str] = None, quick_reply: Optional[str] = None) -> dict[str, Any]:
    message: dict[str, Any] = {"mid": mid or "m_" + uuid.uuid4().hex, "text": text}
    if quick_reply is not None:
        message["quick_reply"] = {"payload": quick_reply}
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": int(time.time() * 1000),
         "message": message}]}]}


def fb_postback(psid: str, payload: str, title: str) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": int(time.time() * 1000),
         "postback": {"title": title, "payload": payload, "mid": "m_" + uuid.uuid4().hex}}]}]}


def fb_delivery(psid: str) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000), "messaging": [
        {"sender": {"id": psid}, "recipient": {"id": PAGE_ID},
         "delivery": {"mids": ["m_" + uuid.uuid4().hex], "watermark": int(time.time() * 1000)}}]}]}
