"""Write an ad from a grammar family, recording the truth (entities, indicator spans) as it goes."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from samaritan.generate.grammar import Family, Ref, Rule
from samaritan.generate.obfuscate import obfuscate_phrase, write_phone

# Decoration only: no emoji with a sexual reading, since minor-risk ads share these slots.
_EMOJI = tuple("✨🌹💎🔥💕💖🌸🎀⭐🌺💞🦋👑😘🥰😍💯🔝🌟🌷")  # single code points each
_HEARTS = ("❤️", "💕", "💖", "💗", "💓", "💞")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBER_WORDS = ("two", "three", "four", "five")


@dataclass
class Truth:
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)
    prices: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)


class TextBuilder:
    """Concatenates pieces and remembers where each indicator piece landed."""

    __slots__ = ("field", "length", "parts", "truth")

    def __init__(self, field_name: str, truth: Truth):
        self.field = field_name
        self.truth = truth
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str, *categories: str) -> None:
        if categories and text:
            self.span(categories, self.length, self.length + len(text))
        self.parts.append(text)
        self.length += len(text)

    def span(self, categories: tuple[str, ...], start: int, end: int) -> None:
        if end > start:
            for cat in categories:
                self.truth.indicators.append({"category": cat, "field": self.field, "start": start, "end": end})

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


@dataclass
class Voice:
    """Who and what an ad speaks of: the slots' values, fixed before the text is written."""

    name: str
    contact: Contact
    city: str
    next_city: str
    age: int | None = None
    rates: tuple[int, int, int] = (80, 120, 200)  # short visit or half hour, hour, two hours
    obfuscate_contact: bool = False


class AdWriter:
    """Expands one family's title and body in one split; slots write entities into the truth."""

    def __init__(
        self,
        rng: random.Random,
        split: str,
        voice: Voice,
        truth: Truth,
        obfuscation: float,
        slot_rng: random.Random | None = None,
        disguise_stream: bool = True,
    ):
        self.rng = rng  # the wording: a network re-posts one template, so this may repeat
        self.srng = slot_rng or rng  # entities: these change from post to post
        # Disguise draws from its own stream, so the same seed at another --obfuscation gives the
        # same ads with only the disguise changed (what the robustness report compares). An ad
        # that is never disguised (a lawful one) skips the stream: seeding one costs.
        self.orng = random.Random(self.srng.random()) if disguise_stream else self.srng
        self.split = split
        self.voice = voice
        self.truth = truth
        self.obfuscation = obfuscation
        self.builder: TextBuilder = TextBuilder("title", truth)

    def write(self, family: Family) -> tuple[str, str]:
        title = self._field("title", family.title)
        body = self._field("body", family.body)
        return title, body

    def _field(self, name: str, parts: tuple) -> str:
        self.builder = TextBuilder(name, self.truth)
        self._parts(parts)
        text = self.builder.text()
        stripped = text.rstrip()
        if len(stripped) < len(text):  # an optional part left trailing space: keep spans inside
            for span in self.truth.indicators:
                if span["field"] == name and span["end"] > len(stripped):
                    span["end"] = len(stripped)
            self.truth.indicators[:] = [s for s in self.truth.indicators if s["start"] < s["end"]]
        return stripped

    def _parts(self, parts: tuple) -> None:
        """The hot loop: literals and plain rules are appended inline (a call per rule costs)."""
        b = self.builder
        out = b.parts
        rnd = self.rng.random
        split = self.split
        eat = False  # an optional part was left out: drop the space that followed it
        for part in parts:
            if part.__class__ is str:
                if eat and part[0] == " " and (not out or out[-1][-1:] in " \n"):
                    part = part.lstrip(" ")
                eat = False
                if part:
                    out.append(part)
                    b.length += len(part)
                continue
            if part.__class__ is tuple:  # a compiled leaf: pick one of its texts
                text = part[int(rnd() * len(part))]
                if eat and text[:1] == " " and (not out or out[-1][-1:] in " \n"):
                    text = text.lstrip(" ")
                out.append(text)
                b.length += len(text)
                eat = False
                continue
            if part.slot:
                text = self.slot(part.name)
                out.append(text)
                b.length += len(text)
                eat = False
                continue
            if part.optional:
                if rnd() >= 0.5:
                    eat = True
                    continue
            elif part.hi != 1 or part.lo != 1:
                eat = not self._repeat(part)
                continue
            eat = False
            rule = part.rule
            alts = rule.views[split]
            alt = alts[int(rnd() * len(alts))]
            if not rule.plain:
                self._alt(rule, alt)
            elif alt.__class__ is str:
                out.append(alt)
                b.length += len(alt)
            else:
                self._parts(alt)

    def _repeat(self, part: Ref) -> int:
        """Distinct choices, so no sentence is said twice: distinct alternatives, or for a rule
        that wraps one list of sentences ("{x_core}{end}"), distinct sentences of that list."""
        rule = part.rule
        alts = rule.views[self.split]
        rnd = self.rng.random
        k = part.lo + int(rnd() * (part.hi - part.lo + 1))
        first = alts[0]
        wrapper = len(alts) == 1 and first.__class__ is tuple and first[0].__class__ is tuple
        pool = first[0] if wrapper else alts
        n = len(pool)
        k = min(k, n)
        order = list(range(n))
        for j in range(k):
            r = j + int(rnd() * (n - j))
            order[j], order[r] = order[r], order[j]
            if j:
                self.builder.add(" ")
            self._alt(rule, (pool[order[j]], *first[1:]) if wrapper else pool[order[j]])
        return k

    def _alt(self, rule: Rule, alt: str | tuple) -> None:
        if rule.intent:
            self.truth.intents.append(rule.intent)
        if alt.__class__ is str:
            alt = (alt,)
        if not rule.cats:
            self._parts(alt)
            return
        b = self.builder
        if rule.leaf and self.obfuscation and self.orng.random() < self.obfuscation:
            outer = b
            self.builder = TextBuilder(outer.field, self.truth)
            self._parts(alt)
            text = self.builder.text()
            self.builder = outer
            if not any(c.isdigit() for c in text):  # numbers stay readable so price and age truth holds
                text = obfuscate_phrase(text, self.orng)
            outer.add(text, *rule.cats)
            return
        start = b.length
        self._parts(alt)
        b.span(rule.cats, start, b.length)

    # ------------------------------------------------------------------ slots
    def _price(self, amount: int, unit: str | None, forms: tuple[str, ...]) -> str:
        self.truth.prices.append({"amount": amount, "currency": "USD", "unit": unit})
        return forms[int(self.srng.random() * len(forms))].format(a=amount, c=f"{amount:,}")

    def slot(self, name: str) -> str:
        rng, v = self.srng, self.voice
        if name == "name":
            return v.name
        if name == "age":
            age = v.age if v.age is not None else _between(rng, 21, 39)
            self.truth.ages.append(age)
            return str(age)
        if name == "age_young":
            age = _between(rng, 18, 23)
            self.truth.ages.append(age)
            return str(age)
        if name == "eighteen":  # "just turned 18" states the person's age: the truth lists it
            self.truth.ages.append(18)
            return "18"
        if name == "kid_age":
            return str(_between(rng, 2, 12))
        if name == "years":
            return str(_between(rng, 3, 30))
        if name == "count":
            return pick(rng, _NUMBER_WORDS) if rng.random() < 0.5 else str(_between(rng, 2, 5))
        if name == "city":
            return v.city
        if name == "next_city":
            return v.next_city
        if name == "day":
            return pick(rng, _DAYS)
        if name == "emoji":
            return "".join(pick(rng, _EMOJI) for _ in range(_between(rng, 1, 4)))
        if name == "hearts":
            return pick(rng, _HEARTS) * _between(rng, 1, 3)
        if name in _CONTACT_SLOTS:
            return _CONTACT_SLOTS[name](self)
        return self._price_slot(name)

    def _price_slot(self, name: str) -> str:
        rng, (short, hour, two) = self.srng, self.voice.rates
        if name == "rate_short":
            return self._price(short, "short_visit", ("{a} qv", "qv {a}", "{a} for a quick visit", "${a} qv"))
        if name == "rate_half":
            return self._price(
                short,
                "half_hour",
                ("{a} hh", "${a} half hour", "hh {a}", "{a}/hh", "${a} hh", "${a} 30 min", "${a}/half hour"),
            )
        if name == "rate_hour":
            return self._price(
                hour,
                "hour",
                ("{a} hr", "${a} an hour", "{a}/hr", "hr {a}", "${a} per hour", "${a}/hr", "${a} 1 hour", "1hr ${a}"),
            )
        if name == "rate_two":
            return self._price(two, "two_hours", ("{a} 2 hrs", "${a} two hours", "{a} for 2 hours"))
        if name == "rate_night":
            return self._price(two * 3, "overnight", ("{a} overnight", "overnight {a}", "${a} overnight"))
        if name == "price":
            return self._price(pick(rng, _SMALL), None, ("${a}", "${a}", "{a} dollars", "${a} obo"))
        if name == "price_big":
            return self._price(pick(rng, _BIG), None, ("${c}", "${c} obo", "${c} firm"))
        if name == "rent":
            return self._price(rng.randrange(650, 2600, 25), "month", ("${c} per month", "${c}/month", "${c} a month"))
        if name == "deposit":
            return self._price(rng.randrange(200, 1500, 50), None, ("${c}",))
        if name == "fee":
            return self._price(pick(rng, (25, 35, 40, 45, 50, 75)), None, ("${a}",))
        if name == "wage":
            return self._price(_between(rng, 14, 32), "hour", ("${a}/hr", "${a} an hour", "${a} per hour"))
        if name == "hourly":
            return self._price(pick(rng, (25, 30, 40, 45, 60, 75, 90)), "hour", ("${a}/hr", "${a} per hour"))
        raise ValueError(f"unknown slot {name!r}")

    def _phone(self) -> str:
        c = self.voice.contact
        if not c.phone_digits:
            return self._email()
        self.truth.phones.append(c.e164)
        text = write_phone(c.phone_digits, self.orng, obfuscate=self.voice.obfuscate_contact)
        if self.voice.obfuscate_contact:
            self.builder.span(("obscured_contact",), self.builder.length, self.builder.length + len(text))
        return text

    def _email(self) -> str:
        email = self.voice.contact.email or "owner@example.com"
        self.truth.emails.append(email)
        if self.voice.obfuscate_contact and self.orng.random() < 0.5:
            local, domain = email.split("@")
            text = f"{local} at {domain.replace('.', ' dot ')}"
            self.builder.span(("obscured_contact",), self.builder.length, self.builder.length + len(text))
            return text
        return email

    def _handle(self) -> str:
        c = self.voice.contact
        service, canonical = c.handle or ("kik", "kik")
        name = c.handle_name or (c.email or "owner").split("@")[0]
        self.truth.handles.append(f"{canonical}:{name}")
        return f"{service}: {name}"


def pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    return seq[int(rng.random() * len(seq))]  # Random.choice is several times slower


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


_CONTACT_SLOTS = {"phone": AdWriter._phone, "email": AdWriter._email, "handle": AdWriter._handle}
_SMALL = (5, 10, 15, 20, 25, 30, 40, 45, 60, 75, 80, 120, 150, 200, 250, 350, 400)
_BIG = (900, 1500, 2200, 3200, 4500, 6800, 8900, 12500)
