"""The CyberTipline report as typed models, serialised to XML in the element order NCMEC's reporting
web service requires (it rejects misordered elements with responseCode 4100).

Field order in each model IS the element order: models are declared from the service's documentation
as reflected in open clients (see docs/reports.md), and `to_xml` walks fields in declaration order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

INCIDENT_TYPES = (
    "Child Pornography (possession, manufacture, and distribution)",
    "Child Sex Trafficking",
    "Child Sex Tourism",
    "Child Sexual Molestation",
    "Misleading Domain Name",
    "Misleading Words or Digital Images on the Internet",
    "Online Enticement of Children for Sexual Acts",
    "Unsolicited Obscene Material Sent to a Child",
)
IncidentType = Literal[
    "Child Pornography (possession, manufacture, and distribution)",
    "Child Sex Trafficking",
    "Child Sex Tourism",
    "Child Sexual Molestation",
    "Misleading Domain Name",
    "Misleading Words or Digital Images on the Internet",
    "Online Enticement of Children for Sexual Acts",
    "Unsolicited Obscene Material Sent to a Child",
]
IpEvent = Literal["Login", "Registration", "Purchase", "Upload", "Other", "Unknown"]


class Element(BaseModel):
    """One XML element; its fields are its children, in order. `None` and empty lists are left out."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)
    xml_attributes: ClassVar[tuple[str, ...]] = ()

    def to_element(self, name: str) -> etree._Element:
        node = etree.Element(name)
        for field_name, info in type(self).model_fields.items():
            value = getattr(self, field_name)
            tag = info.alias or field_name
            if value is None or value == []:
                continue
            if field_name in self.xml_attributes:
                node.set(tag, _text(value))
                continue
            if field_name == "value":  # an element with attributes and text content
                node.text = _text(value)
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, Element):
                    node.append(item.to_element(tag))
                else:
                    etree.SubElement(node, tag).text = _text(item)
        return node


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


class IncidentSummary(Element):
    incident_type: IncidentType
    escalate_to_high_priority: str | None = Field(default=None, max_length=3000)
    report_annotations: list[str] = []
    incident_date_time: datetime
    incident_date_time_description: str | None = Field(default=None, max_length=3000)

    @field_validator("incident_date_time")
    @classmethod
    def _in_the_past(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("incidentDateTime needs a time zone")
        if value > datetime.now(UTC):
            raise ValueError("incidentDateTime must be in the past")
        return value


class WebPageIncident(Element):
    url: list[str] = Field(min_length=1)
    additional_info: str | None = None


class CellPhoneIncident(Element):
    phone_number: str
    latitude: float | None = None
    longitude: float | None = None
    additional_info: str | None = None


class InternetDetails(Element):
    """Exactly one incident kind per internetDetails element."""

    web_page_incident: WebPageIncident | None = None
    cell_phone_incident: CellPhoneIncident | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> InternetDetails:
        if (self.web_page_incident is None) == (self.cell_phone_incident is None):
            raise ValueError("internetDetails holds exactly one incident")
        return self


class Person(Element):
    first_name: str | None = None
    last_name: str | None = None
    phone: list[str] = []
    email: list[str] = []


class Reporter(Element):
    reporting_person: Person
    contact_person: Person | None = None
    company_template: str | None = None
    terms_of_service: str | None = None
    legal_url: str | None = Field(default=None, alias="legalURL")

    @field_validator("reporting_person")
    @classmethod
    def _has_email(cls, value: Person) -> Person:
        if not value.email:
            raise ValueError("the reporting person needs an email address")
        return value


class IpCaptureEvent(Element):
    ip_address: str
    event_name: IpEvent | None = None
    date_time: datetime | None = None
    possible_proxy: bool | None = None
    port: int | None = Field(default=None, ge=0, le=65535)


class PersonOrUserReported(Element):
    person_or_user_reported_person: Person | None = None
    esp_identifier: str | None = None
    esp_service: str | None = None
    screen_name: str | None = None
    display_name: list[str] = []
    profile_url: list[str] = []
    ip_capture_event: list[IpCaptureEvent] = []
    prior_ct_reports: list[str] = Field(default=[], alias="priorCTReports")
    additional_info: str | None = None


class Report(Element):
    incident_summary: IncidentSummary
    internet_details: list[InternetDetails] = []
    reporter: Reporter
    person_or_user_reported: PersonOrUserReported | None = None
    additional_info: str | None = None

    def to_xml(self) -> bytes:
        return bytes(
            etree.tostring(self.to_element("report"), xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )


class OriginalFileHash(Element):
    xml_attributes: ClassVar[tuple[str, ...]] = ("hash_type",)
    hash_type: Literal["MD5", "SHA1", "SHA256", "PDQ"]
    value: str


class FileDetails(Element):
    """Sent to /fileinfo after a file is uploaded to a report."""

    report_id: str
    file_id: str
    original_file_name: str | None = None
    location_of_file: str | None = None
    file_viewed_by_esp: bool | None = Field(default=None, alias="fileViewedByEsp")
    exif_viewed_by_esp: bool | None = Field(default=None, alias="exifViewedByEsp")
    publicly_available: bool | None = None
    file_relevance: Literal["Reported", "Supplemental Reported"] | None = None
    file_annotations: list[str] = []
    industry_classification: Literal["A1", "A2", "B1", "B2"] | None = None
    original_file_hash: list[OriginalFileHash] = []
    additional_info: str | None = None

    def to_xml(self) -> bytes:
        return bytes(
            etree.tostring(self.to_element("fileDetails"), xml_declaration=True, encoding="UTF-8", pretty_print=True)
        )
