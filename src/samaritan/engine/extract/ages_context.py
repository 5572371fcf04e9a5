"""Whose number is it? The words around a number that make it the poster's age, or not.

A number stated as an age may still be no one's own age: the end of a range ("18-35", "between
18 and 21"), an age limit ("under 30 years old", "40 and up", "at least 21"), the age of a child,
pet, relative or thing ("my son is 12", "a 10 year old tabby", "the roof is 10 years old"), or a
duration ("20 years from retiring"). Everything here reads folded, lower-case text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from samaritan.engine.extract.asciire import ascii_twin, symbol_bytes
from samaritan.engine.extract.numbers import NUMBER, SPANISH_TENS, SPANISH_UNITS, TENS, UNITS
from samaritan.engine.extract.spans import Gate

YEARS = r"(?:years?|yrs?|a[ñn]os)"

# People a poster calls themself: "Bi guy, 26", "single mom, 30", "38 couple for a third",
# "WM, 48", "20 bi f". Singular only: "20 guys" is a count.
PERSON = (
    r"guy|man|woman|girl|gal|lady|dude|gent|gentleman|male|female|boy|chick|babe|fella|bloke|"
    r"mom|mum|mommy|mama|dad|daddy|father|mother|parent|wife|husband|widow|widower|divorcee|"
    r"couple|bachelor|bachelorette|student|latina|latino|blonde|brunette|redhead|bbw|milf|cougar|"
    r"twink|bear|femme|butch|tomboy|ts|tgirl|trans|hottie|cutie|beauty|model|princess|goddess|stud|"
    # a self-description by trade, the way a seller of time writes it ("dancer, 30", "instructor 29")
    r"creator|practitioner|dancer|instructor|coach|therapist|masseuse|masseur|actress|actor|nurse|chef|"
    r"bartender|stylist|companion|provider|escort|domme|mistress|hostess|waitress|cuddler|"
    r"[sdmg]?[wbh][mf]|bi[mf]|m|f|[mfwt]4[mfwt]+"
)
PERSON_RE = re.compile(rf"(?:{PERSON})")
# ... and in Spanish, before "de 25" ("una mujer alegre de 25").
SPANISH_PERSON = (
    r"mujer|hombre|chica|chico|señora|senora|señor|senor|dama|caballero|muchach[oa]|joven|latin[oa]|morena|rubia"
)

# Someone else's age whatever comes before: a child, pet or thing ("son", "tabby", "car").
_CHILDREN = (
    r"sons?|daughters?|kids?|kiddos?|child|children|bab(?:y|ies)|toddlers?|infants?|newborns?|teens?|teenagers?|"
    r"twins?|triplets|youngest|step(?:son|daughter|kids?)|grand\w*|hij[oa]s?|niñ[oa]s?|bebé|bebe"
)
_ANIMALS = (
    r"dogs?|cats?|pupp(?:y|ies)|pups?|pets?|kittens?|horses?|pony|ponies|mare|gelding|stallion|"
    r"filly|colt|bunny|rabbits?|parrots?|birds?|tortoise|turtles?|snakes?|hamsters?|ferrets?|"
    r"lab|labrador|retriever|shepherd|terrier|poodle|beagle|bulldog|pit ?bull|pit|chihuahua|husky|corgi|"
    r"dachshund|collie|spaniel|rottweiler|pug|schnauzer|yorkie|greyhound|mutt|tabby|calico|siamese|persian|"
    r"tomcat|feline|canine|perr[oa]s?|gat[oa]s?"
)
_THINGS = r"cars?|trucks?|house|home|roof|building|vehicle|business|company|bike|boat|furnace|laptop|computer"
# Relatives and friends: someone else's only after "my", "her"... ("my sister, 19"), since
# "single mom, 30" or "city boy, 25" is the poster.
_KIN = (
    r"mom|mother|mum|dad|father|husband|wife|sisters?|brothers?|cousins?|aunt|uncle|nephew|niece|"
    r"friends?|roommates?|boyfriend|girlfriend|bf|gf|partner|boy|girl|madre|padre|espos[oa]|herman[oa]s?"
)
# A friend or sister named just before her age ("my best friend Nina (30)", "my sister Lucy, 23,"):
# someone else's age, but the person an ad posted for her offers (ages.py reads it tentatively).
PEER_BEFORE = re.compile(
    r"\b(?:my|our|her|his)\s+(?:(?:best|close|good|dear|lovely|gorgeous|pretty|beautiful|sweet|older|younger|"
    r"little|big|baby)\s+){0,2}(?:friend|girlfriend|gf|sister|cousin|roommate|bestie|bff|girl|homegirl)\s*,?\s*$"
)
# "truck driver", "dog lover", "business owner": a trade or a liking, said of the poster.
_TRADE = rf"\s+(?:[a-z]*(?:er|or|ist|man|woman|person|mom|dad|parent)s?|{PERSON})\b"
_POSSESSIVE = r"my|her|his|our|their|your|mi|su|sus"
# A first-person subject between the other's word and the number makes it the poster's again
# ("not into paid company :) I'm 53").
_GAP = r"(?:(?!\bi'?m\b|\bi\s+am\b|\bim\b|\bsoy\b)[^.!?\n:)]){0,25}$"
_OTHER_BEFORE = re.compile(
    rf"(?:\b(?:{_CHILDREN})\b|\b(?:{_ANIMALS}|{_THINGS})\b(?!{_TRADE})|\b(?:{_POSSESSIVE})\s+(?:[a-z]+\s+)?(?:{_KIN})\b){_GAP}"
)
# ... or right before it: "mom of a 12 year old", "I have a 10 year old", "my 12 year old"
_OTHER_JUST_BEFORE = re.compile(
    rf"\b(?:{_KIN}|parent)\s+(?:of|to)\s+(?:a|an|my|one|two|three|twins?)?\s*$"
    rf"|(?:\b(?:i|we|she|he|they)\s+(?:have|had|got)|\bi've\s+got|\bhas|\bhaving|\braising|\bwith|\bof|\bto)\s+(?:a|an)\s+$"
    rf"|\b(?:{_POSSESSIVE})\s+$"
)
# Words after a stated age that make it someone else's ("a 10 year old calico"); a thing or pet
# followed by a person's noun is the poster's trade ("38 year old truck driver").
_OTHER_AFTER = re.compile(
    rf"^\S*\s*(?:-|\s)*(?:(?:{YEARS}|yo|y/o)[\s-]*(?:old\s+)?(?:(?!(?:{PERSON}|who|that|and|with|no|not|or|but|i|is|has|have|likes?|loves?|her|his|my|your|our|offering|offers?)\b)[a-z]+\s+){{0,3}}?"
    rf"|old\s+)?(?:(?:{_CHILDREN}|little\s+(?:one|girl|boy)s?|friends?|roommates?|sisters?|brothers?|cousins?|nephew|niece)\b"
    rf"|(?:{_ANIMALS}|{_THINGS})\b(?!{_TRADE}))"
)
# The subject of "is 12 years old" is a thing ("the furnace is 12 years old"), or a person then
# ("ever since I was 9 years old", "when she was 16 years old": an age in the past, not the
# poster's now; "then it hit me that I was 51 years old" is hers now).
_THING_SUBJECT = re.compile(
    rf"(?:\b(?:{_THINGS}|roof|apartment|unit|property|kitchen|appliances?|carpets?|floors?|windows?|furniture|"
    r"mattress|couch|engine|tires?|battery|item)\s+(?:is|are|was|were)|\bit's|\bit\s+is"
    r"|\b(?:since|when|as|until|till|before|after|once)\s+(?:i|she|he|we|they)\s+(?:was|were))\s+"
    r"(?:about\s+|only\s+|just\s+|almost\s+|nearly\s+|over\s+)?$"
)
# Before the number: the other end of a range ("18-35", "18 to 40", "between 18 and 21"),
# which is no one's age. A digit glued to a word is no range's end ("her3 - 34" is "here - 34").
RANGE_BEFORE = re.compile(
    rf"(?:(?<![a-z])\d|\b{NUMBER})\s*(?:-|–|~|to|a|or|/)\s*$|\bbetween\s+(?:the\s+ages?\s+of\s+)?(?:\d{{1,3}}|{NUMBER})\s*(?:and|&)\s*$"
)
RANGE_AFTER = re.compile(r"\s*(?:-|–|~|to|a)\s*\d")
# An age limit rather than an age: "under 30", "at least 21 years old", "40 and up", "31 or younger".
_LIMIT_BEFORE = re.compile(
    r"\b(?:under|over|above|below|least|atleast|minimum|min|max|maximum|than|between|past|upto|up\s+to)\s+"
    r"(?:the\s+)?(?:ages?\s+)?(?:of\s+)?$|(?:^|[\s(])\+\s*$"
)
_LIMIT_AFTER = re.compile(
    rf"^\s*(?:\+|[\s-]*(?:something|ish)\b|(?:{YEARS}|yo|y/o)?\s*(?:old\s*)?(?:of\s+age\s*)?(?:or|and|&|n)\s*(?:older|younger|over|under|above|below|"
    rf"less|more|plus|newer|up(?!\s+(?:for|to|late|all|early|now|at)))\b|{YEARS}\s+(?:older|younger)\b|(?:{YEARS})?\s*(?:old\s*)?\+)"
)
# A list of rates or times ("30, 60 min"), of which the number is the first; any list of numbers.
LIST_AFTER = re.compile(r"\s*[,/&]\s*\d+\s*(?:min|hr|hour|hh|h\b|\$|roses|usd|dollars)")
# A series of numbers ("25, 30, 35"), not a height or weight after an age ("White, 38, 6' 155").
_NUMBER_LIST = re.compile(r"(?<![\d'\"])\d{1,3}\s*[,/&]\s*$")
_NUMBER_LIST_AFTER = re.compile(r"\s*[,/&]\s*\d{1,3}\s*(?:[,/&]|$|and\b|or\b)")
# The age of someone sought ("looking for a 30 year old", "busco un hombre de 40"), unless the
# poster turns to themself in between ("Looking for fun. I'm 25", "seeking fun, I'm 25").
_SOUGHT_BEFORE = re.compile(
    r"\b(?:looking\s+for|seeking|searching\s+for|iso|in\s+search\s+of|prefer|busco|buscando|quiero|prefiero)\b"
    + _GAP.replace("{0,25}", "{0,30}")
)
# Words before a number that make it something other than an age ("for 5 years", "Suite 25").
_NOT_AGE_BEFORE = re.compile(
    r"\b(?:for|over|past|last|within|than|since|of|in|on|after|every|around|almost|nearly|next|few|spent|been|"
    r"had|have|has|was|married|together|experience|worked|working|top|only|by|at|gave|served|spend|spending|"
    r"\$|x|built)\s*$|\d{4},?\s*$"
)
_RELATIVE_BEFORE = re.compile(
    rf"\b(?:{_POSSESSIVE})\s+(?:[a-z]+\s+)?(?:sons?|daughters?|kids?|child|children|toddler|grand\w*|nephew|niece|"
    r"sisters?|brothers?|mom|mother|dad|father|hij[oa]s?)\b[^.!?\n\-–—|~]{0,25}$"
)
_TITLE_PART_NUMBER = re.compile(r"[-–—|~]\s*\d{1,3}\s*$")
_TITLE_PART_AFTER = re.compile(r"\s*[-–—|~]\s*\d{1,3}\s*(?:$|[-–—|~\n])")

# The title's own checks (ages._title_ages).
# A number glued to a label before the title's dash is no age ("Private Suite-73").
# The labels, once: the pattern below and `endswith`'s quick test are made of the same words.
LABEL_ENDS = tuple(
    str.split("suite ste apt unit room rm lot exit route rt hwy highway interstate no building bldg floor gate box #")
)
LABEL_BEFORE = re.compile(rf"\b(?:{'|'.join(LABEL_ENDS)})\s*$")
# Numbers in a title that are no age and no end of an age range: a phone ("Mia 702-555-0142 -
# 17", whose last digits and dash read as "0142 - 17", a range), a price, a height, a time, a
# year or zip. Blanked (offsets kept) before the title's suffix is read.
NOT_AN_AGE_IN_TITLE = re.compile(
    # Every form starts with a digit, "+", "(", "$" or "<": the lookahead, before the group of
    # all the forms, lets `re` pass over any other character at once instead of trying each
    # form there (same matches; before the group it only guarded the first form).
    r"(?=[\d+($<])(?:"
    r"(?<![\d$])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]{0,3}\d{3}[\s.\-]{0,3}\d{4}(?!\d)"  # phone
    r"|(?<!\d)\d{3}[\s.\-]\d{4}(?!\d)"  # local phone
    r"|\$\s*\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s*(?:\$|usd\b|dollars\b|roses\b|hh\b|hr\b|hour\b|min\b|mins\b)"
    r"|\d\s*(?:'|ft\b|feet\b)\s*\d{0,2}\s*(?:\"|''|in\b)?"  # height
    r"|\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?)(?!\w)|\d{1,2}:\d\d"  # time
    r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)|\d+/\d+|<3+"  # a date ("2-27-16"), "24/7", a heart
    r"|\d{4,})"  # a year, a zip, a number too long to be an age
)
# `NOT_AN_AGE_IN_TITLE`'s RE2 relaxation, asked of a symbols-only title's bytes first.
NOT_AN_AGE_GATE = Gate(ascii_twin(NOT_AN_AGE_IN_TITLE))


# How each check's text must end, whenever it can match (all end with \s* or \s+ and `$`): a
# string test that rules most checks out before their regex is run. Same answers, a few us less.
_RANGE_ENDS = ("-", "–", "~", "to", "a", "or", "/", "and", "&")
_LIMIT_ENDS = tuple(str.split("under over above below least atleast minimum min max maximum than between past upto"))
_LIMIT_ENDS += ("to", "the", "age", "ages", "of", "+")
_JUST_BEFORE_ENDS = tuple(str.split("of to a an my one two three twin twins her his our their your mi su sus"))
_THING_ENDS = tuple(str.split("is are was were it's about only just almost nearly over"))
_NOT_AGE_ENDS = tuple(
    str.split(
        "for over past last within than since of in on after every around almost nearly next few spent been had have "
        "has was married together experience worked working top only by at gave served spend spending $ x built ,"
    )
)
_LIST_ENDS = (",", "/", "&")
# A title suffix's range before it ("Fun, 25 - 30") ends with a number (`RANGE_BEFORE` read with
# the suffix's dash): a digit or a number word, whatever the alternation of NUMBER matched.
_NUMBER_ENDS = tuple(sorted({*UNITS, *TENS, *SPANISH_UNITS, *SPANISH_TENS}))
# ... by their last character: a text can end only with the words sharing its last character
# (`endswith` tries each word of the tuple it is given, ~70 instructions each).
_NUMBER_ENDS_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(w for w in _NUMBER_ENDS if w.endswith(last)) for last in {w[-1] for w in _NUMBER_ENDS}
}
_NEAR = re.compile(f"(?:{_OTHER_BEFORE.pattern})|(?:{_SOUGHT_BEFORE.pattern})")
_AFTER = {
    lone: re.compile(
        "|".join(
            f"(?:{p.pattern})"
            for p in (RANGE_AFTER, LIST_AFTER, _LIMIT_AFTER, _OTHER_AFTER, *([_NUMBER_LIST_AFTER] if lone else []))
        )
    )
    for lone in (False, True)
}


class _Checks(NamedTuple):
    """The patterns `own_age` and `own_title_age` run, for Unicode or for ASCII text."""

    after: dict[bool, re.Pattern[str]]
    range_before: re.Pattern[str]
    limit_before: re.Pattern[str]
    other_just_before: re.Pattern[str]
    number_list: re.Pattern[str]
    near: re.Pattern[str]
    thing_subject: re.Pattern[str]
    not_age_before: re.Pattern[str]
    title_part_number: re.Pattern[str]
    range_after: re.Pattern[str]
    title_part_after: re.Pattern[str]
    list_after: re.Pattern[str]
    limit_after: re.Pattern[str]
    relative_before: re.Pattern[str]
    other_after: re.Pattern[str]


_UNICODE_CHECKS = _Checks(
    _AFTER, RANGE_BEFORE, _LIMIT_BEFORE, _OTHER_JUST_BEFORE, _NUMBER_LIST, _NEAR, _THING_SUBJECT, _NOT_AGE_BEFORE,
    _TITLE_PART_NUMBER, RANGE_AFTER, _TITLE_PART_AFTER, LIST_AFTER, _LIMIT_AFTER, _RELATIVE_BEFORE, _OTHER_AFTER,
)  # fmt: skip
# The same checks for ASCII text (asciire.py): the same answers, without Unicode look-ups.
_ASCII_CHECKS = _Checks._make(
    [{lone: ascii_twin(p) for lone, p in _AFTER.items()}, *(ascii_twin(p) for p in _UNICODE_CHECKS[1:])]
)
_CHECKS = (_UNICODE_CHECKS, _ASCII_CHECKS)


# The two costliest checks, asked of their RE2 relaxations first on ASCII or symbols-only text
# (a number is seldom followed by another's words or preceded by a child's): `re` tries `near`
# at every position of the 40 characters before the number.
_AFTER_GATES = {lone: Gate(ascii_twin(p)) for lone, p in _AFTER.items()}
_NEAR_GATE = Gate(ascii_twin(_NEAR))


def own_age(
    folded: str,
    start: int,
    end: int,
    strong: bool,
    bare: bool = False,
    plain: bool | None = None,
    data: bytes | None = None,
) -> bool:
    """Is the number at folded[start:end] the poster's own age: not a range, a limit, a list, a
    duration nor someone else's? `strong`: stated as an age ("25 yo"); `bare`: a number on its
    own, where a series of numbers ("25, 30, 35") is no age either. `plain`: the ASCII checks
    read `folded` as the Unicode ones do (ASCII text, or its other characters only symbols, as
    ages._symbols_only finds); None: only if it is ASCII. `data`: `folded` as one byte a character
    (`asciire.symbol_bytes`) where `plain`, for the RE2 gates."""
    checks = _CHECKS[folded.isascii() if plain is None else plain]
    # Sliced: the patterns anchor with ^ (and `$`, and `\b` at the edges, read the slice's ends).
    if (data is None or _AFTER_GATES[bare].may_match(data[end : end + 30])) and checks.after[bare].match(
        folded[end : end + 30]
    ):
        return False
    before = folded[max(0, start - 40) : start]
    near = data is None or _NEAR_GATE.may_search(data[max(0, start - 40) : start])
    tail = before.rstrip()
    if (
        (tail.endswith(_RANGE_ENDS) and checks.range_before.search(before))
        or (tail.endswith(_LIMIT_ENDS) and checks.limit_before.search(before))
        or (tail.endswith(_JUST_BEFORE_ENDS) and checks.other_just_before.search(before))
        or (bare and tail.endswith(_LIST_ENDS) and checks.number_list.search(before))
        or (near and checks.near.search(before))
    ):
        return False
    if strong:
        return not (tail.endswith(_THING_ENDS) and checks.thing_subject.search(before))
    return not ((tail.endswith(_NOT_AGE_ENDS) or tail[-1:].isdigit()) and checks.not_age_before.search(before))


def own_title_age(folded: str, m: re.Match[str], plain: bool | None = None) -> bool:
    """Is the title suffix " - NN" (m) the person's age: no range, list, limit or relative's age?
    `plain` as for `own_age`."""
    plain = folded.isascii() if plain is None else plain
    checks = _CHECKS[plain]
    before = folded[max(0, m.start() - 40) : m.start()]
    after = folded[m.end(1) : m.end(1) + 30]
    # The four checks of `after` are the alternatives of `_AFTER[False]`: where its RE2
    # relaxation rules it out (most titles), none of them is run (~3 us of `re` a title).
    may_after = not plain or _AFTER_GATES[False].may_match(symbol_bytes(after))
    tail = before.rstrip()
    if (
        (tail[-1:].isdigit() or tail.endswith(_NUMBER_ENDS_BY_LAST.get(tail[-1:], ())))
        and checks.range_before.search(before + "-")
        and not checks.title_part_number.search(before)
    ):
        return False
    if may_after and checks.range_after.match(after) and not checks.title_part_after.match(after):
        return False
    if may_after and (checks.list_after.match(after) or checks.limit_after.match(after)):
        return False
    return not (checks.relative_before.search(before) or (may_after and checks.other_after.match(after)))


# An age-and-sex tag in a body ("28F"): a capital letter's, where no measure or size is meant.
_NOT_A_TAG_BEFORE = re.compile(
    r"(?:\bat|temp|temperature|heat|thermostat|high|low|about|around|size|sz|waist|chest|bust|inseam|length|apt|"
    r"unit|suite|room|floor|no|#)\s*$"
)
# ... or "f" in lower case where the tag opens the text, a line or a sentence, or follows a greeting
# or "I'm" ("29 f. looking tonight", "hi, 24 f here"): a lower-case writer's tag; a temperature is
# read after a word ("kept at 68f"), and "m" stays a capital's only (metres).
_OPENS = re.compile(r"(?:^|[.!?\n]|\b(?:hi|hey|hello|im|i'm|i am|me)[,:]?)\s*$")
# ... and no cup size: "curvy, chest 42F", "36F-26-38" (a bust's measure, a figure's first number).
_MEASURE_AFTER = re.compile(r"\s*(?:from|away|long|wide|high|deep|tall|walk|drive)\b|-\d\d\b")
_BUST_BEFORE = re.compile(r"\b(?:tits?|titz|titties|boobs?|bust|breasts?|chest|cups?|bra|rack)\b[^a-z0-9]{0,4}$")


def is_sex_tag(text: str, offs: Sequence[int], m: re.Match[str], folded: str) -> bool:
    """ "28F", "27 F", "33M": the letter a capital (a lower-case "50m" is metres), or a lower-case
    "f" opening a text, line or sentence ("27 f. ..."); no temperature ("kept at 68F") and no cup
    size ("chest 42F", "36F-26-38")."""
    letter = text[offs[m.end() - 1]]
    if letter not in "FM" and not (letter == "f" and _OPENS.search(folded, max(0, m.start() - 12), m.start())):
        return False
    before = max(0, m.start() - 16)
    return (
        not _NOT_A_TAG_BEFORE.search(folded, before, m.start())
        and not _BUST_BEFORE.search(folded, before, m.start())
        and not _MEASURE_AFTER.match(folded, m.end())
    )
