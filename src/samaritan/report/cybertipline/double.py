"""A local stand-in for the CyberTipline reporting web service, for tests and for integrators who
cannot reach the real one: it checks credentials, validates every report and fileDetails against the
schema (answering 4100 for a misordered one, as the service does), and enforces the call order
submit -> upload -> fileinfo -> finish. Use it as an httpx transport: `httpx.MockTransport(double)`."""

from __future__ import annotations

import base64
import itertools
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qs

import httpx
from lxml import etree

from samaritan.report.cybertipline.responses import INVALID_XML, SUCCESS, render
from samaritan.report.cybertipline.schema import InvalidReport, validate


class CyberTiplineDouble:
    def __init__(self, username: str = "esp", password: str = "secret"):
        self._auth = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self._ids = itertools.count(1000)
        self.reports: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []
        self.fail_next: dict[str, int] = defaultdict(int)  # path -> faults to inject (HTTP 503)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.rsplit("/ispws", 1)[-1] or "/"
        self.calls.append(path)
        if request.headers.get("Authorization") != self._auth:
            return httpx.Response(401)
        if self.fail_next[path] > 0:
            self.fail_next[path] -= 1
            return httpx.Response(503)
        handler = {
            "/status": self._status,
            "/submit": self._submit,
            "/upload": self._upload,
            "/fileinfo": self._fileinfo,
            "/finish": self._finish,
            "/retract": self._retract,
        }.get(path)
        if handler is None:
            return httpx.Response(404)
        return handler(request)

    def _ok(self, **ids: str | None) -> httpx.Response:
        return httpx.Response(200, content=render(SUCCESS, "Success", **ids), headers={"Content-Type": "text/xml"})

    def _error(self, code: int, text: str) -> httpx.Response:
        return httpx.Response(200, content=render(code, text), headers={"Content-Type": "text/xml"})

    def _status(self, _request: httpx.Request) -> httpx.Response:
        return self._ok()

    def _submit(self, request: httpx.Request) -> httpx.Response:
        try:
            validate(request.content)
        except (InvalidReport, UnicodeDecodeError) as exc:
            return self._error(INVALID_XML, f"invalid report: {exc}")
        report_id = str(next(self._ids))
        self.reports[report_id] = {"xml": request.content, "files": {}, "info": set(), "state": "open"}
        return self._ok(report_id=report_id)

    def _open(self, report_id: str | None) -> dict[str, Any] | None:
        report = self.reports.get(report_id or "")
        return report if report and report["state"] == "open" else None

    def _upload(self, request: httpx.Request) -> httpx.Response:
        content_type = request.headers.get("Content-Type", "")
        report_id = _multipart_field(request.content, content_type, "id")
        report = self._open(report_id)
        if report is None:
            return self._error(5000, "upload to a report that is not open")
        file_id = f"f{next(self._ids)}"
        report["files"][file_id] = len(request.content)
        return self._ok(report_id=report_id, file_id=file_id)

    def _fileinfo(self, request: httpx.Request) -> httpx.Response:
        try:
            validate(request.content)
            root = etree.fromstring(request.content)
        except (InvalidReport, etree.XMLSyntaxError) as exc:
            return self._error(INVALID_XML, f"invalid fileDetails: {exc}")
        report = self._open(root.findtext("reportId"))
        file_id = root.findtext("fileId")
        if report is None or file_id not in report["files"]:
            return self._error(5000, "fileinfo for a file that was not uploaded to an open report")
        report["info"].add(file_id)
        return self._ok()

    def _finish(self, request: httpx.Request) -> httpx.Response:
        report_id = parse_qs(request.content.decode()).get("id", [None])[0]
        report = self._open(report_id)
        if report is None:
            return self._error(5000, "finish of a report that is not open")
        if set(report["files"]) - report["info"]:
            return self._error(5000, "finish before every uploaded file has its fileinfo")
        report["state"] = "finished"
        return self._ok(report_id=report_id)

    def _retract(self, request: httpx.Request) -> httpx.Response:
        report_id = parse_qs(request.content.decode()).get("id", [None])[0]
        report = self._open(report_id)
        if report is None:
            return self._error(5000, "only an unfinished report can be retracted")
        report["state"] = "retracted"
        return self._ok(report_id=report_id)


def _multipart_field(body: bytes, content_type: str, name: str) -> str | None:
    boundary = content_type.partition("boundary=")[2].strip('"').encode()
    if not boundary:
        return None
    for part in body.split(b"--" + boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        if f'name="{name}"'.encode() in head and b"filename=" not in head:
            return value.rstrip(b"\r\n").decode()
    return None
