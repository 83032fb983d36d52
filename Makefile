# NoodleCore TRM-Agent: the two everyday commands are `make demo` and `make test`.
# Override the interpreter used to create the venv with e.g. `make test PYTHON=python3.12`.

PYTHON ?= python3
VENV ?= .venv
PYTEST_WORKERS ?= 2
VENV_PY := $(VENV)/bin/python
# The stamp's name carries a hash of the install inputs, so an edit to either file
# re-installs and an unchanged tree skips pip entirely.
INSTALL_HASH := $(shell cat pyproject.toml constraints.txt | $(PYTHON) -c "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])")
STAMP := $(VENV)/.installed-$(INSTALL_HASH)

.PHONY: venv test test-slow demo lint ml clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	$(VENV_PY) -m pip install --quiet --upgrade pip
	$(VENV_PY) -m pip install --quiet -c constraints.txt -e '.[dev,report,dist]'
	rm -f $(VENV)/.installed-*
	touch $@

test: venv
	$(VENV_PY) -m pytest -m "not slow" -n $(PYTEST_WORKERS) -q
	$(VENV_PY) -m pytest --trm-gate=corpora/patterns -n $(PYTEST_WORKERS) -q

test-slow: venv
	$(VENV_PY) -m pytest -m slow -q

# The speed suite: every corpora/benchmarks program as CPython runs it vs compiled, interleaved.
.PHONY: bench
bench: venv
	$(VENV_PY) -m pip install --quiet -c constraints.txt -e '.[report]'
	mkdir -p results
	$(VENV)/bin/trm-harness speedup --processes 3 --json results/speedup.json --plot results/speedup.png

demo: venv
	mkdir -p results
	$(VENV)/bin/trm-harness coverage corpora/patterns --json results/demo-coverage.json
	$(VENV)/bin/trm-agent compile corpora/patterns -o results/demo-compiled --opt baseline --json results/demo-compile.json
	$(VENV)/bin/trm-harness roundtrip textwrap bisect colorsys fnmatch getopt graphlib reprlib sched --opt baseline --json results/demo-roundtrip.json
	$(VENV)/bin/trm-harness speedup --rounds 3 --json results/demo-speedup.json --plot results/demo-speedup.png
	@echo
	@echo "Results:"
	@echo "  coverage  -> results/demo-coverage.json"
	@echo "  compiled  -> results/demo-compiled/ (--opt baseline; per function: results/demo-compile.json)"
	@echo "  roundtrip -> results/demo-roundtrip.json (CPython's tests on baseline-compiled modules)"
	@echo "  speedup   -> results/demo-speedup.json, results/demo-speedup.png"

lint: venv
	$(VENV)/bin/ruff check trm_agent harness tests
	$(VENV)/bin/mypy trm_agent harness

# The ML extra (CPU torch, brevitas, safetensors) is large, so it is opt-in.
ml: venv
	$(VENV_PY) -m pip install --quiet -c constraints.txt -e '.[ml]'

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis .benchmarks
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
