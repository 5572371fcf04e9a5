"""Entity extraction: contacts, ages, prices and places from one ad (contract §2 `entities`).

Disguised contacts also come back as spans so the screener can report `obscured_contact`
indicators on the original text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from samaritan.engine.cues import CueSet, Fired
from samaritan.engine.extract import ages, contacts, phones, prices
from samaritan.engine.extract.ages import AgeMatch, find_ages
from samaritan.engine.extract.contacts import find_emails, find_handles, find_urls
from samaritan.engine.extract.phonefold import phone_text
from samaritan.engine.extract.phones import find_phones
from samaritan.engine.extract.places import find_places, load_gazetteer, location_field
from samaritan.engine.extract.prices import find_prices
from samaritan.engine.extract.regions import ad_regions, check_region
from samaritan.engine.extract.warmup import warm_up, warm_up_places
from samaritan.engine.model import Ad, Entities
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.normalize.fancy import letters_in_place

_T = TypeVar("_T")
# The cues without which phones.candidate_windows finds no window (so find_phones no phone).
_PHONE_WINDOW_CUES = frozenset({"phone.leet", "phone.word", "phone.run", "phone.leetword"})

# Every extractor's cues, for one RE2 pass over the ad (samaritan.engine.cues).
CUES: dict[str, str] = {**phones.CUES, **contacts.CUES, **ages.CUES, **prices.CUES}


@dataclass(frozen=True, slots=True)
class Disguised:
    kind: str  # "phone" | "email"
    field: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Extraction:
    entities: Entities
    disguised: list[Disguised] = field(default_factory=list)
    ages: list[tuple[str, AgeMatch]] = field(default_factory=list)
    # Each price with its place: (field, start, end, unit, amount), for the priced-time cue.
    priced: list[tuple[str, int, int, str | None, float]] = field(default_factory=list)
    # Ages read tentatively (AgeMatch.tentative: under 18 from a bare number after a name, or a
    # friend's): the ad's only where it sells company (findings.person_ages: `accept_tentative`).
    tentative: list[tuple[str, AgeMatch]] = field(default_factory=list)

    def accept_tentative(self) -> None:
        for spot in self.tentative:
            self.ages.append(spot)
            _add(self.entities.ages, spot[1].age)
        self.tentative = []


def _add(values: list[_T], value: _T) -> None:
    if value not in values:
        values.append(value)


class Extractor:
    """Pulls entities out of an ad. `region` is the default phone region (ISO 3166 code): an ad's
    national numbers are read in the region the ad names (its location or URL), else its
    platform's (`platform_regions`), else this one. An unknown region is a ValueError."""

    def __init__(
        self,
        region: str = "US",
        places: bool = True,
        platform_regions: dict[str, str] | None = None,
        cues: CueSet | None = None,
    ):
        self.region = check_region(region)
        # Shared with the detector by the Screener, so an ad is scanned for cues once.
        self.cues = cues if cues is not None else CueSet(CUES)
        # A platform's own default phone region (policy `platform_regions`), else `region`.
        self.platform_regions = {
            platform: check_region(code, f"phone region of platform {platform!r}")
            for platform, code in (platform_regions or {}).items()
        }
        phones.load_metadata([self.region, *self.platform_regions.values()])
        warm_up()  # the RE2 automata's states for common text: part of building the engine (once)
        self.places = places
        if places:
            load_gazetteer()  # ~0.7 s: part of building the engine, not of the first ad
            warm_up_places()

    def extract(self, ad: Ad, lowered: str | None = None, cues: Fired | bool = True) -> Extraction:
        """Entities of `ad`. `lowered` is `ad_text(ad)` lower-cased in place and `cues` its cue scan
        when the caller has them (True: scan here; None: no cues, every extractor runs in full)."""
        text = ad_text(ad)
        if lowered is None:
            lowered = lower_in_place(text)
        if cues is True:
            cues = self.cues.scan(lowered)
        elif cues is False:
            cues = None
        job = _Job(ad, text, lowered, cues)
        for step in (self._phones, self._contacts, self._ages, self._prices, self._places):
            step(job)  # as extract_many does for one ad, less its lists and error slots
        return job.result

    def extract_many(self, items: Sequence[tuple[Ad, str, Fired]]) -> list[Extraction | Exception]:
        """`extract` of many ads (each with its lower-cased `ad_text` and cue scan), one extractor
        at a time over all of them: each extractor's patterns, automata and tables then stay in
        the CPU caches from one ad to the next instead of being evicted by the other extractors'
        (about a third of extraction's cost on a 400-character ad). An ad whose extraction fails
        gets its exception in its place; the others are not affected."""
        jobs = [_Job(ad, ad_text(ad), lowered, cues) for ad, lowered, cues in items]
        for step in (self._phones, self._contacts, self._ages, self._prices, self._places):
            for job in jobs:
                if job.error is None:
                    try:
                        step(job)
                    except Exception as exc:  # one ad's failure is its own (the runner reports it)
                        job.error = exc
        return [job.error if job.error is not None else job.result for job in jobs]

    def _phones(self, job: _Job) -> None:
        ad, text = job.ad, job.text
        job.folded = phone_text(text, job.lowered)  # digits of every script: shared by phones and ages
        if job.folded[0] is job.lowered and job.cues is not None and job.cues.isdisjoint(_PHONE_WINDOW_CUES):
            return  # no cue of a phone's digits in the text the reader would read: no window, no phone
        regions, named = ad_regions(ad.location, ad.url, self.platform_regions.get(ad.platform), self.region)
        entities = job.result.entities
        for phone in find_phones(text, regions, job.lowered, job.cues, named, job.folded):
            _add(entities.phones, phone.e164)
            spot = job.place(phone.start, phone.end)
            if phone.obscured and spot:
                job.result.disguised.append(Disguised("phone", *spot, text[phone.start : phone.end]))

    @staticmethod
    def _contacts(job: _Job) -> None:
        text, lowered, cues = job.text, job.lowered, job.cues
        entities = job.result.entities
        # Addresses and handles are read with look-alike and fancy-text letters as the ASCII ones
        # they stand for ("ѕnαp: ѕωєєтgιяl"), same offsets; the ad's cues spoke for the text as written.
        read = letters_in_place(lowered)
        read_cues = cues if read is lowered else None
        for email in find_emails(text, read, read_cues):
            _add(entities.emails, email.value)
            spot = job.place(email.start, email.end)
            if (email.obscured or read[email.start : email.end] != lowered[email.start : email.end]) and spot:
                job.result.disguised.append(Disguised("email", *spot, text[email.start : email.end]))
        for handle in find_handles(text, read, read_cues):
            _add(entities.handles, handle.value)
        for url in find_urls(text, lowered, cues):
            _add(entities.urls, url.value)

    def _ages(self, job: _Job) -> None:
        cues = job.cues
        if cues is None and job.folded is not None and job.folded[0] is job.lowered and not job.text.isascii():
            # Called without the ad's cue scan: the age reader scans folded text that is not the
            # lower-cased text itself, and phone_text hands back the lower-cased text when the
            # ad's other characters fold to themselves. Scan it here, as the reader did before.
            cues = self.cues.scan(job.lowered)
        for age in find_ages(job.text, job.lowered, cues, _title_end(job.ad), job.folded):
            spot = job.place(age.start, age.end)
            if age.tentative:
                if spot:
                    job.result.tentative.append((spot[0], AgeMatch(age.age, spot[1], spot[2], age.tentative)))
                continue
            _add(job.result.entities.ages, age.age)
            if spot:
                job.result.ages.append((spot[0], AgeMatch(age.age, spot[1], spot[2])))

    @staticmethod
    def _prices(job: _Job) -> None:
        for price in find_prices(job.text, job.lowered, job.cues):
            _add(job.result.entities.prices, price.to_dict())
            spot = job.place(price.start, price.end)
            if spot:
                job.result.priced.append((*spot, price.unit, price.amount))

    def _places(self, job: _Job) -> None:
        entities = job.result.entities
        own = location_field(job.ad.location)
        if own:
            _add(entities.locations, own)
        if self.places:
            for found in find_places(job.text):
                _add(entities.locations, found.name)


class _Job:
    """One ad on its way through `Extractor.extract_many`."""

    __slots__ = ("ad", "body_at", "cues", "error", "folded", "lowered", "result", "text")

    def __init__(self, ad: Ad, text: str, lowered: str, cues: Fired):
        self.ad = ad
        self.text = text
        self.lowered = lowered
        self.cues = cues
        self.body_at = len(ad.title) + len(_FIELD_BREAK) if ad.title else 0
        self.folded: tuple[str, Sequence[int]] | None = None
        self.result = Extraction(Entities())
        self.error: Exception | None = None

    def place(self, start: int, end: int) -> tuple[str, int, int] | None:
        """A span of `ad_text` as (field, start, end) in that field; None across the break."""
        if start >= self.body_at:
            return "body", start - self.body_at, end - self.body_at
        if end <= len(self.ad.title):
            return "title", start, end
        return None


def _title_end(ad: Ad) -> int:
    """Where the ad's title ends in ad_text; an ad without a title often has it as the first
    line of its body (scraped ads run the two together)."""
    if ad.title:
        return len(ad.title)
    line = ad.body.find("\n", 0, 200)
    return line if line > 0 else 0


_FIELD_BREAK = "\n\n|_break_|\n\n"  # a word walled by symbols: no leet, handle or number crosses it


def ad_text(ad: Ad) -> str:
    """Title and body as one text, so each extractor scans once rather than once per field.
    The break is a word, so no phone run, email or price can cross from one to the other."""
    return f"{ad.title}{_FIELD_BREAK}{ad.body}" if ad.title else ad.body
