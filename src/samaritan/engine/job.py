"""One ad on its way through `Screener.screen_many`, stage by stage (engine/screener.py)."""

from __future__ import annotations

from samaritan.engine.assessment import Assessment
from samaritan.engine.cues import Fired
from samaritan.engine.extract import Extraction
from samaritan.engine.extract.ages import AgeMatch
from samaritan.engine.headline import Moved
from samaritan.engine.hits import Hit
from samaritan.engine.learned.features import AdFeatures
from samaritan.engine.learned.through import Through
from samaritan.engine.markup import Unmarked
from samaritan.engine.model import Ad, Indicator, Verdict
from samaritan.engine.normalize import Folded
from samaritan.engine.score import Signal
from samaritan.engine.tokens import Words


class ScreenJob:
    """One ad on its way through `Screener.screen_many`: `whole` as given, `ad` within budget."""

    __slots__ = (
        "ad",
        "assessment",
        "cues",
        "cut",
        "extraction",
        "features",
        "hits",
        "index",
        "indicators",
        "lowered",
        "marked",
        "moved",
        "persons",
        "respelled",
        "through",
        "unreported",
        "verdict",
        "views",
        "whole",
        "words",
    )

    def __init__(
        self,
        index: int,
        whole: Ad,
        ad: Ad,
        cut: list[str],
        lowered: str,
        moved: Moved | None = None,
        marked: Unmarked | None = None,
    ):
        self.index = index
        self.whole = whole
        self.ad = ad
        self.cut = cut
        self.lowered = lowered
        self.moved = moved  # no title: the body's first line read as one, spans to give back (headline.py)
        self.marked = marked  # HTML tags taken out of the text read: the way back (markup.py)
        self.words = Words(lowered)  # split when first used, then shared by the stages
        self.cues: Fired = None
        self.extraction: Extraction | None = None
        self.hits: dict[str, list[Hit]] = {}
        self.views: dict[str, Folded | None] = {}  # each field's first folded view (the learned reading)
        self.respelled: dict[str, Folded | None] = {}  # each field's first respelled view (the tagger's)
        self.through: dict[str, Through] = {}  # each field read through its view (scope: learned.through)
        self.features: AdFeatures | None = None
        self.indicators: list[Indicator] = []
        self.persons: list[tuple[str, AgeMatch]] | None = None
        self.unreported: list[Signal] = []
        self.assessment: Assessment | None = None
        self.verdict: Verdict | None = None
