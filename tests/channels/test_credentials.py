"""The launcher switches each messaging connector on from its credentials in the environment."""
from __future__ import annotations

from bot.launcher.stack import channel_credentials

KEYS = {"telegram": "bot.channels.telegram.TelegramInput", "twilio": "bot.channels.twilio.TwilioInput",
        "facebook": "bot.channels.facebook.FacebookInput",
        "whatsapp_cloud": "bot.channels.whatsapp_cloud.WhatsAppCloudInput"}


def test_nothing_without_credentials() -> None:
    credentials = channel_credentials({})
    assert not set(KEYS.values()) & set(credentials)
    assert not {"telegram", "twilio", "facebook"} & set(credentials)      # Rasa's own connectors are never used


def test_every_channel_with_its_credentials() -> None:
    env = {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_SECRET_TOKEN": "s", "TWILIO_ACCOUNT_SID": "AC1",
           "TWILIO_AUTH_TOKEN": "t", "TWILIO_WHATSAPP_NUMBER": "whatsapp:+1", "FACEBOOK_PAGE_ACCESS_TOKEN": "p",
           "FACEBOOK_SECRET": "fs", "FACEBOOK_VERIFY": "fv", "WHATSAPP_ACCESS_TOKEN": "wt",
           "WHATSAPP_APP_SECRET": "ws", "WHATSAPP_VERIFY_TOKEN": "wv", "WHATSAPP_PHONE_NUMBER_ID": "106",
           "WHATSAPP_API_BASE_URL": "http://127.0.0.1:9"}
    credentials = channel_credentials(env)
    assert set(KEYS.values()) <= set(credentials)
    whatsapp = credentials[KEYS["whatsapp_cloud"]]
    assert isinstance(whatsapp, dict)
    assert (whatsapp["verify_token"], whatsapp["app_secret"], whatsapp["access_token"], whatsapp["phone_number_id"],
            whatsapp["api_base_url"]) == ("wv", "ws", "wt", "106", "http://127.0.0.1:9")
    assert credentials[KEYS["telegram"]]["secret_token"] == "s"                  # type: ignore[index]
    assert credentials[KEYS["twilio"]]["twilio_number"] == "whatsapp:+1"         # type: ignore[index]
    assert credentials[KEYS["facebook"]]["page-access-token"] == "p"             # type: ignore[index]
    assert "socketio" in credentials or any("SocketIO" in key for key in credentials)
