"""Several replicas on one machine behind HAProxy: ``make run-replicas`` (``python -m bot.replicas.cluster``).

The variant of ``make run`` for trying the multi-machine set-up on one machine:
``REPLICAS`` (default 2) Rasa servers, action servers and web apps, each on a
port of its own, behind HAProxy (Debian's ``haproxy`` package) on the usual
ports. It needs what several machines need: ``DATABASE_URL`` and
``TRACKER_STORE_URL`` on PostgreSQL and ``REDIS_URL`` (the shared lock store,
windows, choices, limits, socket.io and run-once jobs).

HAProxy's frontends:

* ``RASA_PORT`` (5005, ``RASA_HOST``) — the chat and the webhooks; a client
  stays on one Rasa replica (``balance source``: socket.io's polling and its
  WebSocket must reach the replica holding the session); the internal relay is
  refused here;
* ``RELAY_PORT`` (5006, loopback) — the internal relay, for the web apps only;
* ``ACTIONS_PORT`` (5055, loopback) — the action servers, round robin, for Rasa;
* ``WEB_PORT`` (8080, ``WEB_HOST``) — the dashboard and widget, round robin.

Every backend is health-checked each second (a replica is out after three
failed or 5-second-slow checks: a busy Rasa is slow, not dead), and a refused
connection is tried on another replica at once (``retry-on conn-failure``;
never a request that may have been processed).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from bot.launcher.network import bind_host
from bot.launcher.private import UMASK, private_dir, write_private
from bot.launcher.stack import Ports, Service, Stack
from bot.settings import REPO_ROOT

HAPROXY = "haproxy"


@dataclass
class ReplicaPorts:
    rasa: int
    actions: int
    web: int


@dataclass
class Cluster(Stack):
    """``replicas`` copies of each process and HAProxy in front; ``ports`` are HAProxy's (the public ones)."""

    replicas: int = 2
    relay_port: int = 5006
    replica_ports: list[ReplicaPorts] = field(default_factory=list)
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)

    def check_stores(self) -> None:
        for name in ("DATABASE_URL", "TRACKER_STORE_URL"):
            if not self.env.get(name, "").startswith(("postgresql", "postgres:")):
                raise ValueError(f"several replicas need {name} on PostgreSQL")
        if not self.env.get("REDIS_URL"):
            raise ValueError("several replicas need REDIS_URL")
        if shutil.which(HAPROXY) is None:
            raise FileNotFoundError("HAProxy is not installed: apt-get install haproxy")

    def _process_env(self) -> dict[str, str]:
        env = super()._process_env()
        env["RASA_RELAY_URL"] = f"http://127.0.0.1:{self.relay_port}"    # the relay, never via the public frontend
        return env

    def haproxy_config(self) -> str:
        def servers(kind: str) -> str:
            return "\n".join(f"  server {kind}{i} 127.0.0.1:{getattr(p, kind)} check"
                             for i, p in enumerate(self.replica_ports, 1))

        rasa_host, web_host = bind_host(self.env, "RASA_HOST"), bind_host(self.env, "WEB_HOST")
        return f"""# written by bot/replicas/cluster.py
global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  option redispatch
  retries 3
  retry-on conn-failure
  timeout check 5s
  default-server inter 1s fall 3 rise 2

frontend rasa
  bind {rasa_host}:{self.ports.rasa}
  http-request deny deny_status 404 if {{ path_beg /webhooks/relay/ }}
  default_backend rasa

frontend relay
  bind 127.0.0.1:{self.relay_port}
  default_backend rasa

backend rasa
  balance source
  hash-type consistent
  option httpchk GET /
  http-response set-header X-Served-By %[srv_name]
{servers("rasa")}

frontend actions
  bind 127.0.0.1:{self.ports.actions}
  default_backend actions

backend actions
  balance roundrobin
  option httpchk GET /health
{servers("actions")}

""" + (f"""
frontend web
  bind {web_host}:{self.ports.web}
  default_backend web

backend web
  balance roundrobin
  option httpchk GET /healthz
{servers("web")}
""" if self.with_web else "")

    def build(self) -> list[Service]:
        """One service per process and replica, then HAProxy; Rasa calls the action servers through HAProxy."""
        base = super().build()            # writes var/endpoints.yml: the action endpoint is HAProxy's
        self.services, self.service_env = [], {}
        for i, ports in enumerate(self.replica_ports, 1):
            for service in base:
                command = list(service.command)
                if "--port" in command:
                    command[command.index("--port") + 1] = str(getattr(ports, service.name))
                port = getattr(ports, service.name)
                name = f"{service.name}-{i}"
                path = {"rasa": "/", "actions": "/health", "web": "/healthz"}[service.name]
                self.services.append(Service(name, command, f"http://127.0.0.1:{port}{path}"))
                if service.name == "web":
                    self.service_env[name] = {"WEB_PORT": str(port)}
        config = self.var_dir / "haproxy.cfg"
        write_private(config, self.haproxy_config())
        ready = f"http://127.0.0.1:{self.ports.web}/healthz" if self.with_web else \
            f"http://127.0.0.1:{self.relay_port}/"
        self.services.append(Service("haproxy", [shutil.which(HAPROXY) or HAPROXY, "-db", "-f", str(config)], ready))
        return self.services

    def start(self) -> None:
        self.check_stores()
        env = self._process_env()
        for service in self.build():
            out = None
            if self.log_dir is not None:
                private_dir(self.log_dir)
                out = os.fdopen(os.open(self.log_dir / f"{service.name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                                        0o600), "ab")
            service.process = subprocess.Popen(service.command, cwd=REPO_ROOT,
                                               env={**env, **self.service_env.get(service.name, {})}, stdout=out,
                                               stderr=subprocess.STDOUT if out else None, start_new_session=True,
                                               umask=UMASK)

    def service(self, name: str) -> Service:
        return next(s for s in self.services if s.name == name)

    def kill(self, name: str) -> None:
        """SIGKILL one process (a replica dying: nothing is flushed or released)."""
        process = self.service(name).process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def replica_ports(count: int, first: int = 15000) -> list[ReplicaPorts]:
    return [ReplicaPorts(first + 10 * i, first + 10 * i + 1, first + 10 * i + 2) for i in range(count)]


def main() -> int:
    from dotenv import load_dotenv

    from bot.settings import load_settings
    from bot.store.migrate import upgrade
    from bot.tools.first_account import ensure_first_account, show_once

    os.umask(UMASK)
    load_dotenv(REPO_ROOT / ".env")
    env = dict(os.environ)
    count = int(env.get("REPLICAS", 2))
    ports = Ports(rasa=int(env.get("RASA_PORT", 5005)), actions=int(env.get("ACTIONS_PORT", 5055)),
                  web=int(env.get("WEB_PORT", 8080)))
    cluster = Cluster(env=env, ports=ports, replicas=count, relay_port=int(env.get("RELAY_PORT", 5006)),
                      replica_ports=replica_ports(count, int(env.get("REPLICA_FIRST_PORT", 15000))))
    try:
        cluster.check_stores()
    except (ValueError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 2
    if not env.get("REST_CHANNEL_TOKEN"):
        print("Set REST_CHANNEL_TOKEN (the same for every replica).", file=sys.stderr)
        return 2
    settings = load_settings(environ=env)
    upgrade(settings.database_url)
    first = ensure_first_account(settings, cluster.var_dir)
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print(f"Starting {count} Rasa servers, action servers and web apps behind HAProxy…", flush=True)
    cluster.start()
    try:
        seconds = cluster.wait_ready(timeout=600)
        print(f"\nReady in {seconds:.0f} s: chat on :{ports.rasa}, dashboard on :{ports.web}/dashboard/ "
              f"(HAProxy; replicas on {', '.join(str(p.rasa) for p in cluster.replica_ports)} …). Ctrl-C stops.",
              flush=True)
        if first is not None:
            print(show_once(first, cluster.var_dir), flush=True)
        while not stopping:                  # a dead replica is HAProxy's to route around; say so once
            dead = cluster.dead()
            if dead is not None:
                assert dead.process is not None      # dead() picks only started services
                print(f"{dead.name} stopped (exit code {dead.process.returncode}); the others carry on.",
                      file=sys.stderr, flush=True)
                cluster.services.remove(dead)
            time.sleep(1)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Start-up failed: {error}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
