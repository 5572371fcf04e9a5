"""Turn one decoded input record into an `Ad`, or say precisely why it cannot be screened.

Every field the contract (§1, `ad.schema.json`) names is checked against its schema type at
any depth, so a wrong type is an error naming its JSON path (`$.images[0].pdq`) wherever the
ad comes from: the CLI's readers and the HTTP service give the same answer. Unknown fields
are kept and not checked (the schema allows them).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from samaritan.engine.model import Ad

JsonObject = dict[str, Any]

_STRING_FIELDS = ("platform", "category", "title", "body", "posted_at", "url", "previous_id")
_LOCATION_FIELDS = ("city", "region", "country")
_POSTER_FIELDS = ("account_id", "ip", "email", "phone", "created_at")
_IMAGE_FIELDS = ("path", "sha256", "pdq")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class AdError(ValueError):
    """An input record that is not a screenable ad. `code` is stable for machines; `path` is the
    JSON path of the offending value, when one value is to blame."""

    def __init__(self, code: str, message: str, ad_id: str | None = None, path: str | None = None):
        super().__init__(message)
        self.code = code
        self.ad_id = ad_id
        self.path = path

    # Travels to worker processes intact (screen --workers).
    def __reduce__(self) -> tuple[type[AdError], tuple[str, str, str | None, str | None]]:
        return (AdError, (self.code, str(self), self.ad_id, self.path))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _wrong(path: str, expected: str, value: Any, ad_id: str | None) -> AdError:
    # The message names the path and the type only: never the client's value.
    return AdError("wrong_type", f"'{path}' must be {expected}, got {_kind(value)}", ad_id, path)


# The types a string field may hold: checked for all of an object's fields in C (`_strings`).
_STRING_OR_NONE = frozenset({str, type(None)})


def _strings(obj: JsonObject, names: tuple[str, ...], prefix: str, ad_id: str | None) -> None:
    if _STRING_OR_NONE.issuperset(map(type, map(obj.get, names))):
        return  # (every ad: a wrong type, or a str subclass, is told by the loop below)
    for name in names:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise _wrong(f"{prefix}.{name}", "a string", value, ad_id)


def _check_images(images: Any, ad_id: str) -> list[JsonObject]:
    if images is None:
        return []
    if not isinstance(images, list):
        raise _wrong("$.images", "an array of objects", images, ad_id)
    for i, image in enumerate(images):
        path = f"$.images[{i}]"
        if not isinstance(image, dict):
            raise _wrong(path, "an object", image, ad_id)
        if not image:
            raise AdError("wrong_type", f"'{path}' must name a path, sha256 or pdq", ad_id, path)
        _strings(image, _IMAGE_FIELDS, path, ad_id)
        for name in ("sha256", "pdq"):
            value = image.get(name)
            if value is not None and not _HEX64.fullmatch(value):
                raise AdError(
                    "wrong_type", f"'{path}.{name}' must be 64 lowercase hex characters", ad_id, f"{path}.{name}"
                )
    return images


def _check(record: JsonObject, ad_id: str) -> None:
    _strings(record, _STRING_FIELDS, "$", ad_id)
    poster = record.get("poster")
    if poster is not None:
        if not isinstance(poster, dict):
            raise _wrong("$.poster", "an object", poster, ad_id)
        _strings(poster, _POSTER_FIELDS, "$.poster", ad_id)
    location = record.get("location")
    if isinstance(location, dict):
        _strings(location, _LOCATION_FIELDS, "$.location", ad_id)
    elif location is not None and not isinstance(location, str):
        raise _wrong("$.location", "a string or an object", location, ad_id)
    price = record.get("price")
    if price is not None and (isinstance(price, bool) or not isinstance(price, int | float | str)):
        raise _wrong("$.price", "a number or a string", price, ad_id)


def parse_ad(record: Any) -> Ad:
    if not isinstance(record, dict):
        raise AdError("not_an_object", f"expected a JSON object, got {_kind(record)}", path="$")
    raw_id = record.get("id")
    if raw_id is not None and not isinstance(raw_id, str):
        # The contract's id is a string; a number is refused, not guessed at (a float id would
        # not round-trip), on the CLI and the service alike.
        raise _wrong("$.id", "a non-empty string", raw_id, None)
    if not raw_id:
        raise AdError("missing_id", "the ad has no 'id' (a non-empty string)", path="$.id")
    ad_id: str = raw_id
    _check(record, ad_id)
    images = _check_images(record.get("images"), ad_id)
    body = record.get("body") or ""
    title = record.get("title") or ""
    if not body.strip() and not title.strip():
        raise AdError("no_text", "the ad has neither 'body' nor 'title' text", ad_id)
    return Ad(
        id=ad_id,
        platform=record.get("platform") or "default",
        body=body,
        title=title,
        category=record.get("category") or "",
        location=record.get("location"),
        price=record.get("price"),
        posted_at=record.get("posted_at"),
        poster=record.get("poster") or {},
        images=images,
        previous_id=record.get("previous_id"),
        url=record.get("url"),
        raw=record,
    )


def parse_json_ad(line: bytes | str) -> Ad:
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise AdError("invalid_json", f"invalid JSON: {exc}") from exc
    return parse_ad(record)
