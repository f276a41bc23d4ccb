# The app image: the action server and the web app (dashboard, widget, background jobs) share one image and
# one locked environment; the container's command picks the process. Build from the repository root:
#   docker build -f deploy/docker/app.Dockerfile -t studio-app .
#   docker run … studio-app actions     # the action server on :5055 (GET /health)
#   docker run … studio-app web         # the web app on :8080 (GET /healthz)
#   docker run … studio-app migrate     # the leads store's schema, then exit (one at a time: advisory lock)
ARG PYTHON_IMAGE=python:3.10.16-slim-bookworm
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS widget
WORKDIR /widget
COPY bot/widget/package.json bot/widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY bot/widget/ ./
RUN npm run --silent build

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY requirements/app.lock requirements/app.lock
RUN uv venv -p /usr/local/bin/python3.10 .venv/app && uv pip sync -p .venv/app/bin/python requirements/app.lock

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHONPATH=/app VAR_DIR=/app/var \
    ACTIONS_HOST=0.0.0.0 ACTIONS_PORT=5055 WEB_HOST=0.0.0.0 WEB_PORT=8080
RUN groupadd --system --gid 10001 studio && useradd --system --uid 10001 --gid studio --home-dir /app studio
WORKDIR /app
COPY --from=build /app/.venv/app /app/.venv/app
COPY bot/ /app/bot/
COPY --from=widget /widget/dist /app/bot/widget/dist
COPY studio.yml domain.yml endpoints.yml credentials.yml /app/
RUN rm -rf /app/bot/widget/node_modules /app/bot/data \
 && mkdir -p /app/var && chown studio:studio /app/var && chmod 700 /app/var
USER 10001:10001
EXPOSE 5055 8080
ENTRYPOINT ["/app/.venv/app/bin/python", "-m", "bot.replicas.serve"]
CMD ["web"]
