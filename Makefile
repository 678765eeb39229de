# facestack's entry points. `make run` and `make test` are the two commands README.md opens with.
SWIFT ?= swift
PYTHON ?= python3
HANDLERS := stacks/FaceRecognition/handlers
# The local cloud's emulator venv: the one `facestack local start` uses (docs/local-cloud.md).
LOCAL_VENV := .facestack/local/venv
LOCAL_PYTHON := $(LOCAL_VENV)/bin/python
# Swift sources the formatter checks (generated code is checked by its own drift test instead).
SWIFT_LINT_PATHS = Package.swift $(shell find Sources Tests Benchmarks stacks -name '*.swift' -not -path '*/Generated/*' | sort)

.PHONY: run test system-deps deps build lint swift-test e2e python-test local-venv local-test outputs-check bench clean

## run: the main job on the embedded default: synth, start the local emulator, deploy dev to it, print the outputs
run: system-deps build
	$(SWIFT) run --skip-build facestack synth --all
	$(SWIFT) run --skip-build facestack local start
	$(SWIFT) run --skip-build facestack deploy --env dev --local --yes

## test: every test and check, as CI runs it
test: deps lint swift-test e2e python-test local-test outputs-check

## system-deps: what building needs from Debian (libyaml-dev, for the YAML writer and reader)
system-deps:
	@pkg-config --exists yaml-0.1 2>/dev/null || test -f /usr/include/yaml.h || { apt-get update -qq && apt-get install -y -qq libyaml-dev pkg-config; }

## deps: install what the tests need (libyaml-dev from Debian, Python packages from PyPI)
deps: system-deps
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements-dev.txt

build:
	$(SWIFT) build

lint:
	@echo "swift format lint (hand-written sources)"
	@$(SWIFT) format lint --strict --parallel $(SWIFT_LINT_PATHS)

swift-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## e2e: deploy end to end on loopback (moto with signature checks): bootstrap, deploy, update, no-op, refusal, wrong secret, destroy; then the synthesized packages opened with Python's zipfile; ~30 s, killed after 10 minutes
e2e: build
	timeout 600 $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e
	timeout 600 $(PYTHON) -m pytest -q -p no:cacheprovider tests/packages

## python-test: ruff over every Python file of the repository (ruff.toml; the handlers' own
## pyproject.toml there), the handlers' pytest suite (with mypy) and the scripts' tests
python-test:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check scripts tests
	cd $(HANDLERS) && $(PYTHON) -m pytest -q
	$(PYTHON) -m pytest -q scripts/tests

## local-venv: the emulator's venv, as facestack creates it (pinned local/requirements.txt), plus the test tools
local-venv: $(LOCAL_VENV)/.installed

$(LOCAL_VENV)/.installed: local/requirements.txt local/requirements-dev.txt
	test -x $(LOCAL_PYTHON) || $(PYTHON) -m venv $(LOCAL_VENV)
	$(LOCAL_PYTHON) -m pip install --disable-pip-version-check -q -r local/requirements.txt -r local/requirements-dev.txt
	PYTHONPATH=local $(LOCAL_PYTHON) -m facestack_local.faces.models install
	touch $@

## local-test: the emulator launcher and the face engine (ruff, mypy, pytest against real launchers); ~1.5 min
local-test: local-venv
	cd local && ../$(LOCAL_PYTHON) -m ruff check . && ../$(LOCAL_PYTHON) -m mypy && timeout 900 ../$(LOCAL_PYTHON) -m pytest -q

## outputs-check: committed templates/ and policies/ equal a fresh synth; IAM review, cfn-lint and parliament find nothing
outputs-check:
	$(SWIFT) run --skip-build facestack synth --check
	@for env in $$(ls stacks/environments | sed 's/\.yaml$$//'); do \
	  $(SWIFT) run --skip-build facestack iam review --env $$env --fail-on warning > /dev/null || exit 1; \
	done; echo "iam review: no error, no unacknowledged warning, every handler call covered"
	cfn-lint --format parseable templates/*/*.yaml
	@for folder in policies/*/; do \
	  out=$$(parliament --directory $$folder --include_policy_extension json < /dev/null) || exit 1; \
	  if [ -n "$$out" ]; then echo "parliament: $$folder"; echo "$$out"; exit 1; fi; \
	done; echo "parliament: no findings in policies/"

## bench: every benchmark, in release mode (figures in README.md)
bench:
	$(SWIFT) run -c release facestack-benchmarks

clean:
	rm -rf .build .facestack
