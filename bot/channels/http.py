"""Outbound HTTP for the connectors: timeouts, and retries on 429, 5xx and network errors.

Uses aiohttp (both environments have it). Message contents are never logged
(they can hold health answers): only the status and the platform's error code.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, cast

import aiohttp

logger = logging.getLogger(__name__)


@dataclass
class Result:
    status: int              # 0: no answer at all
    body: Any = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _retry_after(value: Optional[str], default: float, cap: float) -> float:
    try:
        return min(cap, max(0.0, float(value))) if value else default
    except ValueError:
        return default


@dataclass
class Sender:
    """POSTs with a per-request timeout and up to ``attempts`` tries (backoff honours ``Retry-After``)."""

    attempts: int = 3
    timeout: float = 10.0
    backoff: float = 0.5
    max_wait: float = 5.0
    _sessions: dict[int, aiohttp.ClientSession] = field(default_factory=dict, repr=False)

    def _session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._sessions.get(id(loop))
        if session is None or session.closed:
            session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
            self._sessions[id(loop)] = session
        return session

    async def post(self, url: str, *, json_body: Any = None, form: Optional[Mapping[str, str]] = None,
                   headers: Optional[Mapping[str, str]] = None, auth: Optional[aiohttp.BasicAuth] = None,
                   params: Optional[Mapping[str, str]] = None, label: str = "send") -> Result:
        result = Result(0)
        for attempt in range(1, self.attempts + 1):
            wait = self.backoff * 2 ** (attempt - 1)
            try:
                async with self._session().post(url, json=json_body, data=form, headers=dict(headers or {}),
                                                auth=auth, params=dict(params or {})) as response:
                    text = await response.text()
                    try:
                        body: Any = json.loads(text) if text else None
                    except ValueError:
                        body = None
                    result = Result(response.status, body)
                    if response.status != 429 and response.status < 500:
                        break
                    wait = _retry_after(response.headers.get("Retry-After"), wait, self.max_wait)
                    logger.warning("%s: HTTP %s (attempt %d/%d)", label, response.status, attempt, self.attempts)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                result = Result(0)
                logger.warning("%s: %s (attempt %d/%d)", label, type(error).__name__, attempt, self.attempts)
            if attempt < self.attempts:
                await asyncio.sleep(wait)
        if not result.ok:
            logger.error("%s failed: HTTP %s%s", label, result.status, _error_summary(result.body))
        return result

    async def close(self) -> None:
        for session in list(self._sessions.values()):
            await session.close()
        self._sessions.clear()


def _error_summary(body: Any) -> str:
    """The platform's error code and type, never the message content."""
    if isinstance(body, dict):
        error = cast("dict[Any, Any]", body.get("error")) if isinstance(body.get("error"), dict) else body
        parts = [f"{k}={error[k]}" for k in ("code", "error_subcode", "type", "error_code") if k in error]
        return f" ({', '.join(parts)})" if parts else ""
    return ""
