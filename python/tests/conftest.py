"""Shared fixtures: the attnviz binary (ATTNVIZ_BIN, else the repository's debug or release
build) and the repository's tiny random GPT-2 fixture."""
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))
TINY_GPT2 = REPO / "Tests" / "TransformerRuntimeTests" / "Fixtures" / "gpt2-tiny"


def pytest_configure(config):
    config.addinivalue_line("markers", "integration: needs torch and transformers (make test-integration)")


@pytest.fixture(scope="session")
def binary():
    """The attnviz binary under test; a missing one fails (make test builds it first)."""
    explicit = os.environ.get("ATTNVIZ_BIN")
    for candidate in ([explicit] if explicit else []) + [str(REPO / ".build" / "debug" / "attnviz"),
                                                          str(REPO / ".build" / "release" / "attnviz")]:
        if candidate and os.access(candidate, os.X_OK):
            os.environ["ATTNVIZ_BIN"] = candidate
            return candidate
    pytest.fail("missing tool: the attnviz binary (swift build --product attnviz, or set ATTNVIZ_BIN)")


@pytest.fixture(scope="session")
def tiny_gpt2():
    return TINY_GPT2
