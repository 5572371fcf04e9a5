"""Read hash lists as the ecosystem ships them: ThreatExchange / hasher-matcher-actioner CSV and
JSON (signal type, value, tags), and plain lists of PDQ, MD5 or SHA-256 hashes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

SIGNAL_TYPES = ("pdq", "md5", "sha256")
# The names ThreatExchange, HMA and hotline exports use for the same three signal types.
_ALIASES = {
    "pdq": "pdq", "hash_pdq": "pdq", "photo_pdq": "pdq", "pdq_hash": "pdq",
    "md5": "md5", "hash_md5": "md5", "photo_md5": "md5", "video_md5": "md5", "md5_hash": "md5",
    "sha256": "sha256", "sha-256": "sha256", "hash_sha256": "sha256", "photo_sha256": "sha256",
}  # fmt: skip
_TYPE_FIELDS = ("signal_type", "indicator_type", "type", "hash_type")
_VALUE_FIELDS = ("signal_value", "signal", "indicator", "value", "hash")
_HEX = {"pdq": re.compile(r"[0-9a-f]{64}"), "md5": re.compile(r"[0-9a-f]{32}"), "sha256": re.compile(r"[0-9a-f]{64}")}
# A plain list read in two passes of the regex engine over the whole text, not a Python loop a line.
_PLAIN_ENTRY = {
    size: re.compile(rf"^[ \t]*([0-9a-f]{{{size}}})[ \t]*(?:[,\t][ \t]*([0-9]*)[ \t]*)?\r?$", re.M) for size in (32, 64)
}
_PLAIN_SKIP = re.compile(r"^[ \t]*(?:#[^\n]*)?\r?$", re.M)

Rows = dict[str, list[tuple[str, str, int | None]]]  # signal type -> (value, tags joined by spaces, quality)


class BankFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Signal:
    signal_type: str  # pdq | md5 | sha256
    value: str  # lower-case hex
    tags: tuple[str, ...] = ()
    quality: int | None = None  # PDQ quality, when the list gives it


def signal_type(name: str) -> str:
    key = name.strip().lower().replace(" ", "_")
    if key not in _ALIASES:
        raise BankFormatError(f"unknown signal type {name!r} (expected PDQ, MD5 or SHA-256)")
    return _ALIASES[key]


def checked(kind: str, value: str, where: str) -> str:
    value = value.strip().lower()
    if not _HEX[kind].fullmatch(value):
        raise BankFormatError(f"{where}: {value[:80]!r} is not a {kind} hash")
    return value


def _tags(raw: object) -> tuple[str, ...]:
    if isinstance(raw, list | tuple):
        return tuple(str(t).strip() for t in raw if str(t).strip())
    return tuple(t for t in re.split(r"[\s,;]+", str(raw or "")) if t)


def _row(record: dict, where: str, default_type: str | None) -> Signal:
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    kind_name = next((lowered[f] for f in _TYPE_FIELDS if lowered.get(f)), default_type)
    value = next((lowered[f] for f in _VALUE_FIELDS if lowered.get(f)), None)
    if kind_name is None or value is None:
        raise BankFormatError(f"{where}: needs a signal type and a value ({', '.join(_VALUE_FIELDS)})")
    kind = signal_type(str(kind_name))
    quality = lowered.get("quality")
    return Signal(kind, checked(kind, str(value), where), _tags(lowered.get("tags")), int(quality) if quality else None)


def read_signals(data: bytes, name: str, default_type: str | None = None) -> Iterator[Signal]:
    """Every signal in a bank file. `default_type` (pdq, md5, sha256) is required for a plain
    list of 64-hex hashes, which could be PDQ or SHA-256; 32-hex lines are MD5."""
    text = data.decode("utf-8-sig")
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        yield from _json(stripped, name, default_type)
        return
    first = stripped.split("\n", 1)[0].lower()
    if any(f in first for f in (*_TYPE_FIELDS, *_VALUE_FIELDS)) and "," in first:
        for n, record in enumerate(csv.DictReader(io.StringIO(stripped)), start=2):
            yield _row(record, f"{name}:{n}", default_type)
        return
    yield from _plain(text, name, default_type)


def read_rows(data: bytes, name: str, default_type: str | None = None) -> Rows:
    """The signals of `read_signals` grouped by type as (value, tags, quality) tuples: the
    import's bulk path. A plain list is parsed without a Python step per line (1M hashes: about
    10x faster); anything it does not recognise goes through `read_signals`, which names the error."""
    text = data.decode("utf-8-sig")
    fast = _plain_rows(text, default_type) if not text.lstrip().startswith(("[", "{")) else None
    if fast is not None:
        return fast
    rows: Rows = defaultdict(list)
    for s in read_signals(data, name, default_type):
        rows[s.signal_type].append((s.value, " ".join(s.tags)[:500], s.quality))
    return dict(rows)


def _plain_rows(text: str, default_type: str | None, chunk: int = 1 << 24) -> Rows | None:
    """A plain list in which every line is a hash (with an optional quality), blank or a comment;
    None for anything else (a CSV header, a bad line, a 64-hex hash without a type). Read about
    `chunk` characters at a time, so a 10M-line file is never held twice more."""
    kind = signal_type(default_type) if default_type else "md5"  # 32-hex lines are MD5 without a type
    entry, pdq = _PLAIN_ENTRY[64 if kind != "md5" else 32], kind == "pdq"
    rows: list[tuple[str, str, int | None]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start + chunk)
        end = len(text) if end < 0 else end
        part = text[start:end].lower()
        entries = entry.findall(part)
        # Each line matches one pattern at most once: every line is accounted for only if the
        # matches add up to the line count.
        if len(entries) + len(_PLAIN_SKIP.findall(part)) != part.count("\n") + 1:
            return None
        rows.extend((value, "", int(quality) if pdq and quality else None) for value, quality in entries)
        start = end + 1
    return {kind: rows} if rows else None


def _json(text: str, name: str, default_type: str | None) -> Iterator[Signal]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:  # JSON lines
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield _row(json.loads(line), f"{name}:{n}", default_type)
        return
    records = doc.get("signals", doc.get("data", [])) if isinstance(doc, dict) else doc
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise BankFormatError(f"{name}: entry {n} is not an object")
        yield _row(record, f"{name}: entry {n}", default_type)


def _plain(text: str, name: str, default_type: str | None) -> Iterator[Signal]:
    fixed = signal_type(default_type) if default_type else None  # once, not per line: 1M lines
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line[0] == "#":
            continue
        value, _, rest = line.replace("\t", ",").partition(",")  # the PDQ tool writes "hash,quality"
        value = value.strip().lower()
        kind = fixed or ("md5" if len(value) == 32 else None)
        if kind is None:
            raise BankFormatError(f"{name}:{n}: a 64-hex hash may be PDQ or SHA-256: give --type pdq or --type sha256")
        if not _HEX[kind].fullmatch(value):
            raise BankFormatError(f"{name}:{n}: {value[:80]!r} is not a {kind} hash")
        quality = int(rest) if rest and kind == "pdq" and rest.strip().isdigit() else None
        yield Signal(kind, value, (), quality)
