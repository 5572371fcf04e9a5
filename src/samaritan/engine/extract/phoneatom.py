"""One group of a phone number as the reader reads it: digits, number words, letters written for
digits, or a word that breaks a number (phonetext.atoms makes the row, phonebreaks and
phonewindows weigh it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Atom:
    digits: str  # "" for a word that breaks a number
    start: int  # folded offsets
    end: int
    strong: bool  # may start or end a number
    kind: str  # "digits" | "word" | "letters" | "break"
    joined: bool = False  # only separators (or filler words) between it and the atom before
    glued: str = ""  # "head"/"tail": a price or unit is glued to that end ("0142150roses")
