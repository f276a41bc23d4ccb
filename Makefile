# The two commands that matter: `make run` and `make test`.
.PHONY: run run-replicas test test-fast lint types setup setup-test validate train bench bench-load bench-nlu users clean

run: setup                ## set up (and train) if needed, then run the whole assistant
	PYTHONPATH=. .venv/app/bin/python -m bot.launcher

run-replicas: setup       ## REPLICAS (2) of each process behind HAProxy; needs PostgreSQL and REDIS_URL (README)
	PYTHONPATH=. .venv/app/bin/python -m bot.replicas.cluster

test: setup-test lint types validate ## every test: lint, unit, store, dashboard, conversations, browser
	PYTHONPATH=. .venv/app/bin/python -m pytest

test-fast:                ## the tests that start no server, on SQLite (a few minutes; no training)
	SKIP_TRAIN=1 scripts/setup.sh --test
	TEST_BACKENDS=sqlite PYTHONPATH=. .venv/app/bin/python -m pytest -q -m "not conversation and not browser"

lint:                     ## ruff: the rules that find bugs (ruff.toml; no training)
	SKIP_TRAIN=1 scripts/setup.sh --test
	.venv/app/bin/ruff check bot tests bench

types:                    ## mypy on bot (mypy.ini)
	SKIP_TRAIN=1 scripts/setup.sh --test
	.venv/app/bin/mypy

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

validate:                 ## Rasa's own data checks; a warning fails (bot/tools/validate_data.py)
	PYTHONPATH=. SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=3 .venv/rasa/bin/python -m bot.tools.validate_data

train:                    ## retrain even if nothing changed
	PYTHONPATH=. .venv/app/bin/python -m bot.launcher.train --force

bench: setup              ## latency, cold start, training time, memory (writes docs/benchmarks.md)
	PYTHONPATH=. .venv/app/bin/python -m bench.runtime

bench-load: setup         ## many visitors at once, ours against a stock bot (writes docs/benchmarks.md)
	PYTHONPATH=. .venv/app/bin/python -m bench.load --write

bench-nlu: setup          ## cross-validation and held-out NLU scores (writes docs/benchmarks.md)
	PYTHONPATH=. .venv/app/bin/python -m bench.nlu

users:                    ## create a dashboard account: make users NAME=marta
	PYTHONPATH=. .venv/app/bin/python -m bot.tools.users create $(NAME)

clean:
	rm -rf .venv bot/models/*.tar.gz bot/models/spacy_en_studio bot/widget/node_modules bot/widget/dist
