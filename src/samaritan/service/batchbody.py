"""Cut a batch request `{"ads": [...]}` into the exact bytes of each ad, so every ad in a batch
is kept byte for byte as the platform sent it, as a single `POST /v1/screen` would be.

The cut is a flat scan (strings and brackets, one regular-expression token at a time, with a
depth counter), never a recursive parse: an ad nested 2,000 deep is cut out like any other and
then refused on its own (its JSON is too deep), instead of failing the whole batch. Each ad's
bytes are parsed later, one by one, by the screening service.
"""

from __future__ import annotations

import re

import orjson

# A JSON string (escapes included) or one structural character; everything else (numbers,
# literals, white space) lies between tokens and is checked when an element is parsed.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]')
_WS = b" \t\n\r"


class BatchBodyError(ValueError):
    pass


def split_ads(body: bytes) -> list[bytes]:
    """The raw bytes of each element of the top-level "ads" array, in order."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BatchBodyError(f"the body is not UTF-8 (byte {exc.start})") from exc
    tokens = _TOKEN.finditer(body)
    spans: list[tuple[int, int]] | None = None
    prev = _expect(body, tokens, 0, (b"{",), 'expected a JSON object {"ads": [...]}')
    state = "key"  # key -> colon -> value -> after -> key ...
    while True:
        if state == "key":
            match = _expect(body, tokens, prev.end(), None, "expected an object key")
            if match.group() == b"}" and prev.group() == b"{":
                prev = match
                break
            if not match.group().startswith(b'"'):
                raise BatchBodyError(f"expected an object key at byte {match.start()}")
            key, prev, state = _key(match.group()), match, "colon"
        elif state == "colon":
            prev, state = _expect(body, tokens, prev.end(), (b":",), "expected ':'"), "value"
        elif state == "value" and key == b"ads":
            spans, end = _array(body, tokens, prev.end())
            prev = _expect(body, tokens, end, (b",", b"}"), "expected ',' or '}'")
            if prev.group() == b"}":
                break
            state = "key"
        else:
            prev = _skip_value(body, tokens, prev.end())
            if prev.group() == b"}":
                break
            state = "key"
    if body[prev.end() :].strip(_WS):
        raise BatchBodyError("unexpected data after the JSON object")
    if spans is None:
        raise BatchBodyError('the body has no "ads" array')
    return [body[a:b] for a, b in spans]


def _expect(body: bytes, tokens, after: int, allowed: tuple[bytes, ...] | None, message: str):
    """The next token, which must follow `after` with only white space between."""
    match = next(tokens, None)
    if match is None or body[after : match.start()].strip(_WS):
        raise BatchBodyError(f"{message} at byte {after}")
    if allowed is not None and match.group() not in allowed:
        raise BatchBodyError(f"{message} at byte {match.start()}")
    return match


def _skip_value(body: bytes, tokens, start: int):
    """Skip another top-level member's value (checked as JSON, not kept); returns the ',' or
    '}' after it."""
    depth = 0
    for match in tokens:
        tok = match.group()
        if tok in (b"{", b"["):
            depth += 1
        elif tok in (b"}", b"]") and depth:
            depth -= 1
        elif depth == 0 and tok in (b",", b"}"):
            try:
                orjson.loads(body[start : match.start()])
            except orjson.JSONDecodeError as exc:
                raise BatchBodyError("a top-level member is not valid JSON") from exc
            return match
    raise BatchBodyError("the JSON object is not closed")


def _key(tok: bytes) -> bytes:
    try:
        return orjson.loads(tok).encode()
    except orjson.JSONDecodeError as exc:
        raise BatchBodyError("an object key is not a valid JSON string") from exc


def _array(body: bytes, tokens, start: int) -> tuple[list[tuple[int, int]], int]:
    """Spans of the elements of the array that opens at or after `start`."""
    opening = next(tokens, None)
    if opening is None or opening.group() != b"[" or body[start : opening.start()].strip(_WS):
        raise BatchBodyError('"ads" must be an array')
    spans: list[tuple[int, int]] = []
    stack: list[bytes] = []
    element = opening.end()
    for match in tokens:
        tok, at = match.group(), match.start()
        if not stack and tok in (b",", b"]"):
            if body[element:at].strip(_WS):
                spans.append(_trim(body, element, at))
            elif tok == b"," or spans:
                raise BatchBodyError(f'an empty element in "ads" at byte {at}')
            if tok == b"]":
                return spans, match.end()
            element = match.end()
        elif tok in (b"{", b"["):
            stack.append(tok)
        elif tok in (b"}", b"]") and (not stack or (stack.pop() == b"{") != (tok == b"}")):
            raise BatchBodyError(f"unbalanced brackets at byte {at}")
    raise BatchBodyError('the "ads" array is not closed')


def _trim(body: bytes, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start] in _WS:
        start += 1
    while end > start and body[end - 1] in _WS:
        end -= 1
    return start, end
