"""Finding 6: the Rasa server listens on loopback, allows only the studio's sites, shows no version.

The command line the launcher builds is checked without starting anything; the
running stack is checked over HTTP and in the kernel's table of listening sockets.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

import pytest

from bot.launcher.network import bind_host, reach_host, site_origins
from bot.launcher.stack import Ports, Stack
from tests.harness import Assistant

EVIL = "https://evil.example"
SITE = "https://lumenskin.example"


def get(url: str, headers: Optional[dict[str, str]] = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def option(command: list[str], name: str) -> list[str]:
    """The values after ``name`` in a command line, up to the next option."""
    start = command.index(name) + 1
    end = next((i for i in range(start, len(command)) if command[i].startswith("--")), len(command))
    return command[start:end]


def built(tmp_path: Path, **env: str) -> dict[str, list[str]]:
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    stack = Stack(env={"REST_CHANNEL_TOKEN": "t", **env}, ports=Ports(5005, 5055, 8080), var_dir=tmp_path / "var",
                  model=model, with_web=False)
    return {service.name: service.command for service in stack.build()}


# --- the launcher's defaults (no servers) ---------------------------------------------------------------------

def test_loopback_by_default(tmp_path: Path) -> None:
    commands = built(tmp_path)
    assert option(commands["rasa"], "--interface") == ["127.0.0.1"]
    assert option(commands["actions"], "--host") == ["127.0.0.1"]


def test_a_setting_opens_each_server(tmp_path: Path) -> None:
    commands = built(tmp_path, RASA_HOST="0.0.0.0", ACTIONS_HOST="10.0.0.5")
    assert option(commands["rasa"], "--interface") == ["0.0.0.0"]
    assert option(commands["actions"], "--host") == ["10.0.0.5"]
    assert reach_host("0.0.0.0") == "127.0.0.1" and reach_host("10.0.0.5") == "10.0.0.5"
    assert bind_host({}, "RASA_HOST") == "127.0.0.1" and bind_host({"RASA_HOST": " "}, "RASA_HOST") == "127.0.0.1"


def test_cors_is_the_studios_sites_only(tmp_path: Path) -> None:
    cors = option(built(tmp_path)["rasa"], "--cors")
    assert "*" not in cors
    assert SITE in cors                                    # studio.yml's website, where the widget is embedded
    assert {"http://localhost:8080", "http://127.0.0.1:8080"} <= set(cors)     # the demo page of the web app


def test_site_origins() -> None:
    assert site_origins({}, "https://studio.example/about", 80) == [
        "https://studio.example", "http://localhost:80", "http://127.0.0.1:80"]
    extra = site_origins({"RASA_CORS_ORIGINS": "https://shop.example, https://www.studio.example/",
                          "DASHBOARD_URL": "https://admin.studio.example/dashboard/"}, "", 8080)
    assert extra[0] == "https://admin.studio.example"
    assert {"https://shop.example", "https://www.studio.example"} <= set(extra)
    assert site_origins({"RASA_CORS_ORIGINS": "*"}, SITE, 8080) == ["*"]             # explicit opt-in only
    assert "javascript:alert(1)" not in site_origins({"RASA_CORS_ORIGINS": "javascript:alert(1)"}, "", 1)


def test_the_logging_config_is_passed(tmp_path: Path) -> None:
    config = option(built(tmp_path)["rasa"], "--logging-config-file")
    assert len(config) == 1 and Path(config[0]).is_file()


# --- the running Rasa server ----------------------------------------------------------------------------------

def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:      # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.conversation
def test_servers_listen_on_loopback_only(assistant: Assistant) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    loopback_v4 = "0100007F"                                    # 127.0.0.1, little-endian hex
    for port in (assistant.stack.ports.rasa, assistant.stack.ports.actions):
        addresses = listening_addresses(port)
        assert addresses and addresses <= {loopback_v4}, (port, addresses)


@pytest.mark.conversation
def test_no_version_banner(assistant: Assistant) -> None:
    status, headers, body = get(f"{assistant.rasa_url}/")
    assert status == 200                                            # still a liveness probe
    text = body.decode()
    assert "Rasa" not in text and not re.search(r"\d+\.\d+", text), text
    assert "server" not in headers or "sanic" not in headers["server"].lower()


@pytest.mark.conversation
def test_socket_io_refuses_other_sites(assistant: Assistant) -> None:
    url = f"{assistant.rasa_url}/socket.io/?EIO=4&transport=polling"
    status, headers, _ = get(url, {"Origin": EVIL})
    assert status == 403
    assert "access-control-allow-origin" not in headers
    own = f"http://127.0.0.1:{assistant.stack.ports.web}"           # the demo page of the web app
    status, headers, body = get(url, {"Origin": own})
    assert status == 200 and body.startswith(b"0{")
    assert headers.get("access-control-allow-origin") == own
    status, headers, _ = get(url, {"Origin": SITE})
    assert status == 200 and headers.get("access-control-allow-origin") == SITE
    status, _, _ = get(url)                                         # not a browser: the channel's own rules apply
    assert status == 200


@pytest.mark.conversation
def test_no_cors_for_other_sites_on_any_route(assistant: Assistant) -> None:
    for path in ("/", "/webhooks/rest/webhook"):
        _, headers, _ = get(f"{assistant.rasa_url}{path}", {"Origin": EVIL})
        assert headers.get("access-control-allow-origin") in (None, SITE), (path, headers)
        assert headers.get("access-control-allow-origin") != EVIL
