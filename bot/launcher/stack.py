"""The assistant's processes — Rasa server, action server, web app — started and stopped together.

Used by ``make run`` and by the conversation tests (with their own ports and
databases), so both exercise the same start-up. The processes run with umask 077,
listen on loopback unless ``RASA_HOST`` / ``ACTIONS_HOST`` say otherwise, and Rasa
calls the action server with a bearer token (``ACTION_SERVER_TOKEN``, else one
kept in var/action-server-token).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import unquote, urlsplit

import yaml

from bot.launcher.network import bind_host, reach_host, site_origins
from bot.launcher.paths import APP_BIN, RASA_BIN, model_path
from bot.launcher.private import UMASK, private_dir, stored_secret, tighten_sqlite, write_private
from bot.settings import REPO_ROOT, load_settings

#: visitor text is filtered out of every log record of the Rasa server (bot/hardening/logs.py)
RASA_LOGGING_CONFIG = REPO_ROOT / "bot" / "hardening" / "rasa_logging.yml"
SERVER_HARDENING = "bot.hardening.rasa_server.ServerHardening"
RELAY = "bot.channels.relay.RelayInput"
SPEEDUPS = "bot.speedups.channel.RasaSpeedups"
LOCK_STORE = "bot.replicas.lock_store.AtomicRedisLockStore"


@dataclass
class Ports:
    rasa: int = 5005
    actions: int = 5055
    web: int = 8080


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str
    process: Optional[subprocess.Popen[bytes]] = None


def tracker_store_config(url: str) -> dict[str, object]:
    """Rasa's SQL tracker store settings for a ``sqlite:///`` or ``postgresql://`` URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": url.split(":///", 1)[1]}
    if scheme in ("postgresql", "postgres"):
        config: dict[str, object] = {"type": "SQL", "dialect": "postgresql", "url": parts.hostname or "localhost",
                                     "port": parts.port or 5432, "db": parts.path.lstrip("/")}
        if parts.username:
            config["username"] = unquote(parts.username)
        if parts.password:
            config["password"] = unquote(parts.password)
        return config
    raise ValueError(f"TRACKER_STORE_URL must be sqlite or postgresql, not {scheme!r}")


def lock_store_config(redis_url: str, redis_down: str = "") -> dict[str, object]:
    """In memory on one process; with Redis, our lock store whose acquire is atomic (bot/replicas/lock_store.py).

    Rasa's own ``type: redis`` store reads, changes and writes its lock in three steps, so two replicas can
    both take it (RasaHQ/rasa#11256). ``redis_down`` (``LOCK_STORE_REDIS_DOWN``): ``local`` (default) or
    ``refuse``, what a replica does while Redis is unreachable.
    """
    if not redis_url:
        return {"type": "in_memory"}
    config: dict[str, object] = {"type": LOCK_STORE, "url": redis_url, "key_prefix": "studio"}
    if redis_down:
        config["redis_down"] = redis_down
    return config


def channel_credentials(env: Mapping[str, str]) -> dict[str, object]:
    """credentials.yml plus every messaging channel whose credentials are in the environment."""
    credentials: dict[str, object] = yaml.safe_load((REPO_ROOT / "credentials.yml").read_text()) or {}
    if env.get("REST_CHANNEL_TOKEN"):
        credentials["bot.channels.rest.TokenRestInput"] = {"token": env["REST_CHANNEL_TOKEN"]}
    # Our subclasses of Rasa's connectors (bot/channels/): signed webhooks only, native or numbered buttons.
    if env.get("TELEGRAM_TOKEN"):
        credentials["bot.channels.telegram.TelegramInput"] = {
            "access_token": env["TELEGRAM_TOKEN"], "verify": env.get("TELEGRAM_BOT_NAME", ""),
            "webhook_url": env.get("TELEGRAM_WEBHOOK_URL", ""), "secret_token": env.get("TELEGRAM_SECRET_TOKEN", ""),
            "api_base_url": env.get("TELEGRAM_API_BASE_URL", "")}
    if env.get("TWILIO_ACCOUNT_SID"):
        credentials["bot.channels.twilio.TwilioInput"] = {
            "account_sid": env["TWILIO_ACCOUNT_SID"], "auth_token": env.get("TWILIO_AUTH_TOKEN", ""),
            "twilio_number": env.get("TWILIO_WHATSAPP_NUMBER", ""), "webhook_url": env.get("TWILIO_WEBHOOK_URL", ""),
            "api_base_url": env.get("TWILIO_API_BASE_URL", "")}
    if env.get("FACEBOOK_PAGE_ACCESS_TOKEN"):
        credentials["bot.channels.facebook.FacebookInput"] = {
            "verify": env.get("FACEBOOK_VERIFY", ""), "secret": env.get("FACEBOOK_SECRET", ""),
            "page-access-token": env["FACEBOOK_PAGE_ACCESS_TOKEN"],
            "api_base_url": env.get("FACEBOOK_API_BASE_URL", "")}
    if env.get("WHATSAPP_ACCESS_TOKEN"):
        credentials["bot.channels.whatsapp_cloud.WhatsAppCloudInput"] = {
            "verify_token": env.get("WHATSAPP_VERIFY_TOKEN", ""), "app_secret": env.get("WHATSAPP_APP_SECRET", ""),
            "access_token": env["WHATSAPP_ACCESS_TOKEN"], "phone_number_id": env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
            "api_base_url": env.get("WHATSAPP_API_BASE_URL", ""), "api_version": env.get("WHATSAPP_API_VERSION", ""),
            "template_name": env.get("WHATSAPP_TEMPLATE_NAME", ""),
            "template_language": env.get("WHATSAPP_TEMPLATE_LANGUAGE", "")}
    return credentials


@dataclass
class Stack:
    """Configuration in, running processes out."""

    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    ports: Ports = field(default_factory=Ports)
    var_dir: Path = REPO_ROOT / "var"
    model: Optional[Path] = None
    with_web: bool = True
    log_dir: Optional[Path] = None
    services: list[Service] = field(default_factory=list)

    def action_token(self) -> str:
        """The secret Rasa sends to the action server; kept in ``env`` so tests can use it."""
        if not self.env.get("ACTION_SERVER_TOKEN"):
            self.env["ACTION_SERVER_TOKEN"] = stored_secret(self.var_dir, "action-server-token")
        return self.env["ACTION_SERVER_TOKEN"]

    def origins(self) -> list[str]:
        """The browser origins allowed on the Rasa server (see :mod:`bot.launcher.network`)."""
        website = str(load_settings(environ=self.env).studio.get("website") or "")
        return site_origins(self.env, website, self.ports.web)

    def _write_config(self, origins: list[str]) -> tuple[Path, Path]:
        """var/endpoints.yml and var/credentials.yml, owner-only: they hold the tokens and database passwords."""
        private_dir(self.var_dir)
        endpoints = yaml.safe_load((REPO_ROOT / "endpoints.yml").read_text()) or {}
        actions_host = reach_host(bind_host(self.env, "ACTIONS_HOST"))
        endpoints["action_endpoint"] = {"url": f"http://{actions_host}:{self.ports.actions}/webhook",
                                        "headers": {"Authorization": f"Bearer {self.action_token()}"}}
        tracker_url = self.env.get("TRACKER_STORE_URL") or f"sqlite:///{self.var_dir / 'tracker.db'}"
        endpoints["tracker_store"] = tracker_store_config(tracker_url)
        endpoints["lock_store"] = lock_store_config(self.env.get("REDIS_URL", ""),
                                                    self.env.get("LOCK_STORE_REDIS_DOWN", ""))
        credentials = channel_credentials(self.env)
        credentials[SERVER_HARDENING] = {"origins": origins}
        credentials[SPEEDUPS] = None
        credentials[RELAY] = {"allowed_networks": [n for n in re.split(r"[\s,]+", self.env.get(
            "RELAY_ALLOWED_NETWORKS", "")) if n]}
        endpoints_file, credentials_file = self.var_dir / "endpoints.yml", self.var_dir / "credentials.yml"
        write_private(endpoints_file, yaml.safe_dump(endpoints, sort_keys=False))
        write_private(credentials_file, yaml.safe_dump(credentials, sort_keys=False))
        return endpoints_file, credentials_file

    def _process_env(self) -> dict[str, str]:
        env = dict(self.env)
        env.setdefault("VAR_DIR", str(self.var_dir))
        env.setdefault("DATABASE_URL", f"sqlite:///{self.var_dir / 'leads.db'}")
        env.setdefault("TRACKER_STORE_URL", f"sqlite:///{self.var_dir / 'tracker.db'}")
        env.setdefault("RASA_PUBLIC_URL", f"http://localhost:{self.ports.rasa}")
        # the web app reaches the Rasa server's internal relay (bot/channels/relay.py) directly, never via a proxy
        env.setdefault("RASA_RELAY_URL", f"http://{reach_host(bind_host(self.env, 'RASA_HOST'))}:{self.ports.rasa}")
        env.update({"PYTHONPATH": str(REPO_ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
                    "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
                    "WEB_PORT": str(self.ports.web), "ACTIONS_PORT": str(self.ports.actions),
                    "ACTION_SERVER_TOKEN": self.action_token(),
                    "FORCE_JSON_LOGGING": "1",       # Rasa's structured records as JSON, which the log filter reads
                    "PYTHONUNBUFFERED": "1"})
        return env

    def build(self) -> list[Service]:
        origins = self.origins()
        endpoints, credentials = self._write_config(origins)
        model = self.model or model_path()
        if not model.exists():
            raise FileNotFoundError(f"No trained model at {model}: run `make setup` (it trains when needed).")
        rasa_host, actions_host = bind_host(self.env, "RASA_HOST"), bind_host(self.env, "ACTIONS_HOST")
        rasa = Service("rasa", [str(RASA_BIN / "rasa"), "run", "--model", str(model), "--endpoints", str(endpoints),
                                "--credentials", str(credentials), "--interface", rasa_host,
                                "--port", str(self.ports.rasa), "--cors", *origins,
                                "--logging-config-file", str(RASA_LOGGING_CONFIG)],
                       f"http://{reach_host(rasa_host)}:{self.ports.rasa}/")
        actions = Service("actions", [str(APP_BIN / "python"), "-m", "bot.actions", "--host", actions_host,
                                      "--port", str(self.ports.actions)],
                          f"http://{reach_host(actions_host)}:{self.ports.actions}/health")
        self.services = [actions, rasa]
        if self.with_web and (REPO_ROOT / "bot" / "web" / "__main__.py").exists():
            self.services.append(Service("web", [str(APP_BIN / "python"), "-m", "bot.web"],
                                         f"http://127.0.0.1:{self.ports.web}/"))
        return self.services

    def start(self) -> None:
        env = self._process_env()
        tighten_sqlite([env["DATABASE_URL"], env["TRACKER_STORE_URL"]])
        for service in self.build():
            out = None
            if self.log_dir is not None:
                private_dir(self.log_dir)
                out = os.fdopen(os.open(self.log_dir / f"{service.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                                        0o600), "ab")
            service.process = subprocess.Popen(service.command, cwd=REPO_ROOT, env=env, stdout=out,
                                               stderr=subprocess.STDOUT if out else None, start_new_session=True,
                                               umask=UMASK)

    def wait_ready(self, timeout: float = 300.0) -> float:
        """Seconds until every service answered; raises if one died or time ran out."""
        started = time.monotonic()
        pending = list(self.services)
        while pending:
            for service in list(pending):
                if service.process is not None and service.process.poll() is not None:
                    raise RuntimeError(f"{service.name} exited with code {service.process.returncode}")
                if _answers(service.ready_url):
                    pending.remove(service)
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(s.name for s in pending)}")
            if pending:
                time.sleep(0.5)
        return time.monotonic() - started

    def dead(self) -> Optional[Service]:
        return next((s for s in self.services if s.process is not None and s.process.poll() is not None), None)

    def stop(self, grace: float = 10.0) -> None:
        for service in self.services:
            if service.process is not None and service.process.poll() is None:
                os.killpg(service.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for service in self.services:
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
                service.process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False
