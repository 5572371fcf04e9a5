"""The patterns that state an age (ages.py finds them): what each form looks like, the cue that
finds where it may be, and the title's own forms. Split from ages.py, which reads them."""

from __future__ import annotations

import re

from samaritan.engine.extract.ages_context import PERSON, SPANISH_PERSON
from samaritan.engine.extract.numbers import NUMBER, NUMBER_INITIALS, SPANISH_TENS, SPANISH_UNITS, TENS, UNITS

# Two digits with one written as a letter ("2O", "l9"): only read where an age is stated.
DISGUISED = r"[1-7][oli]|[li][0-9]"
N = rf"(?:{NUMBER}|{DISGUISED})"
# The first letter a number can have: a lookahead that spares `re` the lookbehind and the number
# words at most positions (same matches, ~20% faster).
NUM_START = rf"(?=[\dli{''.join(sorted(set(NUMBER_INITIALS) - set('li')))}])"
# Where a number may start, for cues: a digit, a disguised digit, or a number word.
NUMC = rf"(?:\d|[li]\d|{'|'.join(sorted({*UNITS, *TENS, *SPANISH_UNITS, *SPANISH_TENS}, key=len, reverse=True))})"
# What may follow a bare age ("Lexi here. 37, curvy", "Kira, 27 ♥", "a fit guy, 29 :)"):
# punctuation, a symbol or emoji, the end, or "yo"; not a decimal or thousands mark ("25,000").
BARE_END = (
    # ... or a dash that opens the next part of a title ("Sophia, 31 - available tonight")
    r"(?=\s*(?:[,.](?!\d)|[!;~)*]|:(?!\d)|$|\n|[^\x00-\x7f]|(?:yo|y/o)\b|[-\u2013\u2014]\s+[a-z]"
    # ... "years" too, unless of experience ("a fit guy, 20 years experience" is no age of 20)
    r"|years?\b(?!\s*(?:of\s+)?(?:experience|exp\b|experienced|in\s+(?:the\s+)?(?:business|industry|trade|field)))))"
)
BARE_END_CUE = r"(?:[,.!;~)\n:*-]|$|y|[^\x00-\x7f])"
# "Lexi, 37," or "I'm Lexi 37": a number (up to three digits, a disguised digit, or number
# words) with only punctuation, a symbol, the end or "yo"/"years" after it.
APPOSED_CUE = rf"[,.]\s*(?:\d{{1,3}}|[li]\d|[0-9][oli]|{NUMC}[a-z\t\n\r -]{{0,14}}?)\s*{BARE_END_CUE}"
# ... or in brackets after it: "Ivy (22)", "Mia ( 24 )".
NAME_CUE = (
    rf"{APPOSED_CUE}|(?:i'?m|i am|soy|this is|name is|call me|meet)\s+[a-z]+,?\s+{NUMC}"
    rf"|\s?\(\s*(?:{NUMC}|[0-9][oli])"
)
# Not an age when one of these follows the number: a unit, a price, a time, a count.
UNIT_AFTER = (
    r"\s*(?:lbs?\b|kg\b|cm\b|ft\b|in\b|inch|%|min|hours?|hrs?\b|hh\b|am\b|pm\b|a\.m|p\.m|minutes|dollars|roses|"
    r"usd|\$|mins|days|weeks|months|miles|inches|pounds|kids|children|dogs|cats|times|girls|ladies|of\b|degrees|\+|"
    r"and\s+a\s+half|'|\"|\.\d|/|:\d|,\d|x\b|k\b|th\b|st\b|nd\b|rd\b|"
    # a distance or a count ("only 9 blocks from the park", "only 6 rows from the front", "only 3 left")
    r"(?:blocks?|rows?|feet|foot|meters?|metres?|km|kms|yards?|steps?|stops?|exits?|floors?|units?|rooms?|bedrooms?|"
    r"seats?|spots?|slots?|spaces?|acres?|left|remaining|people|persons|guests|tickets?|items?|pieces?)\b)"
)
YEARS = r"(?:years?|yrs?|a[ñn]os)"
NOT_EXPERIENCE = (
    r"(?!\s*(?:of\s+)?(?:experience|exp\b|ago|in\s+(?:the\s+)?(?:business|industry)|later|back|de\s+experiencia))"
)
# "25 years" alone is an age unless years of something: a duration ("20 years from retiring",
# "15 years on the force"), a span ("5 years together"), a comparison ("ten years older").
NOT_A_SPAN = (
    r"(?!\s*(?:\?|up\b|down\b|with|together|married|warranty|since|of\b|in\b|at\b|as\b|now|running|straight|doing|from|on\b|"
    r"to\b|into|under|out\b|away|sober|clean|served|behind|before|after|until|till|off\b|left|more|longer|older|"
    r"younger|apart|gone|and\s+counting|de\b))"
)

# (name, cue for the one-pass scan, pattern); matched on folded lower-case text.
PATTERNS = [
    (  # 19yo, 19 y/o, 19 y.o., 19yrs old, 19 years young, nineteen years old, 19 años
        "yo",
        r"y(?:o\b|/o|\.o|rs?\b|ears?\b|ear\b|r\s*old)|a[ñn]os",
        rf"{NUM_START}(?<![\w$#.'/])({N})\s*(?:-\s*)?(?:yo\b|y/o\b|y\.o\.?|{YEARS}\.?[\s-]*(?:old|ol\b|young)|a[ñn]os\b)"
        rf"{NOT_EXPERIENCE}",
    ),
    (  # Age: 19, aged 19, age 19, edad 19
        "age",
        r"\bage|\bedad",
        rf"\b(?:age|aged|edad)\s*(?:is\s*)?[:=\-]?\s*({N})\b(?!{UNIT_AFTER})",
    ),
    (  # I'm 19, I am 19, she is 19, just turned 18, tengo 19, (we are) both 30
        "am",
        rf"(?:am|'m|im|is|'s|turned|only|tengo|both)\s+{NUMC}",
        rf"\b(?:i\s*am|i'?m|im|she\s*is|she'?s|he\s*is|he'?s|just\s+turned|turned|only|tengo|both)\s+"
        # ("once" is eleven in Spanish only, before "años": "so I am once more single" states no age)
        rf"(?!once\b(?!\s*a[ñn]os))({N})(?:\b|(?=yrs?\b))"
        rf"(?!{UNIT_AFTER}|\s*-\s*\d)",
    ),
    (  # About me 29, about me: 29
        "about",
        r"about\s*me|\bme\s*[:=]",
        rf"\b(?:about\s*me\b[\s:.\-–~]*|me\s*[:=]\s*)({N})\b(?!{UNIT_AFTER})",
    ),
    (  # a woman of 45, a gentleman of 60 (not a mother of 2: a parent's count is no age)
        "of",
        r"(?:woman|lady|man|gentleman|gent|guy|gal|male|female)\s+of\s+\d",
        rf"\b(?:woman|lady|man|gentleman|gent|guy|gal|male|female)\s+of\s+({N})\b(?!{UNIT_AFTER}){NOT_EXPERIENCE}",
    ),
    (  # 28F looking, 27 F., 33M here: the personals' age-and-sex tag in a body
        "sex",
        r"\d\d\s?[fm]\b",
        r"(?<![\w$#.°/:-])(\d\d)\s?[fm]\b(?![\w'°/&-])(?!\s*(?:degrees|deg\b|outside|inside))",
    ),
    (  # Lexi here. 37, ...; Hi! 25, new in town
        "here",
        rf"\b(?:here|hi|hello|hey|hola)\b[^a-z0-9]*{NUMC}",
        rf"\b(?:here|hi|hello|hey|hola)\b[\s.!,:;\-–~(]*({N}){BARE_END}",
    ),
    (  # Lexi, 37, new in town; Meet Lexi 37!; I'm Lexi, 25.; Lexi (37)
        "name",
        rf"[a-z]{NAME_CUE}",
        rf"(?:^|[^\w\s,'\"\-]\s*|\n|\b(?:and|&)\s+|\b(i'?m|i am|soy|this is|name is|call me|meet)\s+)([a-z]{{2,15}})"
        rf"([,.]\s*|\s*\(\s*|\s+)({N})"
        rf"{BARE_END}",
    ),
    (  # Bi guy, 26, ...; a teacher in Denver, 59, ...: a person's noun or a place, then the age
        "apposed",
        rf"[a-z]{APPOSED_CUE}",
        rf"\b([a-z]{{1,15}})\s*,\s*({N}){BARE_END}",
    ),
    (  # My friend Nina (30) is shy; posting for Mia (24); lady (28); Mia (24, brunette): a name or a
        # person's noun in any sentence, its age in brackets
        "bracket",
        rf"[a-z]\s?\(\s*(?:{NUMC}|[0-9][oli])",
        rf"\b([a-z]{{2,15}})\s*\(\s*({N})\s*(?:\)|,\s*(?=[a-z]))",
    ),
    (  # "34, MBA, former flight attendant", "... the room. 29, brunette, fun": a line or a sentence
        # that opens with the age and a word after it (not "or best offer", a list or a price's terms),
        # an emoji ending the sentence before ("... included 🥂 30, brunette")
        "lead",
        r"(?:^|\n|[.!?][ \t]|[^\x00-\x7f][ \t])[ \t]*\d\d\s*,",
        rf"(?:^|\n|[.!?][ \t]+|[^\x00-\x7f\w][ \t]+)[ \t]*({N})\s*,(?=[ \t]*[a-z])"
        r"(?![ \t]*(?:or|and|obo|firm|negotiable|each|per|cash|plus|including|incl|no|not|but|if|so|for|to|from)\b)",
    ),
    (  # una mujer alegre de 30, un hombre de 45
        "de",
        rf"\bde\s+{NUMC}",
        rf"\b(?:{SPANISH_PERSON})\b(?:\s+[^\W\d_]+){{0,2}}?\s+de\s+({N})\b(?!{UNIT_AFTER})(?!\s*a[ñn]os\s+de)",
    ),
    (  # 25 years (no "old"): the person's age unless years of something else
        "years",
        rf"(?:{NUMC}|[0-9][oli])[a-z-]*\s*{YEARS}",
        rf"{NUM_START}(?<![\w$#.'/])({N})\s*(?:(?:years|yrs|a[ñn]os)\b(?![\s.-]*(?:old|young)){NOT_EXPERIENCE}{NOT_A_SPAN}"
        # one year said of a person ("a 57 year man", "28yr discreet guy"), not of a thing ("a 13 year lease")
        rf"|(?:year|yr)\b(?=\s*,?\s*(?:[a-z-]+\s+){{0,2}}(?:{PERSON})\b))",
    ),
]
# Where each pattern's windows are found (in `re`): its cue, less any alternation of number
# words at its start, which `re` would try at every position.
WINDOW_CUES = {
    "name": NAME_CUE,
    "apposed": NAME_CUE,  # the same windows as "name" (found once for both)
    "years": r"y(?:ears?|rs?)|a[ñn]os",
}

# A name and its age in a title, no dash between ("Curvy Tasha 35 💕", "Beautiful blonde Ashley 24 ❤️
# available now"): a given name (given_names.py), capitalised, then the number and what may end a
# bare age. Not a thing and its number ("Leather Couch 30", "Apartments 24"): no given name.
TITLE_NAME = re.compile(rf"(?<![\w'’&-])([a-z]{{2,15}})[ \t]+({N}){BARE_END}")
# Given names that title an ad as a place, a thing or a time as often ("Park 24", "Bill 30").
NOT_A_TITLE_NAME = frozenset(("park", "river", "sky", "star", "bill", "will", "hope", "summit", "lane", "chase"))
# A title suffix: "... - 35" at the end of the title or before another " - " part.
TITLE_SUFFIX = re.compile(rf"[-–—|~]\s*({N})\s*(?=$|[-–—|~]|\n)")
DASH = re.compile(r"[-–—|~]")
A_NUMBER = re.compile(f"{NUM_START}{N}")  # (the lookahead: as in PATTERNS, same matches)
# A title that opens with the age and a person ("38 couple for a third", "20 bi f for fun") or
# a personals verb ("57 grad student looking for a friend"); in digits or words, since "L4 young
# ..." is "looking for".
TITLE_LEAD = re.compile(
    rf"^[^a-z0-9]*({NUMBER})(?!{UNIT_AFTER})\s+(?:[a-z]+\s+){{0,3}}?"
    rf"(?:(?:{PERSON})\b|(looking|seeking|searching|in\s+search|iso|wants?|needs?)\b)"
)
NOT_A_NAME = frozenset(
    str.split(
        "size suite room apt unit exit route highway hwy interstate page chapter number no lot gate floor level "
        "building station channel day week month year top only just over under about around since from call text "
        "rates rate price special hours hour open close mon tue wed thu fri sat sun monday tuesday wednesday "
        "thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec january february march "
        "april may june july august september october november december street st ave avenue road rd blvd zip "
        "code area min mins hr hrs half full the a an and or but with at in on for to of by me my your our is are "
        "was be am pm only age aged edad here hi hello hey hola ad id ref order item pics photos photo pic "
        "row seat seats section aisle box table door pack set qty quantity model vol volume part issue episode "
        "season grade class team jersey lane stall booth bay pier track platform round lesson step"
    )
)
# After a place or name mid-sentence ("in Denver, 59, kind"), the age is set off by a comma or stop.
SET_OFF = re.compile(r"\s*(?:,(?!\s*\d)|[.!;](?!\d))")
