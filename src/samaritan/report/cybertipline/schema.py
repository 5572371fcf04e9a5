"""Validate report and fileDetails XML against the project's XSD before anything leaves."""

from __future__ import annotations

from functools import cache
from importlib import resources

import xmlschema


class InvalidReport(ValueError):
    """The XML does not match the schema: the message names the element and the rule."""


@cache
def _schema() -> xmlschema.XMLSchema:
    text = resources.files("samaritan.report.cybertipline").joinpath("report.xsd").read_text("utf-8")
    return xmlschema.XMLSchema(text)


def validate(xml: bytes) -> None:
    errors = list(_schema().iter_errors(xml.decode("utf-8")))
    if errors:
        first = errors[0]
        raise InvalidReport(f"{first.path}: {first.reason}")
