"""Relaxations: a Python pattern as an RE2 pattern that matches wherever it matches, so slow
`re` searches are skipped where RE2 proves in one linear pass they cannot match.

Python's `re` has no fast skip to where a pattern of many alternatives or a leading `\b` can
start: it tries every position. RE2 runs a DFA in C and says first where a match can start, or
that none can. RE2's `\b`, `\\d` and `\\w` are ASCII and Python's are Unicode, so the text is made
ASCII first (`ascii_classes`): each character outside ASCII becomes a placeholder of its class to
Python, "0" (a decimal digit), "a" (another word character) or "\x01" (neither), offsets
unchanged. Then `\b` holds where Python's holds, and the relaxation keeps it. Look-arounds are
dropped (a relaxation matches more, never less); so are anchors, unless the text is the whole
string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import re2


class _AsciiClasses(dict[int, str]):
    """str.translate table for `ascii_classes` (filled as characters are met)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code < 128:
            value = char
        elif char.isdecimal():
            value = "0"
        elif char.isalnum() or char == "_":
            value = "a"
        else:
            value = "\x01"
        self[code] = value
        return value


_ASCII_CLASSES = _AsciiClasses()
_PLACEHOLDERS = "0a\x01"
_PLACEHOLDERS_RE2 = "0a\\x01"  # in a relaxed class: what its members outside ASCII may have become
# Python's `\s` on ASCII, and the placeholder of every other space.
_SPACE_RE2 = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x01"


def ascii_classes(text: str) -> bytes:
    """`text` as the ASCII bytes a relaxation reads: one byte per character."""
    # (UTF-8, the codec str.encode reaches without a look-up, is ASCII on ASCII text.)
    return (text if text.isascii() else text.translate(_ASCII_CLASSES)).encode()


def _re2_char(code: int) -> str:
    char = chr(code) if code < 128 else _ASCII_CLASSES[code]
    return char if char.isalnum() else f"\\x{ord(char):02x}"


class _Untranslatable(ValueError):
    pass


def relax(pattern: str, whole: bool = False) -> str | None:
    r"""An RE2 pattern that matches `ascii_classes(text)` wherever `pattern` (a Python pattern,
    no flags) matches `text`, or None when the pattern uses what this does not translate
    (back-references, flags, categories other than \d, \w and \s, some negated classes) or can
    match the empty string. `whole`: the text given is always the whole string the pattern runs
    on, so `^` and a final `$` are kept; otherwise every anchor is dropped."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # private: typeshed has no stubs

        parsed = _parser.parse(pattern)
        if parsed.state.flags & ~re.UNICODE or parsed.getwidth()[0] == 0:
            return None
        return _Translator(whole).sequence(parsed, True)
    except Exception:  # anything not understood (or a private module changed): no relaxation
        return None


class _Translator:
    """Python's parsed pattern (re._parser) as RE2 syntax, item by item; see `relax`."""

    def __init__(self, whole: bool):
        from re import _constants  # type: ignore[attr-defined]

        self.c = _constants
        self.whole = whole

    def sequence(self, items: Any, last: bool) -> str:
        """`last`: the items end the pattern (a `$` among them may be kept)."""
        return "".join(self.item(op, av, last and k == len(items) - 1) for k, (op, av) in enumerate(items))

    def item(self, op: Any, av: Any, last: bool) -> str:
        c = self.c
        if op is c.LITERAL:
            return _re2_char(av)
        if op is c.NOT_LITERAL:
            if av >= 128 or chr(av) in _PLACEHOLDERS:
                raise _Untranslatable(op)
            return f"[^{_re2_char(av)}]"
        if op is c.ANY:
            return "(?s:.)"
        if op is c.AT:
            return self.anchor(av, last)
        if op is c.ASSERT or op is c.ASSERT_NOT:
            return ""  # a look-around only narrows a match: dropped, the relaxation matches more
        if op is c.IN:
            return self.members(av)
        if op is c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Untranslatable(op)  # flags inside the pattern
            return f"(?:{self.sequence(av[3], last)})"
        if op is c.BRANCH:
            return "(?:" + "|".join(self.sequence(branch, last) for branch in av[1]) + ")"
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, inner = av
            if low > 1000:
                raise _Untranslatable(op)
            upper = "" if high is c.MAXREPEAT or high > 1000 else str(high)
            return f"(?:{self.sequence(inner, False)}){{{low},{upper}}}"
        if op is c.ATOMIC_GROUP:
            return f"(?:{self.sequence(av, last)})"
        raise _Untranslatable(op)

    def anchor(self, av: Any, last: bool) -> str:
        c = self.c
        if av is c.AT_BOUNDARY:
            return "\\b"  # holds where Python's does: the placeholders keep each character's class
        if av is c.AT_NON_BOUNDARY:
            return "\\B"
        if self.whole and av in (c.AT_BEGINNING, c.AT_BEGINNING_STRING):
            return "^"
        if self.whole and last and av is c.AT_END:  # Python's `$` also holds before a final newline
            return "(?:\\n?$)"
        if self.whole and last and av is c.AT_END_STRING:
            return "$"
        return ""

    def members(self, av: Any) -> str:
        """A character class. A negated one is kept as it is only if no character outside ASCII
        that it leaves out can have become a placeholder it holds; otherwise any character."""
        c = self.c
        negate, out, held = False, [], set()
        for o, a in av:
            if o is c.NEGATE:
                negate = True
            elif o is c.LITERAL:
                out.append(_re2_char(a))
                held.add(chr(a) if a < 128 else _ASCII_CLASSES[a])
            elif o is c.RANGE:
                if a[0] < 128:
                    out.append(f"{_re2_char(a[0])}-{_re2_char(min(a[1], 127))}")
                    held.update(chr(x) for x in range(a[0], min(a[1], 127) + 1))
                if a[1] >= 128:
                    out.append(_PLACEHOLDERS_RE2)
                    held.update(_PLACEHOLDERS)
            elif o is c.CATEGORY and a is c.CATEGORY_DIGIT:
                out.append("0-9")
                held.update("0123456789")
            elif o is c.CATEGORY and a is c.CATEGORY_WORD:
                out.append("0-9a-zA-Z_")
                held.update("0a")
            elif o is c.CATEGORY and a is c.CATEGORY_SPACE:
                out.append(_SPACE_RE2)
                held.add("\x01")
            # The negated categories as their ASCII complements: a character outside ASCII is
            # "0" (a digit), "a" (a word character) or "\x01" (neither, a space or not).
            elif o is c.CATEGORY and a is c.CATEGORY_NOT_WORD:
                out.append("\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f")
                held.add("\x01")
            elif o is c.CATEGORY and a is c.CATEGORY_NOT_DIGIT:
                out.append("\\x00-\\x2f\\x3a-\\x7f")
                held.update("a\x01")
            elif o is c.CATEGORY and a is c.CATEGORY_NOT_SPACE:
                # ("\x01" stands for a space outside ASCII too: kept, a relaxation may match more.)
                out.append("\\x00-\\x08\\x0e-\\x1b\\x21-\\x7f")
                held.update("0a\x01")
            else:
                raise _Untranslatable(o)
        if negate and held & set(_PLACEHOLDERS):
            # A character outside ASCII it leaves out may have become a placeholder it holds:
            # any character, then (a relaxation may match more, never less).
            return "(?s:.)"
        return ("[^" if negate else "[") + "".join(out) + "]"


class Relaxed:
    """A compiled relaxation (`relax`). Thread-safe."""

    _UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED

    def __init__(self, pattern: str, whole: bool):
        relaxed = relax(pattern, whole)
        if relaxed is None:
            raise ValueError(f"no relaxation of {pattern!r}")
        options = re2.Options()
        options.never_capture = True
        self._regexp = re2._re2.RE2(relaxed.encode("ascii"), options)
        if not self._regexp.ok():
            raise ValueError(self._regexp.error())
        # The same as a Set of one: whether it matches costs a quarter less than where.
        self._set = re2._re2.Set(self._UNANCHORED, options)
        if self._set.Add(relaxed.encode("ascii")) < 0 or not self._set.Compile():
            raise ValueError(f"RE2 cannot compile {relaxed!r}")

    @classmethod
    def of(cls, pattern: str, whole: bool = False) -> Relaxed | None:
        """The relaxation of `pattern`, or None if it has none."""
        try:
            return cls(pattern, whole)
        except ValueError:
            return None

    def may_match(self, text: str) -> bool:
        """Can the pattern match `text` (the whole string it runs on, when relaxed with `whole`)?"""
        return bool(self._set.Match(ascii_classes(text)))

    def first(self, data: bytes, pos: int = 0) -> int:
        """Where the first match at or after `pos` in `data` (`ascii_classes` of the text) starts,
        or -1. (RE2 reads the byte before `pos` for a word boundary there.)"""
        return int(self._regexp.Match(self._UNANCHORED, data, pos, len(data))[0][0])


# A search anywhere in the text (a module constant: mypyc compiles class attributes as
# instance attributes, which a class object cannot be asked for).
_SEARCH = re2._re2.RE2.Anchor.UNANCHORED
# What one RE2 Set of many patterns may use for its compiled program and DFA cache.
SET_MEMORY = 64 << 20


class RelaxedSet:
    """Many patterns relaxed (`relax`, `whole`: the text given is all there is, so `^` holds
    only at its start) into one RE2 Set: which of them can match a text, in one pass. A pattern
    without a relaxation is always named. Thread-safe."""

    def __init__(self, patterns: Mapping[int, str]):
        options = re2.Options()
        options.never_capture = True
        # RE2's default budget (8 MiB) leaves the DFA of seventy relaxed patterns a cache it fills
        # within a few ads: it then throws its states away and rebuilds them, ad after ad, at
        # five times the cost of a match from a warm cache (benchmarks/README.md).
        options.max_mem = SET_MEMORY
        self._set = re2._re2.Set(_SEARCH, options)
        self._keys: list[int] = []
        self._always: set[int] = set()
        for key, pattern in patterns.items():
            relaxed = relax(pattern, whole=True)
            if relaxed is None or self._set.Add(relaxed.encode("ascii")) < 0:
                self._always.add(key)
            else:
                self._keys.append(key)
        if self._keys and not self._set.Compile():
            raise ValueError("RE2 cannot compile the set of relaxed patterns")

    def matching(self, data: bytes) -> set[int]:
        """The keys of the patterns that can match somewhere in `data` (`ascii_classes` of the
        whole text)."""
        keys = self._keys
        found = {keys[i] for i in self._set.Match(data)} if keys else set()
        return found | self._always if self._always else found


def window_matches(
    relaxed: Relaxed, pattern: re.Pattern[str], text: str, lo: int, hi: int, a_end: int, whole: bytes | None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, lo, hi)` as far as the first match starting at `a_end` or
    later. `re` tries every place (~18 us a window); RE2 finds in C where the relaxation's
    first match starts, and no match of the pattern (never empty) starts before it.
    `whole`: `ascii_classes(text)`, if at hand."""
    context = lo - 1 if lo > 0 else 0  # the character before the window decides a \b at its start
    data = ascii_classes(text[context:hi]) if whole is None else whole[context:hi]
    pos = lo
    while pos < a_end:  # (a match ending at the anchor's end or later: the next starts there or later)
        start = relaxed.first(data, pos - context)
        if start < 0 or context + start >= a_end:
            return
        m = pattern.search(text, context + start, hi)
        if m is None:
            return
        yield m
        pos = m.end()


class FirstAt:
    """Where a Python pattern can first match a text, found by RE2 in C over its UTF-8: `re` has
    no fast skip past places where a pattern opening with a digit class cannot match, and tried
    each digit of the text (some 100 instructions a character). `pattern` is an RE2 relaxation
    of that pattern written for any text (`\\d` as DIGIT, `\\s` as WS, the rest ASCII, no
    look-arounds): it matches wherever the Python pattern does, so none of its matches starts
    before the relaxation's first. Thread-safe."""

    _UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED

    def __init__(self, pattern: str):
        options = re2.Options()
        options.never_capture = True
        self._regexp = re2._re2.RE2(pattern.encode("utf-8"), options)
        if not self._regexp.ok():
            raise ValueError(self._regexp.error())

    def first(self, text: str) -> int:
        """The character offset of the relaxation's first match in `text`, or -1: then the
        pattern cannot match it. (0 for text that is not valid UTF-8: a lone surrogate.)"""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return 0
        at = int(self._regexp.Match(self._UNANCHORED, data, 0, len(data))[0][0])
        if at <= 0 or len(data) == len(text):
            return at
        return len(data[:at].decode("utf-8"))


class Gate:
    """The relaxed patterns that can match in one view, and where each first matches."""

    __slots__ = ("data", "firsts", "possible")

    def __init__(self, possible: set[int], data: bytes):
        self.possible = possible
        self.data = data  # the view's `ascii_classes`
        self.firsts: dict[int, int] = {}

    def allows(self, relaxed: Relaxed, index: int, anchor_end: int) -> bool:
        """Can a match of the pattern start before its anchor's end?"""
        if index not in self.possible:
            return False
        first = self.firsts.get(index)
        if first is None:
            first = self.firsts[index] = relaxed.first(self.data)
        return 0 <= first < anchor_end
