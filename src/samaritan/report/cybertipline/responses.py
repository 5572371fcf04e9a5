"""The reporting web service's XML answers: `reportResponse` with a responseCode (0 is success)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

SUCCESS = 0
INVALID_XML = 4100  # the service's answer to a report that is malformed or misordered


class ServiceError(RuntimeError):
    def __init__(self, code: int, description: str):
        super().__init__(f"the CyberTipline service answered {code}: {description}")
        self.code = code
        self.description = description


@dataclass(frozen=True)
class Answer:
    code: int
    description: str
    report_id: str | None = None
    file_id: str | None = None


def parse(body: bytes) -> Answer:
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ServiceError(-1, f"an answer that is not XML ({exc})") from exc

    def text(tag: str) -> str | None:
        node = root.find(tag)
        return node.text if node is not None else None

    code = text("responseCode")
    if code is None or not code.lstrip("-").isdigit():
        raise ServiceError(-1, "an answer without a responseCode")
    return Answer(int(code), text("responseDescription") or "", text("reportId"), text("fileId"))


def render(code: int, description: str, report_id: str | None = None, file_id: str | None = None) -> bytes:
    root = etree.Element("reportResponse")
    etree.SubElement(root, "responseCode").text = str(code)
    etree.SubElement(root, "responseDescription").text = description
    if report_id is not None:
        etree.SubElement(root, "reportId").text = report_id
    if file_id is not None:
        etree.SubElement(root, "fileId").text = file_id
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
