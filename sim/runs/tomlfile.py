"""Read a user's TOML file, a scenario or a sweep definition, or fail in one line saying why.

Scenario and sweep files both come through `read`, so they share one set of protections.
tomllib trusts its input, and some small files break it:

- lists or inline tables nested a few hundred levels deep end in RecursionError;
- a whole number of more than 4,300 digits ends in int()'s ValueError (Python's limit on
  converting long digit strings); in hexadecimal it is read, then breaks whatever prints or
  compares it: whole numbers beyond TOML's 64-bit range are refused;
- a dotted key of n parts (`a.b.c...`, also in a [table] header) costs tomllib memory in n²:
  20,000 parts, a 40 kB file, take 1.5 GB; so long keys are refused before parsing;
- a file of gigabytes, or a pipe or device that never ends, would be read whole.

Each of these, and a file that is missing, a folder, unreadable or not UTF-8, raises
TomlFileError with a one-line message naming the file and what is allowed. Errors about a
user's file derive from OneLineError, so a line break in a file name, key or value cannot split
the message.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path

MAX_BYTES = 1 << 20  # 1 MiB; shipped scenario and sweep files are about 1 kB
MAX_KEY_PARTS = 32  # a sweep needs 3 (vary.support.subsidy_rate)
INT64 = 2**63  # TOML's whole numbers are 64-bit: from -INT64 to INT64 - 1

# a key part is bare, "quoted" or 'literal'; _LONG_KEY finds more than MAX_KEY_PARTS of them joined by dots.
# Run over the raw text, it may also match inside a string value, which then has to hold 33 dotted words
# in a row to be refused. Parts start only at a word's start and never give back what they matched
# (possessive ++, *+): otherwise the search backtracks in time quadratic in the line's length
_PART = r"""(?:(?<![\w-])[\w-]++|"[^"\n]*+"|'[^'\n]*+')"""
_LONG_KEY = re.compile(rf"(?<![.\w-]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{MAX_KEY_PARTS},}}")
_DIGITS = re.compile(r"\d[\d_]*")


class OneLineError(ValueError):
    """An error about a user's file whose message is one line: characters that are not printable
    (line breaks, tabs, escape codes), which may come from the file's name or content, are shown escaped."""

    def __str__(self) -> str:
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in super().__str__())


class TomlFileError(OneLineError):
    """A file that cannot be read as TOML; the message names the file and what is allowed."""


def read(path: Path | Traversable, kind: str, layout: str) -> dict:
    """The TOML document in `path`, a `kind` of file ("a scenario file"); `layout` says what it may hold.

    Raises TomlFileError, never anything else, for any file a user may hand over.
    """
    if not path.is_file():  # a folder; or a pipe or device, which could block or never end
        what = "a folder" if path.is_dir() else "not a regular file"
        raise TomlFileError(f"{path}: {what}; allowed: {kind} (.toml)")
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TomlFileError(f"{path}: cannot be read ({exc.strerror or exc}); allowed: {kind} you can read") from None
    if len(raw) > MAX_BYTES:
        raise TomlFileError(f"{path}: larger than {MAX_BYTES:,} bytes; allowed: {kind} of at most 1 MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlFileError(f"{path}: not valid TOML (not UTF-8 text: byte {raw[exc.start]:#04x} at position "
                            f"{exc.start}); allowed: UTF-8 text holding {layout}") from None
    if long_key := _LONG_KEY.search(text):
        raise TomlFileError(f"{path}: line {_line(text, long_key.start())}: a dotted key or table name of more than "
                            f"{MAX_KEY_PARTS} parts; allowed: {layout}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlFileError(f"{path}: not valid TOML ({str(exc).splitlines()[0]}); allowed: {layout}") from None
    except RecursionError:
        raise TomlFileError(f"{path}: not valid TOML (lists or tables nested too deeply); allowed: {layout}, "
                            "nested a few levels at most") from None
    except ValueError:  # tomllib lets int()'s limit on digits through
        raise TomlFileError(_too_many_digits(path, text)) from None
    if field := _beyond_int64(data):
        raise TomlFileError(f"{path}: field '{field}' is a whole number beyond 64 bits; allowed: numbers within the "
                            f"field's bounds, and whole numbers from {-INT64} to {INT64 - 1} in any case")
    return data


def names(folder: Traversable) -> list[str]:
    """The names (without .toml) of the TOML files in a packaged folder: scenarios, shipped sweeps."""
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _too_many_digits(path, text: str) -> str:
    """The message for a whole number longer than Python converts, naming its line and field when they are found."""
    limit = sys.get_int_max_str_digits()
    for number in _DIGITS.finditer(text):
        digits = len(number.group().replace("_", ""))
        if digits > limit:
            line = _line(text, number.start())
            key = re.match(r"\s*([\w.\"' -]+?)\s*=", text.split("\n")[line - 1])
            field = f", field '{key.group(1)}'" if key else ""
            return (f"{path}: line {line}{field}: a whole number of {digits:,} digits; allowed: numbers within "
                    f"the field's bounds, and whole numbers from {-INT64} to {INT64 - 1} in any case")
    return f"{path}: not valid TOML (a number Python cannot read); allowed: numbers of at most {limit:,} digits"


def _beyond_int64(data: dict) -> str | None:
    """The name of a whole number outside TOML's 64-bit range, if any (walked without recursion: values nest)."""
    stack = [("", data)]
    while stack:
        name, value = stack.pop()
        if isinstance(value, dict):
            stack += ((f"{name}.{key}" if name else key, item) for key, item in value.items())
        elif isinstance(value, list):
            stack += ((f"{name}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, int) and not -INT64 <= value < INT64:
            return name
    return None
