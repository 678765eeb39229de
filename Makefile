# facestack's entry points. `make run` and `make test` are the two commands README.md opens with.
SWIFT ?= swift
PYTHON ?= python3
HANDLERS := stacks/FaceRecognition/handlers
# The local cloud's emulator venv: the one `facestack local start` uses (docs/local-cloud.md).
LOCAL_VENV := .facestack/local/venv
LOCAL_PYTHON := $(LOCAL_VENV)/bin/python
# The security scanners' venv (requirements-scan.txt: checkov pins a boto3 the AWS CLI cannot share).
SCAN_VENV := .facestack/scan/venv
# Swift sources the formatter checks (generated code is checked by its own drift test instead).
SWIFT_LINT_PATHS = Package.swift $(shell find Sources Tests Benchmarks stacks -name '*.swift' -not -path '*/Generated/*' | sort)

.PHONY: run test system-deps browser-deps deps build lint swift-test e2e python-test local-venv local-test outputs-check scan-venv security-test bench bench-local bench-cli clean

## run: the main job on the embedded default: synth, start the local cloud, deploy dev to it, enroll a sample person, upload sample photos and print the faces found
FACESTACK = $(SWIFT) run --skip-build facestack
SAMPLES := .facestack/cache/samples
run: system-deps build
	$(FACESTACK) synth --all
	$(FACESTACK) local start
	$(FACESTACK) deploy --env dev --local --yes --progress plain
	PYTHONPATH=local $(PYTHON) -m facestack_local.samples $(SAMPLES) > /dev/null
	$(FACESTACK) local upload --enroll obama --skip-unchanged --wait $(SAMPLES)/obama.jpg
	$(FACESTACK) local upload --skip-unchanged --wait $(SAMPLES)/obama2.jpg $(SAMPLES)/obama3.jpg $(SAMPLES)/biden.jpg
	@echo
	@echo "The pipeline ran on the local cloud. Try next:"
	@echo "  .build/debug/facestack local results --follow          # rows as they land"
	@echo "  .build/debug/facestack local upload --wait PHOTO.jpg   # your own photo"
	@echo "  .build/debug/facestack local trace input/obama2.jpg    # one upload's whole story"
	@echo "  .build/debug/facestack local executions                # the state machine's runs"
	@echo "  .build/debug/facestack logs --env dev --local --function detect"
	@echo "  eval \"\$$(.build/debug/facestack local env)\" && aws s3 ls   # the AWS CLI, locally"
	@echo "  .build/debug/facestack local stop"
	@echo
	@echo "The live view (new results pushed as they are stored): $$($(FACESTACK) local live --env dev)"

## test: every test and check, as CI runs it
test: deps lint swift-test e2e python-test local-test outputs-check security-test

## system-deps: what building needs from Debian (libyaml-dev, for the YAML writer and reader)
system-deps:
	@pkg-config --exists yaml-0.1 2>/dev/null || test -f /usr/include/yaml.h || { apt-get update -qq && apt-get install -y -qq libyaml-dev pkg-config; }

## browser-deps: the live view's browser test: Debian's chromium, its driver (/usr/bin/chromedriver) and certutil (an NSS database that trusts the local CA)
browser-deps:
	@test -x /usr/bin/chromium && test -x /usr/bin/chromedriver && command -v certutil >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver libnss3-tools; }

## deps: install what the tests need (libyaml-dev from Debian, Python packages from PyPI, and fmt's corpus of public templates, from cfn-lint's sdists on PyPI, into .build/corpus)
deps: system-deps browser-deps
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

## e2e: the local cloud end to end, every call through the IAM gateway over TLS: deploy, update, no-op, refusal, destroy; the pipeline (enroll, match, stranger, rejection, Catch, timeouts and async retries, a grant removed and put back, refused credentials); the fleet; prod's customer-managed key (a removed key grant fails Store); operating verbs; the live view in headless chromium; then the synthesized packages opened with zipfile; killed after 20 minutes
e2e: build
	timeout 1200 $(PYTHON) -m pytest -q -p no:cacheprovider tests/e2e
	timeout 600 $(PYTHON) -m pytest -q -p no:cacheprovider tests/packages

## python-test: ruff over every Python file of the repository (ruff.toml; the handlers' own
## pyproject.toml there), the handlers' pytest suite (with mypy) and the scripts' tests
python-test:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check scripts tests
	cd $(HANDLERS) && timeout 900 $(PYTHON) -m pytest -q
	timeout 600 $(PYTHON) -m pytest -q scripts/tests

## local-venv: the emulator's venv, as facestack creates it (pinned local/requirements.txt), plus the test tools
local-venv: $(LOCAL_VENV)/.installed-dev

# Its own marker: `local start` writes .installed (the emulator's requirements alone) when it creates
# the venv first, and the test tools must still be added.
$(LOCAL_VENV)/.installed-dev: local/requirements.txt local/requirements-dev.txt
	test -x $(LOCAL_PYTHON) || $(PYTHON) -m venv $(LOCAL_VENV)
	$(LOCAL_PYTHON) -m pip install --disable-pip-version-check -q -r local/requirements.txt -r local/requirements-dev.txt
	PYTHONPATH=local $(LOCAL_PYTHON) -m facestack_local.faces.models install
	cp local/requirements.txt $(LOCAL_VENV)/.installed
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

## scan-venv: checkov, pinned (requirements-scan.txt), in a venv of its own
scan-venv: $(SCAN_VENV)/.installed

$(SCAN_VENV)/.installed: requirements-scan.txt
	test -x $(SCAN_VENV)/bin/python || $(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/pip install --disable-pip-version-check -q -r requirements-scan.txt
	cp requirements-scan.txt $@

## security-test: checkov over every committed template finds nothing the stack code did not acknowledge with a reason, and README.md lists every acknowledgement; ~1 min
security-test: scan-venv
	timeout 900 $(PYTHON) -m pytest -q -p no:cacheprovider tests/security

## Release builds on Linux link the Swift runtime and Foundation into each executable: a process
## no longer maps a dozen shared libraries and resolves their symbols at start (issue 20). Every
## release build of this folder passes the same flags, or SwiftPM rebuilds everything when they
## change. (macOS has the runtime in the system; SwiftPM ignores the flag there.)
RELEASE := -c release $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib)

## bench: every benchmark, in release mode (figures in README.md)
bench:
	$(SWIFT) run $(RELEASE) facestack-benchmarks

## bench-local: the deployed pipeline on the local cloud: upload -> row latency, invocation overhead, Lambda path vs fleet (1, 2, 4 workers); ~10 min
bench-local: build local-venv
	$(PYTHON) local/bench_pipeline.py

## bench-cli: facestack's commands timed as whole processes (release), beside facestack-floor and the peers (troposphere and AWS CDK, ../shared/bench-peers) in the same rounds; BENCH_CLI_FLAGS=--no-cdk where node is missing (figures in README.md)
PEERS ?= ../shared/bench-peers
BENCH_VENV := .build/bench-cli/venv
BENCH_CLI_FLAGS ?=
bench-cli: $(BENCH_VENV)/.installed
	$(SWIFT) build $(RELEASE) --product facestack
	$(SWIFT) build $(RELEASE) --product facestack-floor
	$(SWIFT) build $(RELEASE) --product facestack-copies
	$(PYTHON) scripts/bench_cli.py --peers $(PEERS) $(BENCH_CLI_FLAGS)

$(BENCH_VENV)/.installed: $(PEERS)/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --disable-pip-version-check -q -r $(PEERS)/requirements.txt
	cp $(PEERS)/requirements.txt $@

clean:
	rm -rf .build .facestack
