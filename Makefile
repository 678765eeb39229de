# facestack's entry points. `make run` and `make test` are the two commands README.md opens with.
SWIFT ?= swift
PYTHON ?= python3
HANDLERS := stacks/FaceRecognition/handlers
# Swift sources the formatter checks (generated code is checked by its own drift test instead).
SWIFT_LINT_PATHS = Package.swift $(shell find Sources Tests Benchmarks stacks -name '*.swift' -not -path '*/Generated/*' | sort)

.PHONY: run test system-deps deps build lint swift-test e2e python-test outputs-check bench clean

## run: the main job on the embedded default: synth, start the local emulator, deploy dev to it, print the outputs
run: system-deps build
	$(SWIFT) run --skip-build facestack synth --all
	$(SWIFT) run --skip-build facestack local start
	$(SWIFT) run --skip-build facestack deploy --env dev --local --yes

## test: every test and check, as CI runs it
test: deps lint swift-test e2e python-test outputs-check

## system-deps: what building needs from Debian (libyaml-dev, for the YAML writer and reader)
system-deps:
	@pkg-config --exists yaml-0.1 2>/dev/null || test -f /usr/include/yaml.h || { apt-get update -qq && apt-get install -y -qq libyaml-dev pkg-config; }

## deps: install what the tests need (libyaml-dev from Debian, Python packages from PyPI, and fmt's corpus of public templates, from cfn-lint's sdists on PyPI, into .build/corpus)
deps: system-deps
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	$(PYTHON) Tests/CloudFormationTests/Fixtures/Corpus/corpus.py fetch

build:
	$(SWIFT) build

lint:
	@echo "swift format lint (hand-written sources)"
	@$(SWIFT) format lint --strict --parallel $(SWIFT_LINT_PATHS)

swift-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## e2e: deploy end to end on loopback (moto with signature checks): bootstrap, deploy, update, no-op, refusal, wrong secret, destroy; ~20 s, killed after 10 minutes
e2e: build
	timeout 600 $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e

python-test:
	cd $(HANDLERS) && $(PYTHON) -m ruff check . && $(PYTHON) -m pytest -q
	$(PYTHON) -m pytest -q scripts/tests

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
