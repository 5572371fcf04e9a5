"""Cut a batch request `{"ads": [...]}` into the exact bytes of each ad, so every ad in a batch
is kept byte for byte as the platform sent it, as a single `POST /v1/screen` would be."""

from __future__ import annotations

import json

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


class BatchBodyError(ValueError):
    pass


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def split_ads(body: bytes) -> list[bytes]:
    """The raw bytes of each element of the top-level "ads" array, in order."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BatchBodyError(f"the body is not UTF-8: {exc}") from exc
    try:
        pos = _skip(text, 0)
        if pos >= len(text) or text[pos] != "{":
            raise BatchBodyError('expected a JSON object {"ads": [...]}')
        pos = _skip(text, pos + 1)
        spans: list[tuple[int, int]] | None = None
        while pos < len(text) and text[pos] != "}":
            key, pos = _DECODER.raw_decode(text, pos)
            if not isinstance(key, str):
                raise BatchBodyError("object keys must be strings")
            pos = _skip(text, pos)
            if pos >= len(text) or text[pos] != ":":
                raise BatchBodyError(f"expected ':' at character {pos}")
            pos = _skip(text, pos + 1)
            if key == "ads":
                if pos >= len(text) or text[pos] != "[":
                    raise BatchBodyError('"ads" must be an array')
                spans, pos = _array_spans(text, pos)
            else:
                _, pos = _DECODER.raw_decode(text, pos)
            pos = _skip(text, pos)
            if pos < len(text) and text[pos] == ",":
                pos = _skip(text, pos + 1)
            elif pos < len(text) and text[pos] != "}":
                raise BatchBodyError(f"expected ',' or '}}' at character {pos}")
        if pos >= len(text):
            raise BatchBodyError("the JSON object is not closed")
        if _skip(text, pos + 1) != len(text):
            raise BatchBodyError("unexpected data after the JSON object")
    except json.JSONDecodeError as exc:
        raise BatchBodyError(f"invalid JSON: {exc}") from exc
    if spans is None:
        raise BatchBodyError('the body has no "ads" array')
    return [text[a:b].encode("utf-8") for a, b in spans]


def _array_spans(text: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    spans = []
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return spans, pos + 1
    while True:
        _, end = _DECODER.raw_decode(text, pos)
        spans.append((pos, end))
        pos = _skip(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
        elif pos < len(text) and text[pos] == "]":
            return spans, pos + 1
        else:
            raise BatchBodyError(f"expected ',' or ']' at character {pos}")
