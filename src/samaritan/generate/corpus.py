"""A labelled synthetic classified-ad site, streamed and deterministic by seed.

Text comes from the grammar in `generate/grammar/` (written apart from the lexicon; see
docs/generator.md), each ad from one phrasing family and one split (`families=`).

Mix (defaults): most ads are ordinary, across many sections and full of innocent collisions
with the words of commercial ads; some are commercial-sex ads by independent adults (a few ads
each, one phone); some come from trafficking networks that post several people along a circuit
of cities, rotate phones, accounts and IPs, reuse photos and re-post versions of one template
(the wording of a version stays, entities change); some of those carry youth indicators.
Rejected ads come back as re-posts with more disguise (`previous_id`), and after the adult
section "closes" the same ads move to dating.

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
from samaritan.generate.grammar import Family, Grammar, default_grammar
from samaritan.generate.templates import AdWriter, Contact, Truth, Voice, pick

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
    families: tuple[Family, ...]  # the templates it edits and re-posts
    template_seeds: tuple[int, ...]  # one text per version of its template
    rates: tuple[int, int, int]
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
    block = pick(rng, ("192.0.2", "198.51.100", "203.0.113"))  # RFC 5737 documentation ranges
    return f"{block}.{1 + int(rng.random() * 254)}"


# Contract labels per kind of ad: a minor in commercial sex is a trafficking victim in law.
LABELS = {
    "benign": [],
    "commercial": ["commercial_sex"],
    "trafficking": ["commercial_sex", "trafficking_risk"],
    "minor": ["commercial_sex", "trafficking_risk", "minor_risk"],
}
FAMILY_CHOICES = ("all", "train", "test")


class SiteGenerator:
    def __init__(
        self,
        n: int,
        seed: int = 0,
        mix: Mix | None = None,
        images_dir: str | None = None,
        platform: str = "synthetic-site",
        families: str = "all",
        grammar: Grammar | None = None,
    ):
        if families not in FAMILY_CHOICES:
            raise ValueError(f"families must be one of {FAMILY_CHOICES}, not {families!r}")
        self.n = n
        self.seed = seed
        self.mix = mix or Mix()
        self.platform = platform
        self.families = families
        self.grammar = grammar or default_grammar()
        self._family_view = {
            kind: {split: self.grammar.view(kind, split) for split in ("train", "test")}
            for kind in ("independent", "trafficking", "minor", "benign")
        }
        m = self.mix
        # Expected ads per network kind decide how many networks there are.
        self.n_traffick = max(1, round(n * m.trafficking / 14))
        self.n_minor = max(1, round(n * m.minor / 10))
        self.n_independent = max(1, round(n * m.commercial / 3))
        self.n_business = max(1, round(n * 0.2 / 4))
        self._last_in_network: dict[str, str] = {}
        self._ad_seed = (abs(seed) * 2 + (seed < 0)) << 40  # distinct per seed, then one per ad
        self._images = None
        if images_dir:
            from samaritan.generate.images import ImageWriter

            self._images = ImageWriter(images_dir, seed)

    def rng_for(self, *key: Any) -> random.Random:
        return random.Random(":".join(str(k) for k in (self.seed, *key)))

    def _split(self, rng: random.Random) -> str:
        """Which phrasing split an ad or a network draws from: a fifth are held-out wording."""
        if self.families != "all":
            return self.families
        return "test" if rng.random() < 0.2 else "train"

    def _pick_families(self, kind: str, rng: random.Random, k: int) -> tuple[Family, ...]:
        pool = self._family_view[kind][self._split(rng)]
        return tuple(rng.sample(pool, k=min(k, len(pool))))

    @lru_cache(maxsize=4096)  # noqa: B019 - bounded; one generator per run
    def network(self, kind: str, k: int) -> NetworkSpec:
        rng = self.rng_for("net", kind, k)
        single = kind in ("independent", "business")
        circuit = tuple(rng.sample(range(len(_CITIES)), k=1 if single else rng.randint(3, 6)))
        contacts = []
        for c in range(1 if single else rng.randint(2, 3)):
            local = f"{rng.choice(vocab.NAMES).lower()}.{kind[:3]}{k}{c}"
            domain = rng.choice(vocab.EMAIL_DOMAINS)
            digits = phone_for_index(self._contact_index(kind, k, c))
            contacts.append(Contact(digits, email=f"{local}@{domain}", handle=rng.choice(vocab.HANDLE_SERVICES)))
        pool = vocab.PERSON_NAMES if kind == "business" else vocab.NAMES
        names = tuple(rng.sample(pool, k=1 if single else rng.randint(2, 4)))
        low = rng.choice([60, 80, 100, 120, 150])
        hour = low + rng.choice([60, 80, 100])
        return NetworkSpec(
            id=f"{kind[:3]}-{k:05d}",
            kind=kind,
            contacts=tuple(contacts),
            accounts=tuple(f"acct-{kind[:3]}{k}-{a}" for a in range(rng.randint(1, 3))),
            ips=tuple(_ip(rng) for _ in range(rng.randint(1, 2))),
            circuit=circuit,
            names=names,
            families=self._pick_families("benign" if kind == "business" else kind, rng, rng.randint(1, 2)),
            template_seeds=tuple(rng.randint(0, 1 << 30) for _ in range(rng.randint(2, 4))),
            rates=(low, hour, 2 * hour - rng.choice([0, 20, 40])),
            images=tuple(rng.randint(0, 10**9) for _ in range(rng.randint(2, 5))),
            stay_days=rng.randint(3, 8),
            # A minor's ad that states an age states one near the legal line (risk.yaml `title_minor`).
            age=rng.randint(21, 45) if kind == "independent" else (rng.randint(18, 20) if kind == "minor" else None),
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
        rng = random.Random(self._ad_seed + i)  # an int seeds several times faster than a string
        m = self.mix
        posted = START + timedelta(seconds=int(SPAN_DAYS * 86400 * i / max(1, self.n)) + int(rng.random() * 3601))
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
        truth = Truth()
        # A fifth of ordinary ads come from small businesses that post the same ad again and again.
        if rng.random() < 0.2:
            spec = self.network("business", rng.randrange(self.n_business))
            contact, name = spec.contacts[0], spec.names[0]
            account, ip, network_id = spec.accounts[0], spec.ips[0], spec.id
            city = _CITIES[spec.circuit[0]]
            family = rng.choice(spec.families)
            phrase_rng = random.Random(rng.choice(spec.template_seeds))
        else:
            city = pick(rng, _CITIES)
            name = pick(rng, vocab.PERSON_NAMES)
            contact = Contact(
                phone_for_index(self._contact_index("ordinary", i, 0)),
                email=f"{name.lower()}.{i}@example.com",
                handle=pick(rng, vocab.HANDLE_SERVICES),
                handle_name=f"{pick(rng, vocab.PERSON_NAMES).lower()}_{i}",
            )
            account, ip, network_id = f"user-{i}", _ip(rng), None
            pool = self._family_view["benign"][self._split(rng)]
            family = pool[int(rng.random() * len(pool))]
            phrase_rng = rng
        voice = Voice(name, contact, city[0], pick(rng, _CITIES)[0], age=19 + int(rng.random() * 50))
        writer = AdWriter(phrase_rng, family.split, voice, truth, 0.0, slot_rng=rng, disguise_stream=False)
        title, body = writer.write(family)
        # One number printed in many unrelated ads: linking must not glue them together. Only in
        # ads with a contact of their own (so that they disagree on who posted them), as a
        # site's footer under a poster's number; the draw is made either way (same stream).
        if rng.random() < 0.02 and (truth.phones or truth.emails or truth.handles):
            body += f" {vocab.HELP_LINE_TEXT}"
            truth.phones.append(vocab.HELP_LINE_E164)
        section = family.sections[int(rng.random() * len(family.sections))]
        ad = self._ad(i, section, title, body, posted, city, account, ip)
        images = self._ordinary_images(i, rng)
        if images:
            ad["images"] = images
        return ad, self._truth(ad, "benign", network_id, truth, family)

    def _ad(self, i, section, title, body, posted, city, account, ip) -> dict[str, Any]:
        return {
            "id": self._ad_id(i),
            "platform": self.platform,
            "category": section,
            "title": title,
            "body": body,
            "posted_at": posted.isoformat().replace("+00:00", "Z"),
            "location": {"city": city[0], "region": city[1], "country": "US"},
            "poster": {"account_id": account, "ip": ip},
        }

    def _commercial(self, i: int, rng: random.Random, kind: str, k: int, posted: datetime):
        spec = self.network(kind, k)
        day = (posted - START).days
        stop = (day // spec.stay_days + k) % len(spec.circuit)
        city = _CITIES[spec.circuit[stop]]
        circuit = spec.circuit if len(spec.circuit) > 1 else (spec.circuit[0], rng.randrange(len(_CITIES)))
        next_city = _CITIES[circuit[(stop + 1) % len(circuit)]]
        repost_of = self._last_in_network.get(spec.id) if rng.random() < self.mix.repost else None
        obfuscation = self.mix.obfuscation if repost_of is None else min(1.0, self.mix.obfuscation + 0.5)
        truth = Truth()
        disguise, network_disguise = rng.random(), rng.random()  # both drawn: same ads at any --obfuscation
        voice = Voice(
            name=rng.choice(spec.names),
            contact=spec.contacts[rng.randrange(len(spec.contacts))],
            city=city[0],
            next_city=next_city[0],
            age=spec.age,
            rates=spec.rates,
            obfuscate_contact=disguise < self.mix.obfuscation or (kind != "independent" and network_disguise < 0.4),
        )
        family = rng.choice(spec.families)
        # A poster edits one template: each version keeps its wording; entities change per ad.
        phrase_rng = random.Random(rng.choice(spec.template_seeds))
        title, body = AdWriter(phrase_rng, family.split, voice, truth, obfuscation, slot_rng=rng).write(family)
        closed = posted >= START + timedelta(days=SPAN_DAYS * ADULT_SECTION_CLOSES)
        section = "dating" if closed else rng.choice(["adult", "adult", "massage", "services"])
        ad = self._ad(i, section, title, body, posted, city, rng.choice(spec.accounts), rng.choice(spec.ips))
        if repost_of:
            ad["previous_id"] = repost_of
        self._last_in_network[spec.id] = ad["id"]
        images = self._network_images(spec, rng)
        if images:
            ad["images"] = images
        label = {"independent": "commercial", "trafficking": "trafficking", "minor": "minor"}[kind]
        return ad, self._truth(ad, label, spec.id, truth, family)

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
    def _truth(ad: dict[str, Any], label: str, network_id: str | None, truth: Truth, family: Family) -> dict[str, Any]:
        return {
            "id": ad["id"],
            "platform": ad["platform"],
            "label": label,
            "labels": LABELS[label],
            "network_id": network_id,
            "section": ad["category"],
            "family": family.id,
            "split": family.split,
            "intents": list(dict.fromkeys(truth.intents)),
            "phones": truth.phones,
            "emails": truth.emails,
            "handles": truth.handles,
            "ages": truth.ages,
            "prices": truth.prices,
            "indicators": truth.indicators,
            "repost_of": ad.get("previous_id"),
        }
