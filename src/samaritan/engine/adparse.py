"""Turn one decoded input record into an `Ad`, or say precisely why it cannot be screened."""

from __future__ import annotations

from typing import Any

import orjson

from samaritan.engine.model import Ad

_STRING_FIELDS = ("platform", "category", "title", "body", "posted_at", "url", "previous_id")


class AdError(ValueError):
    """An input record that is not a screenable ad. `code` is stable for machines."""

    def __init__(self, code: str, message: str, ad_id: str | None = None):
        super().__init__(message)
        self.code = code
        self.ad_id = ad_id

    def __reduce__(self):  # travels to worker processes intact (screen --workers)
        return (AdError, (self.code, str(self), self.ad_id))


def parse_ad(record: Any) -> Ad:
    if not isinstance(record, dict):
        raise AdError("not_an_object", f"expected a JSON object, got {type(record).__name__}")
    raw_id = record.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)  # CSV and some exporters write numeric ids
    ad_id = raw_id if isinstance(raw_id, str) and raw_id else None
    if ad_id is None:
        raise AdError("missing_id", "the ad has no 'id' (a non-empty string)")
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise AdError("wrong_type", f"'{name}' must be a string, got {type(value).__name__}", ad_id)
    body = record.get("body") or ""
    title = record.get("title") or ""
    if not body.strip() and not title.strip():
        raise AdError("no_text", "the ad has neither 'body' nor 'title' text", ad_id)
    poster = record.get("poster") or {}
    if not isinstance(poster, dict):
        raise AdError("wrong_type", "'poster' must be an object", ad_id)
    images = record.get("images") or []
    if not isinstance(images, list) or not all(isinstance(i, dict) for i in images):
        raise AdError("wrong_type", "'images' must be an array of objects", ad_id)
    location = record.get("location")
    if location is not None and not isinstance(location, (str, dict)):
        raise AdError("wrong_type", "'location' must be a string or an object", ad_id)
    price = record.get("price")
    if price is not None and (isinstance(price, bool) or not isinstance(price, (int, float, str))):
        raise AdError("wrong_type", "'price' must be a number or a string", ad_id)
    return Ad(
        id=ad_id,
        platform=record.get("platform") or "default",
        body=body,
        title=title,
        category=record.get("category") or "",
        location=location,
        price=price,
        posted_at=record.get("posted_at"),
        poster=poster,
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
