"""Names and contact pools for the synthetic site, and indicator phrases for the disguise tests.

The ads themselves are written from the grammar in `generate/grammar/*.yaml`, independently of the
lexicon. The indicator phrase lists at the end are not used by the generator: tests/test_normalize.py
checks that every disguise transform keeps each of these lexicon-style phrases recognisable.
"""

from __future__ import annotations

NAMES = [
    "Mia",
    "Lily",
    "Candy",
    "Jade",
    "Rose",
    "Amber",
    "Skye",
    "Nina",
    "Ruby",
    "Luna",
    "Coco",
    "Bella",
    "Gigi",
    "Tina",
    "Kim",
    "Sasha",
    "Dana",
    "Vicky",
    "Lexi",
    "Nova",
    "Ivy",
    "Kira",
    "Star",
    "Angel",
]
PERSON_NAMES = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Chris",
    "Pat",
    "Morgan",
    "Jamie",
    "Robin",
    "Casey",
    "Drew",
    "Lee",
    "Terry",
    "Kelly",
    "Dana",
    "Jesse",
    "Avery",
    "Riley",
    "Quinn",
    "Reese",
]
HANDLE_SERVICES = [
    ("snap", "snapchat"),
    ("Snapchat", "snapchat"),
    ("IG", "instagram"),
    ("insta", "instagram"),
    ("Telegram", "telegram"),
    ("kik", "kik"),
    ("WhatsApp", "whatsapp"),
    ("Signal", "signal"),
]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com"]
SECTIONS_ORDINARY = ["for-sale", "vehicles", "housing", "jobs", "pets", "services", "events", "dating", "personals"]

# A help line that a site prints in many unrelated ads (toll-free, fictional 555 line).
HELP_LINE_TEXT = "Report scams to the site help line 800-555-0199."
HELP_LINE_E164 = "+18005550199"

# ----------------------------------------------------------------- disguise-test phrases only
COMMERCIAL_CORE = [
    "incall and outcall",
    "incall only",
    "outcall available",
    "GFE",
    "escort service",
    "sensual massage",
    "body rub",
    "hobbyists welcome",
    "generous gentlemen only",
    "full service companion",
    "escort",
    "happy endings",
]
YOUTH = [
    "young",
    "barely legal",
    "fresh",
    "sweet teen",
    "teen",
    "new to the game",
    "just turned 18",
    "young and fresh",
    "babygirl",
    "🍭",
    "🎒",
    "youthful",
]
ETHNICITY = [
    "exotic",
    "Asian",
    "Latina",
    "Ebony",
    "Thai",
    "Korean",
    "Russian",
    "European",
    "little English",
    "new to the country",
]
MOVEMENT = [
    "new in town",
    "just arrived",
    "leaving soon",
    "touring",
    "last night in town",
    "back in town",
    "here until Sunday",
]
AVAILABILITY = ["available 24/7", "all night", "day or night", "available now", "late night"]
VENUE = ["text for room number", "hotel near the airport", "outcall only", "private incall", "motel off the highway"]
SCREENING = ["no cops", "no law enforcement", "screening required", "no blocked calls"]
PAYMENT = ["deposit required", "cash app accepted", "gift cards ok", "bitcoin ok"]
REASSURANCE = ["100% real photos", "real and recent pics", "safe and discreet", "upscale and classy", "no fake pics"]
