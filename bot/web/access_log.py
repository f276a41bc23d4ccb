"""An access log without query strings: search terms (names, e-mails, phones) stay out of logs."""
from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse


class PathOnlyAccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info('%s "%s %s" %s %.0fms', request.remote, request.method, request.rel_url.path,
                         response.status, time * 1000)
