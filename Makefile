# attnviz: `make demo` renders the note's example, `make test` runs every test, `make bench`
# measures attnviz against the reference tools side by side, `make fuzz` fuzzes every reader.
SWIFT ?= swift
VENV ?= $(HOME)/.cache/attnviz/venv
export ATTNVIZ_VENV := $(VENV)

.PHONY: demo test bench build setup clean fuzz
FUZZ_SECONDS ?= 60

demo:
	scripts/setup
	$(SWIFT) build -c release --product attnviz
	.build/release/attnviz demo --output demo

test:
	scripts/setup --test
	scripts/fetch-model >/dev/null
	scripts/fetch-model smollm2 >/dev/null
	$(SWIFT) build --build-tests
	# The live-server tests (the library's, and the binary's `attnviz serve` suites) measure
	# timeouts and queue races in seconds: they run on their own, not beside the model and
	# browser tests that keep both cores busy, nor beside each other (run together, a 1 s
	# header-timeout test of the library failed in each of two runs; apart, both groups pass).
	ATTNVIZ_REQUIRE_TOOLS=1 $(SWIFT) test --skip-build --skip AttentionServerTests --skip 'CLITests\.Serve'
	ATTNVIZ_REQUIRE_TOOLS=1 $(SWIFT) test --skip-build --filter AttentionServerTests
	ATTNVIZ_REQUIRE_TOOLS=1 $(SWIFT) test --skip-build --filter 'CLITests\.Serve'
	scripts/fuzz --smoke

bench:
	scripts/setup --bench
	$(SWIFT) build -c release --product attnviz
	bench/run

build:
	$(SWIFT) build

fuzz:
	scripts/fuzz --seconds $(FUZZ_SECONDS) --report

clean:
	rm -rf .build .build-fuzz demo
