"""The public API: every name in `npgap.__all__` is what it says, however it is imported.

Why: a submodule named like a public function (`npgap.assess`) silently replaces the
function on the package once imported; this test catches that shadowing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import subprocess
import sys
import warnings

import pytest

import npgap


def test_all_names_resolve() -> None:
    for name in npgap.__all__:
        assert getattr(npgap, name) is not None, name


def test_functions_are_callable_after_every_submodule_is_imported() -> None:
    for module in ("npgap.api", "npgap.pipeline", "npgap.parser", "npgap.cli"):
        importlib.import_module(module)
    from npgap import assess, load_framework, parse

    for fn in (assess, parse, load_framework):
        assert callable(fn), fn
    doc = parse("1. Short title\nThis Act is the Test Act.\n")
    assert doc.provisions[0].num == "1"
    result = assess(doc)
    assert result.findings, "assess returned no findings"


def test_from_import_in_a_fresh_process() -> None:
    code = (
        "from npgap import assess, parse\n"
        "a = assess('1. No victim shall be prosecuted.\\n')\n"
        "print(type(a).__name__, len(a.findings) > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "Assessment True"


# -- bytes that are not UTF-8, size limit, empty text ----------------------------------

LEGACY = "1. No victim of trafficking shall be prosecuted. Señal — “café”.\n"


def test_parse_of_cp1252_bytes_warns_naming_the_encoding() -> None:
    from npgap.parser import parse as parse_plain

    data = LEGACY.encode("cp1252")
    with pytest.warns(npgap.InputEncodingWarning, match=r"decoded as cp1252") as caught:
        doc = npgap.parse(data, path="ley.txt")
    assert len(caught) == 1
    assert str(caught[0].message) == "ley.txt: not UTF-8: decoded as cp1252 (Windows-1252)"
    assert caught[0].filename == __file__  # points at the caller, not at npgap
    assert doc.notes[0] == npgap.Note("not UTF-8: decoded as cp1252 (Windows-1252)", 1, 1)
    assert "Señal — “café”" in doc.text
    assert doc == parse_plain(data, path="ley.txt")  # the same document as the parser's


def test_latin1_bytes_warn_too() -> None:
    data = LEGACY.replace("—", "-").replace("“", '"').replace("”", '"').encode("latin-1")
    data += b"\x81\n"  # undefined in cp1252
    with pytest.warns(npgap.InputEncodingWarning, match=r"latin-1") as caught:
        doc = npgap.parse(data)
    assert len(caught) == 1 and str(caught[0].message).startswith("not UTF-8")
    assert "latin-1" in doc.notes[0].message


def test_assess_of_legacy_bytes_warns_once_and_keeps_the_note() -> None:
    data = LEGACY.encode("cp1252")
    with pytest.warns(npgap.InputEncodingWarning) as caught:
        a = npgap.assess(data, path="ley.txt")
    assert len(caught) == 1 and caught[0].filename == __file__
    assert [n.message for n in a.document.notes] == ["not UTF-8: decoded as cp1252 (Windows-1252)"]
    assert json.loads(a.to_json())["document"]["notes"] == [
        {"line": 1, "column": 1, "message": "not UTF-8: decoded as cp1252 (Windows-1252)"}
    ]
    assert a.document.sha256 == hashlib.sha256(data).hexdigest()
    # warn=False: no Python warning, the note is still there
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = npgap.assess(data, path="ley.txt", warn=False)
    assert quiet.document.notes == a.document.notes
    assert quiet.to_json() == a.to_json()


def test_utf8_and_text_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert npgap.parse(LEGACY.encode("utf-8")).notes == ()
        assert npgap.parse(LEGACY).notes == ()
        assert npgap.assess(LEGACY.encode("utf-8")).document.notes == ()


def test_encoding_warning_can_be_made_an_error() -> None:
    assert issubclass(npgap.InputEncodingWarning, npgap.NpgapWarning)
    assert issubclass(npgap.NpgapWarning, UserWarning)
    with warnings.catch_warnings():
        warnings.simplefilter("error", npgap.InputEncodingWarning)
        with pytest.raises(npgap.InputEncodingWarning, match="cp1252"):
            npgap.assess(LEGACY.encode("cp1252"))


def test_assess_size_limit_and_empty_text() -> None:
    text = LEGACY * 10
    with pytest.raises(npgap.InputError, match=f"input is {len(text)} characters"):
        npgap.assess(text, max_chars=len(text) - 1)
    assert npgap.assess(text, max_chars=len(text)).findings
    # empty text: an empty assessment from the API, an InputError when asked (the CLI)
    empty = npgap.assess(b"  \n\n")
    assert empty.document.title is None and len(empty.findings) > 0
    with pytest.raises(npgap.InputError, match="the file is empty") as err:
        npgap.assess(b"  \n\n", path="blank.txt", allow_empty=False)
    assert err.value.path == "blank.txt"
