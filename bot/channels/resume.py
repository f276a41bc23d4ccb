"""Links that continue a messaging-app conversation in the website chat (the same lead).

Standard library only: the action server writes the link into the privacy
notice, the web app or the widget's socket.io channel opens the token.

A token is ``base64url(version | nonce | expiry | ciphertext | tag)``: the
conversation id (on WhatsApp and SMS a phone number) is encrypted with an
HMAC-SHA256 keystream and authenticated with HMAC-SHA256 (encrypt-then-MAC,
keys derived from ``RESUME_LINK_SECRET``, generated into ``var/`` if unset).
So the URL carries no readable personal data and no health data, cannot be
forged or altered, and expires (24 hours by default).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
import time
from typing import Mapping, Optional
from urllib.parse import quote

from bot.channels.keys import secret

VERSION = b"\x01"
NONCE_BYTES, TAG_BYTES = 12, 16
DEFAULT_TTL = 24 * 3600
SECRET_VARIABLE, SECRET_FILE = "RESUME_LINK_SECRET", "resume_link_secret"
DEFAULT_SITE = "http://localhost:8080"


def resume_secret(env: Optional[Mapping[str, str]] = None) -> bytes:
    return secret(os.environ if env is None else env, SECRET_VARIABLE, SECRET_FILE)


def _key(master: bytes, purpose: bytes) -> bytes:
    return hmac.new(master, b"resume-link/" + purpose, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, nonce + struct.pack(">I", i), hashlib.sha256).digest() for i in range(length // 32 + 1))
    return b"".join(blocks)[:length]


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream))


def make_token(conversation_id: str, master: bytes, ttl: int = DEFAULT_TTL, now: Optional[float] = None) -> str:
    """An encrypted, signed, expiring token for ``conversation_id``."""
    nonce = os.urandom(NONCE_BYTES)
    expires = int((time.time() if now is None else now) + ttl)
    header = VERSION + nonce + struct.pack(">Q", expires)
    plain = conversation_id.encode()
    cipher = _xor(plain, _keystream(_key(master, b"enc"), nonce, len(plain)))
    tag = hmac.new(_key(master, b"mac"), header + cipher, hashlib.sha256).digest()[:TAG_BYTES]
    return base64.urlsafe_b64encode(header + cipher + tag).rstrip(b"=").decode()


def open_token(token: str, master: bytes, now: Optional[float] = None) -> Optional[str]:
    """The conversation id in a valid, unexpired token; None for anything else."""
    try:
        raw = base64.urlsafe_b64decode(token.strip() + "=" * (-len(token.strip()) % 4))
    except (binascii.Error, ValueError):
        return None
    head = 1 + NONCE_BYTES + 8
    if len(raw) <= head + TAG_BYTES or raw[:1] != VERSION:
        return None
    header, cipher, tag = raw[:head], raw[head:-TAG_BYTES], raw[-TAG_BYTES:]
    expected = hmac.new(_key(master, b"mac"), header + cipher, hashlib.sha256).digest()[:TAG_BYTES]
    if not hmac.compare_digest(tag, expected):
        return None
    (expires,) = struct.unpack(">Q", header[1 + NONCE_BYTES:])
    if (time.time() if now is None else now) >= expires:
        return None
    plain = _xor(cipher, _keystream(_key(master, b"enc"), header[1:1 + NONCE_BYTES], len(cipher)))
    try:
        return plain.decode()
    except UnicodeDecodeError:
        return None


def resume_link(conversation_id: str, env: Optional[Mapping[str, str]] = None, ttl: int = DEFAULT_TTL) -> str:
    """``{DASHBOARD_URL}/demo?resume=<token>``: opens the website chat on this conversation."""
    env = os.environ if env is None else env
    site = (env.get("DASHBOARD_URL") or DEFAULT_SITE).rstrip("/")
    return f"{site}/demo?resume={quote(make_token(conversation_id, resume_secret(env), ttl))}"
