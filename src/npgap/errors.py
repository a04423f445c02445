"""Typed errors: every failure npgap reports is an `NpgapError` with a place and a reason.

Why one hierarchy: the CLI turns any `NpgapError` into one line and exit code 2, so no
user ever sees a traceback for bad input; anything else escaping is a bug.
"""

from __future__ import annotations

__all__ = [
    "FrameworkError",
    "InputEncodingWarning",
    "InputError",
    "InternalError",
    "NpgapError",
    "NpgapWarning",
    "ParseError",
]


class NpgapError(Exception):
    """Base of npgap's errors; `str()` is the one line the CLI prints."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class InputError(NpgapError):
    """The input cannot be read as text: missing, a directory, binary, undecodable, too big."""


class ParseError(NpgapError):
    """The text could not be turned into a provision tree (should be rare: text is kept)."""


class FrameworkError(NpgapError):
    """A framework file is malformed or fails validation."""


class InternalError(NpgapError):
    """npgap itself failed on this input (a bug): reported in one line, never a traceback.

    Why typed: a batch run keeps going past it, and tests can tell it from bad input.
    """


class NpgapWarning(UserWarning):
    """Base of what npgap warns API callers about (`warnings.warn`): the work went on,
    but the caller should know how. The same words are kept in the result's notes."""


class InputEncodingWarning(NpgapWarning):
    """Bytes that are not UTF-8 were read another way: decoded as cp1252 or latin-1, or
    as UTF-8 with the bad bytes replaced; the message names the encoding used.

    Why a class of its own: a pipeline can turn exactly this into an error
    (``warnings.simplefilter("error", npgap.InputEncodingWarning)``) or silence it.
    """
