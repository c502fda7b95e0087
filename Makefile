# attnviz: `make demo` renders the note's example, `make test` runs every test, `make bench`
# measures attnviz against the reference tools side by side, `make fuzz` fuzzes every reader.
SWIFT ?= swift
VENV ?= $(HOME)/.cache/attnviz/venv
export ATTNVIZ_VENV := $(VENV)

.PHONY: demo test test-python test-integration bench build setup clean fuzz
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
	$(MAKE) test-python
	scripts/fuzz --smoke

# The Python package (python/): unit tests against the debug binary, then the demo notebook run
# in a real Jupyter kernel, exported by nbconvert and checked in headless chromium (NumPy input).
ATTNVIZ_TEST_BIN ?= $(CURDIR)/.build/debug/attnviz
test-python:
	ATTNVIZ_BIN=$(ATTNVIZ_TEST_BIN) $(VENV)/bin/python -m pytest -q -p no:cacheprovider -m "not integration" python/tests
	ATTNVIZ_BIN=$(ATTNVIZ_TEST_BIN) $(VENV)/bin/python python/tests/notebook_check.py --input numpy

# The same on torch/transformers inputs: a tiny random GPT-2 with output_attentions=True and a
# TransformerLens-shaped cache (installs torch and transformers into the venv when missing).
# TransformerLens itself is optional: when `transformer_lens` imports (installed in the venv, or
# on PYTHONPATH), the tl notebook run and one pytest use its real ActivationCache.
test-integration:
	scripts/setup --integration
	$(SWIFT) build --product attnviz
	ATTNVIZ_BIN=$(ATTNVIZ_TEST_BIN) $(VENV)/bin/python -m pytest -q -p no:cacheprovider -m integration python/tests
	ATTNVIZ_BIN=$(ATTNVIZ_TEST_BIN) ATTNVIZ_TINY_MODEL=$(CURDIR)/Tests/TransformerRuntimeTests/Fixtures/gpt2-tiny \
	  $(VENV)/bin/python python/tests/notebook_check.py --input hf
	ATTNVIZ_BIN=$(ATTNVIZ_TEST_BIN) ATTNVIZ_TINY_MODEL=$(CURDIR)/Tests/TransformerRuntimeTests/Fixtures/gpt2-tiny \
	  $(VENV)/bin/python python/tests/notebook_check.py --input tl

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
