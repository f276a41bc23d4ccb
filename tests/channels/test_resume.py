"""Resume links: encrypted, signed, expiring; nothing readable in the URL."""
from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.channels.resume import make_token, open_token, resume_link, resume_secret

KEY = b"k" * 32
PHONE = "447700900123"


def test_round_trip_and_expiry() -> None:
    token = make_token(PHONE, KEY, ttl=60, now=1000)
    assert open_token(token, KEY, now=1059) == PHONE
    assert open_token(token, KEY, now=1060) is None
    assert open_token(token, b"other" * 8, now=1000) is None


def test_the_conversation_id_is_not_readable_and_tokens_differ() -> None:
    first, second = make_token(PHONE, KEY), make_token(PHONE, KEY)
    assert first != second
    for token in (first, second):
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert PHONE.encode() not in raw and PHONE not in token
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_tampered_or_garbage_tokens_are_refused() -> None:
    token = make_token(PHONE, KEY)
    raw = bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    for position in (0, 5, 20, len(raw) - 20, len(raw) - 1):
        changed = bytearray(raw)
        changed[position] ^= 1
        forged = base64.urlsafe_b64encode(bytes(changed)).rstrip(b"=").decode()
        assert open_token(forged, KEY) is None, position
    for garbage in ("", "abc", "!!!", "A" * 200, token[:-4]):
        assert open_token(garbage, KEY) is None


def test_link_and_generated_secret(tmp_path: Path) -> None:
    env = {"VAR_DIR": str(tmp_path), "DASHBOARD_URL": "https://studio.example/"}
    link = resume_link(PHONE, env)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "studio.example", "/demo")
    token = parse_qs(parts.query)["resume"][0]
    assert open_token(token, resume_secret(env)) == PHONE
    secret_file = tmp_path / "resume_link_secret"
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    assert resume_secret(env) == secret_file.read_text().strip().encode()
    assert resume_secret({**env, "RESUME_LINK_SECRET": "from-env"}) == b"from-env"
    assert resume_link(PHONE, {"VAR_DIR": str(tmp_path)}).startswith("http://localhost:8080/demo?resume=")
