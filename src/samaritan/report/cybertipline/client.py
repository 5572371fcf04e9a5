"""Submit a report to the CyberTipline reporting web service: status -> submit -> upload -> fileinfo
-> finish, with HTTP Basic authentication.

A journal file beside the report records every step that the service confirmed. A retry resumes from
the journal and never submits the same report twice: once a submit may have reached the service
without a confirmed answer, the client stops and says so, because only a person can tell (by asking
NCMEC, or retracting) whether that report exists.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from samaritan.report.cybertipline.model import FileDetails, OriginalFileHash
from samaritan.report.cybertipline.responses import SUCCESS, Answer, ServiceError, parse
from samaritan.report.cybertipline.schema import validate


class SubmitError(RuntimeError):
    pass


@dataclasses.dataclass
class Upload:
    name: str
    data: bytes
    viewed_by_esp: bool
    publicly_available: bool = True

    def details(self, report_id: str, file_id: str) -> FileDetails:
        import hashlib

        return FileDetails(
            report_id=report_id,
            file_id=file_id,
            original_file_name=self.name,
            file_viewed_by_esp=self.viewed_by_esp,
            publicly_available=self.publicly_available,
            original_file_hash=[
                OriginalFileHash(hash_type="SHA256", value=hashlib.sha256(self.data).hexdigest()),
                OriginalFileHash(hash_type="MD5", value=hashlib.md5(self.data, usedforsecurity=False).hexdigest()),
            ],
        )


class Journal:
    """What the service has confirmed for one report, kept on disk and replaced atomically."""

    def __init__(self, path: Path):
        self.path = path
        self.state = json.loads(path.read_text("utf-8")) if path.exists() else {"files": {}, "info": []}

    def get(self, key: str) -> Any:
        return self.state.get(key)

    def set(self, key: str, value: Any) -> None:
        self.state[key] = value
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.state, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)


class CyberTiplineClient:
    def __init__(
        self,
        base_url: str,
        auth: tuple[str, str],
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"), auth=auth, transport=transport, timeout=timeout, follow_redirects=False
        )
        self.retries = retries
        self.sleep = sleep

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, *, idempotent: bool, **kwargs: Any) -> Answer:
        """One call; transport faults are retried only where repeating the call is harmless."""
        for attempt in range(self.retries if idempotent else 1):
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                if attempt + 1 >= (self.retries if idempotent else 1):
                    raise SubmitError(f"{path}: the service could not be reached ({exc.__class__.__name__})") from exc
                self.sleep(2**attempt)
                continue
            if response.status_code >= 500 and idempotent and attempt + 1 < self.retries:
                self.sleep(2**attempt)
                continue
            if response.status_code == 401:
                raise SubmitError(f"{path}: the service refused the credentials (HTTP 401)")
            if response.status_code != 200:
                raise SubmitError(f"{path}: the service answered HTTP {response.status_code}")
            answer = parse(response.content)
            if answer.code != SUCCESS:
                raise ServiceError(answer.code, answer.description)
            return answer
        raise SubmitError(f"{path}: no answer after {self.retries} tries")

    def status(self) -> Answer:
        return self._call("GET", "/status", idempotent=True)

    def submit(self, report_xml: bytes, uploads: list[Upload], journal: Journal) -> str:
        """Send the report and its files; returns the report id. Resumable through `journal`."""
        validate(report_xml)
        report_id = journal.get("report_id")
        if report_id is None:
            if journal.get("submit_attempted"):
                raise SubmitError(
                    "an earlier submit of this report got no confirmed answer: it may exist at NCMEC. "
                    "Check with NCMEC (or retract it) before sending it again; nothing was sent"
                )
            self.status()
            journal.set("submit_attempted", True)
            answer = self._call(
                "POST", "/submit", idempotent=False, content=report_xml, headers={"Content-Type": "text/xml"}
            )
            report_id = answer.report_id
            if not report_id:
                raise SubmitError("/submit answered success without a reportId")
            journal.set("report_id", report_id)
        for upload in uploads:
            self._upload(str(report_id), upload, journal)
        if not journal.get("finished"):
            self._call("POST", "/finish", idempotent=True, data={"id": report_id})
            journal.set("finished", True)
        return str(report_id)

    def _upload(self, report_id: str, upload: Upload, journal: Journal) -> None:
        files = journal.get("files")
        file_id = files.get(upload.name)
        if file_id is None:
            # An upload without a confirmed fileId only adds an orphan file, never a second report.
            answer = self._call(
                "POST", "/upload", idempotent=True, data={"id": report_id}, files={"file": (upload.name, upload.data)}
            )
            file_id = answer.file_id
            if not file_id:
                raise SubmitError("/upload answered success without a fileId")
            journal.set("files", {**files, upload.name: file_id})
        if file_id not in journal.get("info"):
            xml = upload.details(report_id, file_id).to_xml()
            validate(xml)
            self._call("POST", "/fileinfo", idempotent=True, content=xml, headers={"Content-Type": "text/xml"})
            journal.set("info", [*journal.get("info"), file_id])

    def retract(self, report_id: str) -> None:
        self._call("POST", "/retract", idempotent=True, data={"id": report_id})
