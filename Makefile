# The two commands of the README's quick start, and the chores around them.
TODAY ?= 2026-12-01
BIN = .build/release/isms

.PHONY: lint test build setup embed bench clean rules-doc fuzz

lint: setup build            ## set up, build, and lint the example ISMS in Policies/
	$(BIN) lint Policies --today $(TODAY)

test: setup                  ## set up and run every test
	scripts/setup.sh --test
	swift test

setup:
	scripts/setup.sh

build:
	swift build -c release --product isms

embed:                       ## regenerate the embedded catalog and templates after editing them
	python3 scripts/embed.py

bench: setup                 ## benchmarks (figures, not pass/fail)
	Benchmarks/lint.sh 10000
	Benchmarks/history.sh 1000 20000
	Benchmarks/history-real.sh 16000 3
	Benchmarks/history-real.sh 13000 3 pull-requests
	Benchmarks/check.sh 1000 20000
	Benchmarks/report.sh 10000
	Benchmarks/shapes.sh
	Benchmarks/check-broken-links.sh 1000 3

FUZZ_SECONDS ?= 600
FUZZ_SEED ?= 1
fuzz: build                  ## mutation fuzzing of every read-only command; crashes and hangs saved in Fuzz/findings/
	python3 Fuzz/fuzz.py --binary $(BIN) --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

clean:
	rm -rf .build Benchmarks/out

readme: build                ## rewrite the README's rule table from the registry
	python3 scripts/readme_rules.py $(BIN)

rules-doc: build             ## rewrite docs/rules.md (the rule reference SARIF's helpUri points at) from the registry
	$(BIN) explain --all > docs/rules.md
