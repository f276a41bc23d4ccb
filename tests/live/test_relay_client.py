"""The web app's relay client against a stand-in server: the bearer token, JSON, and errors without the text."""
from __future__ import annotations

import socket

from aiohttp import web

from bot.live.relay_client import RelayClient, RelayError


async def test_calls_carry_the_token_and_read_the_answer(aiohttp_server) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str, dict[str, str]]] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append((request.path, request.headers.get("Authorization", ""), await request.json()))
        if request.path.endswith("/reply"):
            return web.json_response({"error": "the conversation has not been taken over"}, status=409)
        return web.json_response({"channel": "socketio", "paused": True, "delivery": "delivered", "delivered": True})

    app = web.Application()
    app.router.add_post("/webhooks/relay/{operation}", handle)
    server = await aiohttp_server(app)
    client = RelayClient(str(server.make_url("/")), "secret-token")
    try:
        answer = await client.notify("web-1", "Your booking is confirmed")
        assert (answer.channel, answer.paused, answer.delivery, answer.delivered) == ("socketio", True, "delivered",
                                                                                    True)
        try:
            await client.reply("web-1", "Marta", "private words")
            raise AssertionError("a 409 must raise")
        except RelayError as error:
            assert error.status == 409 and "private words" not in str(error)
    finally:
        await client.close()
    assert seen[0] == ("/webhooks/relay/notify", "Bearer secret-token",
                       {"conversation_id": "web-1", "text": "Your booking is confirmed"})


async def test_an_unreachable_relay_is_status_zero() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = RelayClient(f"http://127.0.0.1:{port}", "t")
    try:
        await client.status("web-1")
        raise AssertionError("must raise")
    except RelayError as error:
        assert error.status == 0
    finally:
        await client.close()
