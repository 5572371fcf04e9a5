"""The reporting desk the review console calls: CyberTipline drafts and sends, and law-enforcement
requests, through `report.runs` (the same code as `samaritan report …`).

The console sits beside `report` in the layers (neither imports the other), so whoever builds the
server hands it a `ReportDesk`; the console only sees this small surface. Drafts are written to
`<data dir>/reports/report-<pk>.xml`, with a sidecar naming what the draft was made of."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx

from samaritan.evidence.db import Store
from samaritan.evidence.legal import Legal
from samaritan.report import runs
from samaritan.report.config import ConfigError, ReporterConfig, load_reporter
from samaritan.report.cybertipline.client import SubmitError
from samaritan.report.cybertipline.responses import ServiceError


class DeskError(ValueError):
    """A step the desk cannot take, said plainly for the page."""


class ReportDesk:
    def __init__(self, store: Store, reports_dir: Path, reporter_config: Path | None = None,
                 transport: httpx.BaseTransport | None = None):  # fmt: skip
        self.store = store
        self.dir = Path(reports_dir)
        self.reporter_config = reporter_config
        self.transport = transport  # tests pass the NCMEC stand-in; None: the real service

    def _reporter(self, platform: str) -> ReporterConfig:
        path = self.reporter_config  # the reporter_config setting, resolved by the CLI
        if not path:
            raise DeskError("No reporter file is configured (setting reporter_config, or "
                            "SAMARITAN_REPORTER_CONFIG): no CyberTipline draft can be written.")  # fmt: skip
        try:
            reporter = load_reporter(path)
        except ConfigError as exc:
            raise DeskError(f"The reporter file cannot be used: {exc}") from exc
        if reporter.platform != platform:
            raise DeskError(f"The reporter file is for platform {reporter.platform!r}, not {platform!r}.")
        return reporter

    def reporter_problem(self, platform: str) -> str | None:
        try:
            self._reporter(platform)
        except DeskError as exc:
            return str(exc)
        return None

    def send_problem(self, platform: str) -> str | None:
        """What is missing before a draft can be sent to NCMEC (None: nothing)."""
        try:
            self._reporter(platform).ncmec.credentials()
        except (DeskError, ConfigError) as exc:
            return str(exc)
        return None

    def _path(self, pk: int, suffix: str = ".xml") -> Path:
        return self.dir / f"report-{int(pk)}{suffix}"

    def draft(self, platform: str, ad_id: str, actor: str) -> dict[str, Any]:
        """Build, validate, hold and record a draft for one ad (runs.cybertipline)."""
        reporter = self._reporter(platform)
        self.dir.mkdir(parents=True, exist_ok=True)
        scratch = self.dir / f"draft-{uuid.uuid4().hex}.xml"
        try:
            result = runs.cybertipline(self.store, reporter, scratch, ad_id=ad_id, actor=actor)
        except ValueError as exc:  # ReportError, InvalidReport: nothing is recorded
            scratch.unlink(missing_ok=True)
            raise DeskError(f"No draft was made: {exc}") from exc
        out = self._path(result["report"])
        scratch.replace(out)
        self._path(result["report"], ".json").write_text(json.dumps({"platform": platform, "ad_id": ad_id}), "utf-8")
        return dict(result, file=str(out))

    def xml(self, pk: int) -> str | None:
        path = self._path(pk)
        return path.read_text("utf-8") if path.exists() else None

    def send(self, pk: int, platform: str, actor: str) -> dict[str, Any]:
        """Submit the draft's case to NCMEC with runs.cybertipline(submit=True). The report is
        rebuilt from the evidence as it stands now (and recorded); its NCMEC id is also written on
        the draft, so the draft shows as sent."""
        problem = self.send_problem(platform)
        if problem:
            raise DeskError(problem)
        meta_path = self._path(pk, ".json")
        if not meta_path.exists():
            raise DeskError(f"Draft {pk} was not made in this console, so it cannot be sent from here.")
        meta = json.loads(meta_path.read_text("utf-8"))
        out = self._path(pk, ".sent.xml")
        try:
            result = runs.cybertipline(self.store, self._reporter(platform), out, ad_id=meta["ad_id"], actor=actor,
                                       submit=True, transport=self.transport)  # fmt: skip
        except (ValueError, SubmitError, ServiceError, httpx.HTTPError) as exc:
            raise DeskError(f"Sending failed: {exc}") from exc
        Legal(self.store).report_submitted(pk, result["report_id"], "finished", actor)
        return result

    def add_request(self, platform: str, agency: str, case_number: str, process: str, covers: dict[str, Any],
                    deadline: str, actor: str) -> dict[str, Any]:  # fmt: skip
        return runs.add_request(self.store, platform, agency, case_number, process, covers, deadline, actor)
