"""deploy/: the Kubernetes manifests render and validate, the compose file and Dockerfiles point at real files.

Nothing here needs a container runtime or a cluster (this machine has neither): the production overlay is
rendered with ``kubectl kustomize`` when kubectl is on the PATH, and always with the PyYAML renderer in
kustomize_lite.py (both must agree); every rendered object is checked against the Kubernetes API schemas with
the pinned ``kubernetes-validate``; then what the deployment relies on is checked by reading it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from bot.settings import REPO_ROOT
from tests.deploy.kustomize_lite import render

DEPLOY = REPO_ROOT / "deploy"
OVERLAY = DEPLOY / "k8s" / "overlays" / "production"
BASE = DEPLOY / "k8s" / "base"
KUBERNETES_VERSION = "1.30.0"        # the oldest minor version the manifests must work on
HEALTH = {"rasa": "/", "actions": "/health", "web": "/healthz"}
SECRET_KEYS = {"database-url", "tracker-store-url", "redis-url", "action-server-token", "relay-token",
               "rest-channel-token", "dashboard-secret-key"}
PORTS = {"rasa": 5005, "actions": 5055, "web": 8080}


def _key(doc: dict[str, Any]) -> tuple[str, str]:
    return doc["kind"], doc["metadata"]["name"]


def _without_hash(docs: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """Objects by kind and name, with the generated ConfigMap's name suffix (its hash) blanked out."""
    return {(kind, re.sub(r"^studio-config-\w+$", "studio-config-#", name)):
            re.sub(r"studio-config-\w+", "studio-config-#", yaml.safe_dump(doc, sort_keys=True))
            for doc in docs for kind, name in [_key(doc)]}


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    return render(OVERLAY)


def test_kubectl_kustomize_renders_the_same_objects(rendered) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        if os.environ.get("CI") == "true":
            pytest.fail("kubectl must be installed in CI (Debian's kubernetes-client)")
        pytest.skip("kubectl is not installed here; the PyYAML rendering is still checked by the other tests")
    result = subprocess.run([kubectl, "kustomize", str(OVERLAY)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    by_kubectl = _without_hash([d for d in yaml.safe_load_all(result.stdout) if d])
    assert by_kubectl == _without_hash(rendered)


def test_every_object_is_valid_for_the_kubernetes_api(rendered) -> None:
    assert len(rendered) >= 15
    for doc in rendered:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)   # raises on the first error


def test_every_deployment_has_probes_on_its_health_endpoint_and_bounded_memory(rendered) -> None:
    deployments = {d["metadata"]["name"]: d for d in rendered if d["kind"] == "Deployment"}
    assert set(deployments) == set(HEALTH)
    for name, deployment in deployments.items():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        for probe in ("readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["path"] == HEALTH[name], (name, probe)
        assert container["resources"]["limits"]["memory"]
        assert container["image"].startswith("registry.example.com/studio/") and container["image"].endswith(":1.0.0")
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


def test_secrets_are_referenced_never_written(rendered) -> None:
    assert not [d for d in rendered if d["kind"] == "Secret"]
    referenced = set()
    for doc in rendered:
        spec = doc.get("spec", {}).get("template", {}).get("spec", {})
        for container in spec.get("initContainers", []) + spec.get("containers", []):
            for variable in container.get("env", []):
                assert "value" not in variable or not re.search(r"TOKEN|SECRET|PASSWORD|_URL$", variable["name"]) \
                    or variable["name"] in ("RASA_RELAY_URL",), variable
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "studio-secrets"
                    referenced.add(ref["key"])
    assert referenced == SECRET_KEYS
    config = next(d for d in rendered if d["kind"] == "ConfigMap")
    assert not [k for k in config["data"] if re.search(r"TOKEN|SECRET|PASSWORD", k)]


def test_services_autoscalers_and_disruption_budgets_match_the_deployments(rendered) -> None:
    kinds: dict[str, dict[str, Any]] = {}
    for doc in rendered:
        kinds.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    for name, port in PORTS.items():
        labels = kinds["Deployment"][name]["spec"]["template"]["metadata"]["labels"]
        service = kinds["Service"][name]
        assert all(labels.get(k) == v for k, v in service["spec"]["selector"].items())
        assert service["spec"]["ports"][0]["port"] == port
        assert kinds["HorizontalPodAutoscaler"][name]["spec"]["scaleTargetRef"]["name"] == name
        assert kinds["HorizontalPodAutoscaler"][name]["spec"]["minReplicas"] >= 2
        assert kinds["PodDisruptionBudget"][name]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert kinds["HorizontalPodAutoscaler"]["rasa"]["spec"]["minReplicas"] == 3        # the overlay's patch


def test_the_chat_ingress_is_sticky_and_the_relay_is_never_public(rendered) -> None:
    ingresses = {d["metadata"]["name"]: d for d in rendered if d["kind"] == "Ingress"}
    chat = ingresses["chat"]
    assert chat["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    paths = {p["path"]: p["backend"]["service"]["name"]
             for i in ingresses.values() for p in i["spec"]["rules"][0]["http"]["paths"]}
    assert paths["/socket.io"] == "rasa" and paths["/"] == "web"
    assert not [p for p in paths if p.startswith("/webhooks/relay")]
    assert {i["spec"]["rules"][0]["host"] for i in ingresses.values()} == {"assistant.studio.example"}
    assert all(i["spec"]["tls"][0]["secretName"] == "studio-tls" for i in ingresses.values())


def test_the_base_renders_on_its_own() -> None:
    docs = render(BASE)
    assert {d["kind"] for d in docs} >= {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
                                          "PodDisruptionBudget", "ConfigMap", "NetworkPolicy"}


# --- docker-compose.yml and the Dockerfiles ---------------------------------------------------------------

@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_the_compose_file_parses_and_every_file_it_names_exists(compose) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "nginx", "rasa", "actions", "web", "migrate"} <= set(services)
    for name, service in services.items():
        build = service.get("build")
        if build:
            context = (DEPLOY / build["context"]).resolve()
            assert context == REPO_ROOT, name
            assert (context / build["dockerfile"]).is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).exists(), (name, source)
            else:
                assert source in compose.get("volumes", {}), (name, source)
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        if "image" in service and "build" not in service:
            assert re.fullmatch(r"[\w./-]+:\d[\w.-]*", service["image"]), f"{name}: pin the image's version"


def test_the_proxy_routes_to_services_that_exist_with_sticky_chat(compose) -> None:
    conf = (DEPLOY / "nginx" / "nginx.conf").read_text()
    upstreams = dict(re.findall(r"upstream (\w+) \{(.*?)\}", conf, re.S))
    assert "ip_hash;" in upstreams["rasa"]                              # socket.io stays on one replica
    for body in upstreams.values():
        for host, port in re.findall(r"server (\w+):(\d+)", body):
            assert host in compose["services"] and int(port) == PORTS[host]
    assert "location /webhooks/relay/ { return 404; }" in conf
    assert "ssl_certificate     /etc/nginx/certs/tls.crt;" in conf


def test_the_processes_the_images_start_exist(compose) -> None:
    from bot.replicas.serve import ROLES

    for name in ("migrate", "actions", "web"):
        assert compose["services"][name]["command"][0] in ROLES
    for dockerfile in (DEPLOY / "docker").glob("*.Dockerfile"):
        text = dockerfile.read_text()
        assert '"-m", "bot.replicas.serve"]' in text
        for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.M):
            for source in line.split()[:-1]:
                assert (REPO_ROOT / source).exists(), f"{dockerfile.name}: COPY {source}"
    health = {name: service["healthcheck"]["test"][-1] for name, service in compose["services"].items()
              if name in ("actions", "web")}
    assert "5055/health'" in health["actions"] and "8080/healthz'" in health["web"]


def test_the_image_build_context_leaves_out_secrets_and_environments() -> None:
    ignored = (REPO_ROOT / ".dockerignore").read_text().split()
    assert {".venv", "var", ".env", ".git", "deploy/nginx/certs"} <= set(ignored)


def test_serve_writes_the_atomic_lock_store_for_the_rasa_container(tmp_path: Path) -> None:
    from bot.replicas.serve import command_for, stack_from_env

    model = tmp_path / "model-test.tar.gz"
    model.write_bytes(b"")
    stack = stack_from_env({"VAR_DIR": str(tmp_path / "var"), "MODEL_PATH": str(model), "RASA_HOST": "0.0.0.0",
                            "ACTIONS_HOST": "actions", "REDIS_URL": "redis://redis:6379/0",
                            "ACTION_SERVER_TOKEN": "t" * 32,
                            "TRACKER_STORE_URL": "postgresql://studio:pw@postgres:5432/studio_tracker"})
    command = command_for("rasa", stack)
    assert command[command.index("--interface") + 1] == "0.0.0.0"
    endpoints = yaml.safe_load((tmp_path / "var" / "endpoints.yml").read_text())
    assert endpoints["lock_store"]["type"] == "bot.replicas.lock_store.AtomicRedisLockStore"
    assert endpoints["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert endpoints["tracker_store"]["url"] == "postgres"
    assert command_for("actions", stack)[-4:] == ["--host", "actions", "--port", "5055"]


def test_nginx_accepts_the_proxy_config(tmp_path: Path) -> None:
    """``nginx -t`` with Debian's nginx, when installed: compose's host names become loopback, and the
    ``http2 on;`` line (nginx 1.25+, the image's 1.27) is left out for Debian 12's 1.22."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    openssl = shutil.which("openssl")
    if nginx is None or openssl is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx and openssl must be installed in CI (scripts/setup.sh --test installs Debian's nginx)")
        pytest.skip("nginx (Debian's package) or openssl is not installed here")
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(certs / "tls.key"), "-out", str(certs / "tls.crt")], check=True,
                   capture_output=True, timeout=60)
    conf = (DEPLOY / "nginx" / "nginx.conf").read_text()
    conf = re.sub(r"server (rasa|web):", "server 127.0.0.1:", conf).replace("/etc/nginx/certs", str(certs))
    (tmp_path / "nginx.conf").write_text(conf.replace("    http2 on;\n", ""))
    result = subprocess.run([nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path),
                             "-g", f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
