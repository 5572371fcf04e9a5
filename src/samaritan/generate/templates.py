"""Build ad text piece by piece, recording the truth (entities, indicator spans) as it goes."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Any

from samaritan.generate import vocab
from samaritan.generate.obfuscate import obfuscate_phrase, write_phone


@dataclass
class Truth:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)
    prices: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)


class TextBuilder:
    """Concatenates pieces and remembers where each indicator piece landed."""

    def __init__(self, field_name: str, truth: Truth):
        self.field = field_name
        self.truth = truth
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str, category: str | None = None, *also: str) -> None:
        for cat in (category, *also) if category else ():
            self.truth.indicators.append(
                {"category": cat, "field": self.field, "start": self.length, "end": self.length + len(text)}
            )
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Contact:
    """How one poster can be reached; a network shares and rotates these."""

    phone_digits: str | None  # None once a huge corpus has used every fictional number
    email: str | None = None
    handle: tuple[str, str] | None = None  # (service as written, canonical service)
    handle_name: str | None = None

    @property
    def e164(self) -> str:
        return "+1" + self.phone_digits


def render_ordinary(
    template: str, rng: random.Random, contact: Contact, truth: Truth, builder: TextBuilder, obfuscation: float
) -> None:
    """Fill an ordinary-ad template's slots, recording entities in the truth."""
    for literal, slot, _, _ in string.Formatter().parse(template):
        builder.add(literal)
        if slot is None:
            continue
        builder.add(_ordinary_slot(slot, rng, contact, truth, obfuscation))


def _ordinary_slot(slot: str, rng: random.Random, contact: Contact, truth: Truth, obfuscation: float) -> str:
    if slot == "phone" and contact.phone_digits:
        truth.phones.append(contact.e164)
        return write_phone(contact.phone_digits, rng, obfuscate=False)
    if slot in ("email", "phone"):
        email = contact.email or "owner@example.com"
        truth.emails.append(email)
        return email
    if slot == "handle":
        service, canonical = contact.handle or rng.choice(vocab.HANDLE_SERVICES)
        name = contact.handle_name or (contact.email or "owner").split("@")[0].replace(".", "_")
        truth.handles.append(f"{canonical}:{name}")
        return f"{service}: {name}"
    if slot == "price":
        amount = rng.choice([5, 10, 15, 20, 25, 40, 60, 75, 120, 250, 400, 1500, 3200])
        truth.prices.append({"amount": amount, "currency": "USD", "unit": None})
        return f"${amount}"
    if slot == "hourly":
        amount = rng.choice([25, 40, 60, 75, 90, 120])
        truth.prices.append({"amount": amount, "currency": "USD", "unit": "hour"})
        return rng.choice([f"${amount} per hour", f"${amount}/hr", f"${amount} an hour"])
    if slot == "rent":
        amount = rng.choice([650, 800, 950, 1100, 1250, 1400])
        truth.prices.append({"amount": amount, "currency": "USD", "unit": "month"})
        return f"${amount} per month"
    if slot == "wage":
        amount = rng.choice([15, 16, 18, 20, 22, 25])
        truth.prices.append({"amount": amount, "currency": "USD", "unit": "hour"})
        return f"${amount}/hr"
    if slot == "age_adult":
        age = rng.choice([18, 19, 19, 20, 22, 24, 27, 31, 45])
        truth.ages.append(age)
        return str(age)
    raise ValueError(f"unknown slot {slot!r}")


def _maybe_obfuscate(phrase: str, rng: random.Random, rate: float) -> str:
    return obfuscate_phrase(phrase, rng) if rng.random() < rate else phrase


@dataclass
class CommercialSpec:
    """What a commercial-sex ad contains; the builder turns it into text."""

    name: str
    network: bool  # written by a third party for several people
    youth: bool
    categories: dict[str, list[str]]  # category -> phrases chosen
    contact: Contact
    write_email: bool
    write_handle: bool
    age: int | None
    price_amounts: tuple[int, int]
    obfuscate_contact: bool
    order_seed: int


def build_commercial(spec: CommercialSpec, rng: random.Random, truth: Truth, obfuscation: float) -> tuple[str, str]:
    """Title and body of a commercial-sex ad; indicator spans and entities go into `truth`."""
    title_b = TextBuilder("title", truth)
    body_b = TextBuilder("body", truth)

    title_pieces: list[tuple[str, str | None]] = []
    if spec.youth:
        title_pieces.append((spec.categories["youth"][0], "youth"))
    elif spec.categories.get("ethnicity"):
        title_pieces.append((spec.categories["ethnicity"][0], "ethnicity"))
    title_pieces.append((rng.choice(["companion", "visit", "company", "fun", "appointments"]), None))
    for i, (phrase, cat) in enumerate(title_pieces):
        if i:
            title_b.add(" ")
        title_b.add(_maybe_obfuscate(phrase, rng, obfuscation) if cat else phrase.capitalize(), cat)

    opener = rng.choice(vocab.NETWORK_OPENERS if spec.network else vocab.INDEPENDENT_OPENERS)
    if spec.network:
        body_b.add(opener, "third_party")
    else:
        body_b.add(opener.format(name=spec.name))
    sentences: list[list[tuple[str, str | None]]] = []
    order = [
        "youth",
        "ethnicity",
        "movement",
        "commercial_sex",
        "pricing",
        "venue",
        "availability",
        "third_party",
        "reassurance",
        "screening",
        "payment",
    ]
    order_rng = random.Random(spec.order_seed)
    middle = order[2:9]
    order_rng.shuffle(middle)
    order = order[:2] + middle + order[9:]
    for category in order:
        for phrase in spec.categories.get(category, []):
            if category == "youth" and phrase == spec.categories["youth"][0] and spec.youth:
                continue  # already in the title
            sentences.append([(phrase.format(name=spec.name), category)])
    low, high = spec.price_amounts
    sentences.append(
        [(f"{low} roses hh", "commercial_sex+pricing"), (", ", None), (f"{high} roses hr", "commercial_sex")]
    )
    truth.prices.extend(
        [{"amount": low, "currency": "USD", "unit": "half_hour"}, {"amount": high, "currency": "USD", "unit": "hour"}]
    )
    if spec.age is not None:
        sentences.append([(f"{spec.age} years old", None)])
        truth.ages.append(spec.age)

    for sentence in sentences:
        body_b.add(" ")
        for text, category in sentence:
            if category and "+" in category:
                body_b.add(text, *category.split("+"))  # a short-session rate is pricing too
            elif any(c.isdigit() for c in text):
                body_b.add(text, category)  # numbers stay readable so price and age truth holds
            else:
                body_b.add(_maybe_obfuscate(text, rng, obfuscation) if category else text, category)
        body_b.add(".")

    if spec.contact.phone_digits:
        body_b.add(" Text ")
        phone_text = write_phone(spec.contact.phone_digits, rng, obfuscate=spec.obfuscate_contact)
        body_b.add(phone_text, "obscured_contact" if spec.obfuscate_contact else None)
        truth.phones.append(spec.contact.e164)
    if spec.write_email and spec.contact.email:
        local, domain = spec.contact.email.split("@")
        if spec.obfuscate_contact:
            body_b.add(" or email ")
            body_b.add(f"{local} at {domain.replace('.', ' dot ')}", "obscured_contact")
        else:
            body_b.add(f" or email {spec.contact.email}")
        truth.emails.append(spec.contact.email)
    if spec.write_handle and spec.contact.handle:
        service, canonical = spec.contact.handle
        handle_name = spec.contact.email.split("@")[0] if spec.contact.email else spec.name.lower()
        body_b.add(f". {service}: {handle_name}")
        truth.handles.append(f"{canonical}:{handle_name}")
    body_b.add(".")
    return title_b.text(), body_b.text()


def pick(rng: random.Random, pool: list[str], k: int = 1) -> list[str]:
    return rng.sample(pool, k=min(k, len(pool)))
