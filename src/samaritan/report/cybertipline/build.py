"""Turn a case from the evidence store into a CyberTipline report: what happened, where (the ads'
pages and phones), who reported it, and who was reported (accounts, contacts, IP capture events,
earlier reports), with the indicators in plain words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from samaritan.report.config import ReporterConfig
from samaritan.report.cybertipline.model import (
    CellPhoneIncident,
    IncidentSummary,
    IncidentType,
    InternetDetails,
    IpCaptureEvent,
    Person,
    PersonOrUserReported,
    Report,
    Reporter,
    WebPageIncident,
)
from samaritan.report.evidence import Case, ReportError
from samaritan.report.narrative import ad_summary

REPORTABLE_DECISIONS = frozenset({"report", "escalate"})


def incident_type(case: Case) -> IncidentType:
    """Commercial or trafficking context with minor risk is child sex trafficking; minor risk alone
    (or a reviewer's report without a commercial reading) is online enticement."""
    labels = {label for ad in case.ads for label in ad.verdict.get("labels", [])}
    if "minor_risk" in labels and labels & {"commercial_sex", "trafficking_risk"}:
        return "Child Sex Trafficking"
    return "Online Enticement of Children for Sexual Acts"


def check_reportable(case: Case) -> None:
    """A CyberTipline report is for apparent child sexual exploitation: an ad labelled minor_risk
    or one a reviewer decided to report or escalate. Anything else is refused, with the reason."""
    for ad in case.ads:
        if "minor_risk" in ad.verdict.get("labels", []):
            return
        if any(d["decision"] in REPORTABLE_DECISIONS for d in ad.decisions):
            return
    raise ReportError(
        f"{case.subject} has no minor_risk verdict and no reviewer decision to report or escalate: "
        "nothing here is apparent child sexual exploitation to report"
    )


def _when(case: Case) -> datetime:
    times = []
    for ad in case.ads:
        posted = ad.ad.get("posted_at")
        for text in [posted, ad.revisions[0]["received_at"]]:
            try:
                times.append(datetime.fromisoformat(str(text).replace("Z", "+00:00")))
            except ValueError:
                continue
    aware = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in times]
    now = datetime.now(UTC)
    past = [t for t in aware if t <= now]
    return min(past) if past else now


def build_report(case: Case, reporter: ReporterConfig, prior_reports: Sequence[str] = ()) -> Report:
    check_reportable(case)
    urls, phones, emails, handles, accounts, ips = [], [], [], [], [], []
    for ad in case.ads:
        record, entities = ad.ad, ad.verdict.get("entities", {})
        if record.get("url"):
            urls.append(record["url"])
        phones += [p for p in entities.get("phones", []) if isinstance(p, str)]
        emails += [e for e in entities.get("emails", []) if isinstance(e, str)]
        handles += [h for h in entities.get("handles", []) if isinstance(h, str)]
        poster = record.get("poster") or {}
        if poster.get("account_id"):
            accounts.append(poster["account_id"])
        if poster.get("email"):
            emails.append(poster["email"])
        if poster.get("phone"):
            phones.append(poster["phone"])
        if poster.get("ip"):
            ips.append(IpCaptureEvent(ip_address=poster["ip"], event_name="Upload", date_time=_posted(record)))
    details = [InternetDetails(web_page_incident=WebPageIncident(url=list(dict.fromkeys(urls))))] if urls else []
    details += [InternetDetails(cell_phone_incident=CellPhoneIncident(phone_number=p)) for p in dict.fromkeys(phones)]
    accounts, handles = list(dict.fromkeys(accounts)), list(dict.fromkeys(handles))
    reported = PersonOrUserReported(
        person_or_user_reported_person=Person(phone=list(dict.fromkeys(phones)), email=list(dict.fromkeys(emails)))
        if phones or emails
        else None,
        esp_identifier=accounts[0] if accounts else None,
        esp_service=reporter.esp_service,
        screen_name=handles[0] if handles else None,
        display_name=handles[1:],
        ip_capture_event=_unique_ips(ips),
        prior_ct_reports=list(dict.fromkeys(prior_reports)),
        additional_info=("Other accounts: " + ", ".join(accounts[1:])) if len(accounts) > 1 else None,
    )
    person = reporter.reporting_person
    return Report(
        incident_summary=IncidentSummary(
            incident_type=incident_type(case),
            incident_date_time=_when(case),
            incident_date_time_description=f"Earliest posting of {case.subject} on {reporter.platform}.",
        ),
        internet_details=details,
        reporter=Reporter(
            reporting_person=Person(
                first_name=person.first_name,
                last_name=person.last_name,
                email=[person.email],
                phone=[person.phone] if person.phone else [],
            ),
            company_template=reporter.company,
            terms_of_service=str(reporter.terms_of_service_url) if reporter.terms_of_service_url else None,
            legal_url=str(reporter.legal_url) if reporter.legal_url else None,
        ),
        person_or_user_reported=reported,
        additional_info="\n\n".join(ad_summary(ad) for ad in case.ads),
    )


def _posted(record: dict[str, Any]) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(record.get("posted_at")).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _unique_ips(events: list[IpCaptureEvent]) -> list[IpCaptureEvent]:
    seen, out = set(), []
    for event in events:
        key = (event.ip_address, event.date_time)
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out
