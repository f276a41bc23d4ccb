"""Renders this repository's kustomizations without kubectl: only the features deploy/k8s uses.

``kubectl kustomize`` is the real renderer (tests/deploy/test_manifests.py uses it when it is on the PATH and
checks that both agree). This one needs PyYAML only, so the manifests are checked on any machine: resources
(files and directories), ``namespace``, ``labels`` (metadata only), ``images``, ``replicas``,
``configMapGenerator`` (literals, ``behavior: merge``, the name suffix and its references) and ``patches``
(strategic-merge files naming their target, or JSON 6902 operations with a ``target``). Anything else is an
error, so a manifest change that needs more is noticed here rather than rendered wrongly.
"""
from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

import yaml

Doc = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "configMapGenerator",
             "patches"}
CLUSTER_SCOPED = {"Namespace"}


def render(directory: Path) -> list[Doc]:
    docs, generated = _build(directory)
    return _rename_generated(docs, generated)


def _load_all(path: Path) -> list[Doc]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _build(directory: Path) -> tuple[list[Doc], dict[str, Doc]]:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise ValueError(f"{directory}: kustomize features this renderer lacks: {sorted(unknown)}")
    docs: list[Doc] = []
    generated: dict[str, Doc] = {}
    for resource in kustomization.get("resources", []):
        path = (directory / resource).resolve()
        if path.is_dir():
            more, more_generated = _build(path)
            docs.extend(more)
            generated.update(more_generated)
        else:
            docs.extend(_load_all(path))
    for generator in kustomization.get("configMapGenerator", []):
        data = dict(line.split("=", 1) for line in generator.get("literals", []))
        name = generator["name"]
        if generator.get("behavior") == "merge":
            generated[name]["data"].update(data)
        else:
            generated[name] = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}
    for pairs in kustomization.get("labels", []):
        for doc in [*docs, *generated.values()]:
            doc.setdefault("metadata", {}).setdefault("labels", {}).update(pairs["pairs"])
    for image in kustomization.get("images", []):
        for container in _containers(docs):
            if container.get("image") == image["name"]:
                container["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}"
    for replicas in kustomization.get("replicas", []):
        for doc in docs:
            if doc["kind"] == "Deployment" and doc["metadata"]["name"] == replicas["name"]:
                doc["spec"]["replicas"] = replicas["count"]
    for patch in kustomization.get("patches", []):
        body = yaml.safe_load((directory / patch["path"]).read_text())
        if isinstance(body, list):                       # JSON 6902 operations on every target
            for doc in docs:
                if _matches(doc, patch.get("target", {})):
                    _json6902(doc, body)
        else:
            target = next(d for d in docs if (d["kind"], d["metadata"]["name"]) ==
                          (body["kind"], body["metadata"]["name"]))
            _merge(target, body)
    if "namespace" in kustomization:
        for doc in [*docs, *generated.values()]:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = kustomization["namespace"]
    return docs, generated


def _containers(docs: Iterable[Doc]) -> Iterable[Doc]:
    for doc in docs:
        spec = doc.get("spec", {}).get("template", {}).get("spec", {})
        yield from spec.get("initContainers", [])
        yield from spec.get("containers", [])


def _matches(doc: Doc, target: Doc) -> bool:
    return all(doc.get(k) == v if k == "kind" else doc["metadata"].get(k) == v for k, v in target.items())


def _json6902(doc: Doc, operations: list[Doc]) -> None:
    for op in operations:
        if op["op"] != "replace":
            raise ValueError(f"JSON patch op {op['op']!r} is not supported here")
        *parents, last = [int(p) if p.isdigit() else p for p in op["path"].strip("/").split("/")]
        node: Any = doc
        for part in parents:
            node = node[part]
        node[last] = copy.deepcopy(op["value"])


def _merge(into: Any, patch: Any) -> Any:
    """Strategic merge, as far as these manifests need it: maps deep, lists of named items by name."""
    for key, value in patch.items():
        current = into.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        elif (isinstance(current, list) and isinstance(value, list) and value
              and all(isinstance(v, dict) and "name" in v for v in value + current)):
            by_name = {item["name"]: item for item in current}
            for item in value:
                if item["name"] in by_name:
                    _merge(by_name[item["name"]], item)
                else:
                    current.append(copy.deepcopy(item))
        else:
            into[key] = copy.deepcopy(value)
    return into


def _rename_generated(docs: list[Doc], generated: dict[str, Doc]) -> list[Doc]:
    names = {}
    for name, config_map in generated.items():
        digest = hashlib.sha256(json.dumps(config_map, sort_keys=True).encode()).hexdigest()[:10]
        config_map["metadata"]["name"] = names[name] = f"{name}-{digest}"
    for container in _containers(docs):
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef")
            if ref and ref["name"] in names:
                ref["name"] = names[ref["name"]]
        for variable in container.get("env", []):
            ref = variable.get("valueFrom", {}).get("configMapKeyRef")
            if ref and ref["name"] in names:
                ref["name"] = names[ref["name"]]
    return [*generated.values(), *docs]
