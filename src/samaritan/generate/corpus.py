"""A labelled synthetic classified-ad site, streamed and deterministic by seed.

Mix (defaults): most ads are ordinary, across many sections and full of innocent indicator
words; some are commercial-sex ads by independent adults (a few ads each, one phone);
some come from trafficking networks that post several people along a circuit of cities,
rotate phones, accounts and IPs, reuse photos and edit one template; some of those carry
youth indicators. Rejected ads come back as re-posts with substitute spellings
(`previous_id`), and after the adult section "closes" the same ads move to dating.

Every ad is a function of (seed, index) plus its network's spec, itself a function of
(seed, network id), so 10M ads stream in constant memory; only `previous_id` looks back, to
the network's last ad in the stream.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from samaritan.generate import vocab
from samaritan.generate.templates import (
    CommercialSpec,
    Contact,
    TextBuilder,
    Truth,
    build_commercial,
    render_ordinary,
)

START = datetime(2026, 1, 5, tzinfo=UTC)
SPAN_DAYS = 60
ADULT_SECTION_CLOSES = 0.6  # fraction of the time span after which commercial ads move to dating
_CITIES = [
    ("Phoenix", "AZ", "602"),
    ("Las Vegas", "NV", "702"),
    ("Dallas", "TX", "214"),
    ("Houston", "TX", "713"),
    ("Atlanta", "GA", "404"),
    ("Denver", "CO", "303"),
    ("Seattle", "WA", "206"),
    ("Chicago", "IL", "312"),
    ("Miami", "FL", "305"),
    ("Orlando", "FL", "407"),
    ("Portland", "OR", "503"),
    ("Sacramento", "CA", "916"),
    ("San Diego", "CA", "619"),
    ("Nashville", "TN", "615"),
    ("Columbus", "OH", "614"),
    ("Charlotte", "NC", "704"),
    ("Minneapolis", "MN", "612"),
    ("Tampa", "FL", "813"),
    ("Kansas City", "MO", "816"),
    ("Albuquerque", "NM", "505"),
]


@dataclass(frozen=True)
class Mix:
    commercial: float = 0.05
    trafficking: float = 0.035
    minor: float = 0.015
    repost: float = 0.15  # of commercial-sex ads: a re-post of the poster's previous ad
    obfuscation: float = 0.3


@dataclass(frozen=True)
class NetworkSpec:
    id: str
    kind: str  # "independent" | "trafficking" | "minor" | "business"
    contacts: tuple[Contact, ...]
    accounts: tuple[str, ...]
    ips: tuple[str, ...]
    circuit: tuple[int, ...]  # indices into _CITIES
    names: tuple[str, ...]
    categories: tuple[tuple[str, tuple[str, ...]], ...]
    price_amounts: tuple[int, int]
    images: tuple[int, ...]  # base image ids
    stay_days: int
    age: int | None


@lru_cache(maxsize=1)
def _area_codes() -> tuple[str, ...]:
    """US area codes (from the offline `zipcodes` data) whose 555 lines phonenumbers accepts."""
    import phonenumbers
    import zipcodes

    codes = sorted({c for row in zipcodes.list_all() for c in row.get("area_codes") or []})
    return tuple(
        c
        for c in codes
        if phonenumbers.is_valid_number(phonenumbers.parse(c + "5550100", "US"))
        and phonenumbers.is_valid_number(phonenumbers.parse(c + "5559999", "US"))
    )


def phone_for_index(index: int) -> str | None:
    """A distinct fictional number for each index: 555-0100..0199 across all area codes first,
    then the rest of 555 (never 555-1212) for large corpora; None past the end of both."""
    codes = _area_codes()
    fictional = 100 * len(codes)
    if index < fictional:
        return f"{codes[index % len(codes)]}5550{100 + index // len(codes)}"
    index -= fictional
    line = 200 + index // len(codes)
    if line >= 1212:
        line += 1
    if line > 9999:
        return None
    return f"{codes[index % len(codes)]}555{line:04d}"


def _ip(rng: random.Random) -> str:
    block = rng.choice(["192.0.2", "198.51.100", "203.0.113"])  # RFC 5737 documentation ranges
    return f"{block}.{rng.randint(1, 254)}"


class SiteGenerator:
    def __init__(
        self,
        n: int,
        seed: int = 0,
        mix: Mix | None = None,
        images_dir: str | None = None,
        platform: str = "synthetic-site",
    ):
        self.n = n
        self.seed = seed
        self.mix = mix or Mix()
        self.platform = platform
        m = self.mix
        # Expected ads per network kind decide how many networks there are.
        self.n_traffick = max(1, round(n * m.trafficking / 14))
        self.n_minor = max(1, round(n * m.minor / 10))
        self.n_independent = max(1, round(n * m.commercial / 3))
        self.n_business = max(1, round(n * 0.2 / 4))
        self._last_in_network: dict[str, str] = {}
        self._images = None
        if images_dir:
            from samaritan.generate.images import ImageWriter

            self._images = ImageWriter(images_dir, seed)

    def rng_for(self, *key: Any) -> random.Random:
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    @lru_cache(maxsize=4096)  # noqa: B019 - bounded; one generator per run
    def network(self, kind: str, k: int) -> NetworkSpec:
        rng = self.rng_for("net", kind, k)
        circuit_len = 1 if kind in ("independent", "business") else rng.randint(3, 6)
        circuit = tuple(rng.sample(range(len(_CITIES)), k=circuit_len))
        n_contacts = 1 if kind in ("independent", "business") else rng.randint(2, 3)
        contacts = []
        for c in range(n_contacts):
            local = f"{rng.choice(vocab.NAMES).lower()}.{kind[:3]}{k}{c}"
            domain = rng.choice(vocab.EMAIL_DOMAINS)
            digits = phone_for_index(self._contact_index(kind, k, c))
            contacts.append(Contact(digits, email=f"{local}@{domain}", handle=rng.choice(vocab.HANDLE_SERVICES)))
        names = tuple(rng.sample(vocab.NAMES, k=1 if kind == "independent" else rng.randint(2, 4)))
        cats: dict[str, tuple[str, ...]] = {}
        if kind in ("trafficking", "minor"):
            cats["third_party"] = tuple(rng.sample(vocab.THIRD_PARTY, k=rng.randint(1, 2)))
        for cat, pool, p in vocab.OPTIONAL_PHRASES.get(kind, ()):
            if rng.random() < p:
                cats[cat] = (rng.choice(pool),)
        if kind == "minor":
            cats["youth"] = tuple(rng.sample(vocab.YOUTH, k=rng.randint(1, 2)))
        cats["commercial_sex"] = tuple(rng.sample(vocab.COMMERCIAL_CORE, k=rng.randint(1, 2)))
        low = rng.choice([60, 80, 100, 120, 150])
        return NetworkSpec(
            id=f"{kind[:3]}-{k:05d}",
            kind=kind,
            contacts=tuple(contacts),
            accounts=tuple(f"acct-{kind[:3]}{k}-{a}" for a in range(rng.randint(1, 3))),
            ips=tuple(_ip(rng) for _ in range(rng.randint(1, 2))),
            circuit=circuit,
            names=names,
            categories=tuple(cats.items()),
            price_amounts=(low, low + rng.choice([60, 80, 100])),
            images=tuple(rng.randint(0, 10**9) for _ in range(rng.randint(2, 5))),
            stay_days=rng.randint(3, 8),
            age=rng.randint(21, 45) if kind == "independent" and rng.random() < 0.5 else None,
        )

    def _contact_index(self, kind: str, k: int, c: int) -> int:
        """Distinct contact numbers: networks first (3 slots each), then one per ordinary ad."""
        if kind == "trafficking":
            return 3 * k + c
        if kind == "minor":
            return 3 * self.n_traffick + 3 * k + c
        if kind == "independent":
            return 3 * (self.n_traffick + self.n_minor) + k
        if kind == "business":
            return 3 * (self.n_traffick + self.n_minor) + self.n_independent + k
        return 3 * (self.n_traffick + self.n_minor) + self.n_independent + self.n_business + k  # one ad

    # ------------------------------------------------------------------ stream
    def __iter__(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        for i in range(self.n):
            yield self.make(i)

    def make(self, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng_for("ad", i)
        m = self.mix
        posted = START + timedelta(seconds=int(SPAN_DAYS * 86400 * i / max(1, self.n)) + rng.randint(0, 3600))
        roll = rng.random()
        if roll < m.minor:
            return self._commercial(i, rng, "minor", rng.randrange(self.n_minor), posted)
        if roll < m.minor + m.trafficking:
            return self._commercial(i, rng, "trafficking", rng.randrange(self.n_traffick), posted)
        if roll < m.minor + m.trafficking + m.commercial:
            return self._commercial(i, rng, "independent", rng.randrange(self.n_independent), posted)
        return self._ordinary(i, rng, posted)

    def _ad_id(self, i: int) -> str:
        return f"ad-{i:08d}"

    def _ordinary(self, i: int, rng: random.Random, posted: datetime):
        section = rng.choice(vocab.SECTIONS_ORDINARY)
        title, template = rng.choice(vocab.ORDINARY[section])
        truth = Truth()
        # A fifth of ordinary ads come from small businesses that post again and again.
        business = rng.random() < 0.2
        if business:
            spec = self.network("business", rng.randrange(self.n_business))
            contact = spec.contacts[0]
            account, ip = spec.accounts[0], spec.ips[0]
            network_id = spec.id
            city = _CITIES[spec.circuit[0]]
        else:
            city = rng.choice(_CITIES)
            contact = Contact(
                phone_for_index(self._contact_index("ordinary", i, 0)),
                email=f"{rng.choice(vocab.PERSON_NAMES).lower()}.{i}@example.com",
                handle_name=f"{rng.choice(vocab.PERSON_NAMES).lower()}_{i}",
            )
            account, ip = f"user-{i}", _ip(rng)
            network_id = None
        body_b = TextBuilder("body", truth)
        render_ordinary(template, rng, contact, truth, body_b, self.mix.obfuscation)
        body = body_b.text()
        fillers = rng.sample(vocab.FILLER_ORDINARY, k=rng.randint(3, 7))
        if rng.random() < 0.3:
            fillers.append(rng.choice(vocab.BOILERPLATE))
        body += " " + " ".join(fillers)
        if rng.random() < 0.02:
            # One number printed in many unrelated ads: linking must not glue them together.
            body += f" {vocab.HELP_LINE_TEXT}"
            truth.phones.append(vocab.HELP_LINE_E164)
        ad = {
            "id": self._ad_id(i),
            "platform": self.platform,
            "category": section,
            "title": title,
            "body": body,
            "posted_at": posted.isoformat().replace("+00:00", "Z"),
            "location": {"city": city[0], "region": city[1], "country": "US"},
            "poster": {"account_id": account, "ip": ip},
        }
        images = self._ordinary_images(i, rng)
        if images:
            ad["images"] = images
        return ad, self._truth(ad, "benign", network_id, truth)

    def _commercial(self, i: int, rng: random.Random, kind: str, k: int, posted: datetime):
        spec = self.network(kind, k)
        day = (posted - START).days
        city = _CITIES[spec.circuit[(day // spec.stay_days + k) % len(spec.circuit)]]
        contact = spec.contacts[rng.randrange(len(spec.contacts))]
        name = rng.choice(spec.names)
        categories = {cat: list(phrases) for cat, phrases in spec.categories}
        # Small edits between posts of one template: drop or swap a supporting phrase.
        for cat in ("availability", "venue", "payment", "screening"):
            if cat in categories and rng.random() < 0.25:
                del categories[cat]
        repost_of = self._last_in_network.get(spec.id) if rng.random() < self.mix.repost else None
        obfuscation = self.mix.obfuscation if repost_of is None else min(1.0, self.mix.obfuscation + 0.5)
        truth = Truth()
        age = spec.age
        if kind == "minor" and "just turned 18" in categories.get("youth", []):
            truth.ages.append(18)
        commercial = CommercialSpec(
            name=name,
            network=kind in ("trafficking", "minor"),
            youth=kind == "minor",
            categories=categories,
            contact=contact,
            write_email=rng.random() < 0.3,
            write_handle=rng.random() < 0.3,
            age=age,
            price_amounts=spec.price_amounts,
            obfuscate_contact=rng.random() < self.mix.obfuscation or (kind != "independent" and rng.random() < 0.4),
            order_seed=rng.randint(0, 1 << 30),
        )
        title, body = build_commercial(commercial, rng, truth, obfuscation)
        body += " " + " ".join(rng.sample(vocab.FILLER_COMMERCIAL, k=rng.randint(2, 5)))
        closed = posted >= START + timedelta(days=SPAN_DAYS * ADULT_SECTION_CLOSES)
        section = "dating" if closed else rng.choice(["adult", "adult", "massage", "services"])
        ad: dict[str, Any] = {
            "id": self._ad_id(i),
            "platform": self.platform,
            "category": section,
            "title": title,
            "body": body,
            "posted_at": posted.isoformat().replace("+00:00", "Z"),
            "location": {"city": city[0], "region": city[1], "country": "US"},
            "poster": {"account_id": rng.choice(spec.accounts), "ip": rng.choice(spec.ips)},
        }
        if repost_of:
            ad["previous_id"] = repost_of
        self._last_in_network[spec.id] = ad["id"]
        images = self._network_images(spec, rng)
        if images:
            ad["images"] = images
        label = {"independent": "commercial", "trafficking": "trafficking", "minor": "minor"}[kind]
        return ad, self._truth(ad, label, spec.id, truth)

    def _network_images(self, spec: NetworkSpec, rng: random.Random) -> list[dict[str, str]]:
        if self._images is None:
            return []
        chosen = rng.sample(spec.images, k=min(len(spec.images), rng.randint(1, 3)))
        return [{"path": self._images.path(base, rng.choice(self._images.VARIANTS))} for base in chosen]

    def _ordinary_images(self, i: int, rng: random.Random) -> list[dict[str, str]]:
        if self._images is None or rng.random() < 0.5:
            return []
        if rng.random() < 0.05:
            return [{"path": self._images.path(self._images.STOCK, "original")}]  # stock image, many ads
        return [{"path": self._images.path(self.rng_for("img", i).randint(0, 10**9), "original")}]

    @staticmethod
    def _truth(ad: dict[str, Any], label: str, network_id: str | None, truth: Truth) -> dict[str, Any]:
        return {
            "id": ad["id"],
            "platform": ad["platform"],
            "label": label,
            "network_id": network_id,
            "section": ad["category"],
            "phones": truth.phones,
            "emails": truth.emails,
            "handles": truth.handles,
            "ages": truth.ages,
            "prices": truth.prices,
            "indicators": truth.indicators,
            "repost_of": ad.get("previous_id"),
        }
