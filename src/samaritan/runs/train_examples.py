"""Where `samaritan train` gets its labelled examples: JSON Lines of ads with `labels`, a
generator ads file with its truth file, more labelled files learned beside them (`--also`), and
reviewers' decisions in the evidence store."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from samaritan.engine.learned.model import LABELS
from samaritan.runs.train_fit import TrainError

# Truth labels of the generator as verdict labels (a minor in commercial sex is a trafficking victim).
TRUTH_LABELS = {
    "benign": [],
    "ordinary": [],
    "commercial": ["commercial_sex"],
    "trafficking": ["commercial_sex", "trafficking_risk"],
    "minor": ["commercial_sex", "trafficking_risk", "minor_risk"],
}
GROUP_KEYS = ("family", "phrasing_family", "network_id")
# The group of every `--also` ad starts with this (train.py's `--blend` tells them apart by it).
ALSO_GROUP = "also/"


@dataclass(slots=True)
class Example:
    ad: dict[str, Any]
    labels: list[str]
    group: str


def _read(path: str | Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise TrainError(f"{path}:{number}: not JSON ({exc})") from exc


def truth_labels(truth: dict[str, Any]) -> list[str]:
    labels = truth.get("labels")
    if isinstance(labels, list):
        return [x for x in labels if x in LABELS]
    label = truth.get("label")
    if label not in TRUTH_LABELS:
        raise TrainError(f"truth for {truth.get('id')}: unknown label {label!r}")
    return TRUTH_LABELS[label]


def read_examples(path: str | Path, truth: str | Path | None = None) -> Iterator[Example]:
    """Labelled ads: `path` with a `labels` array per ad, or `path` and its generator `truth`."""
    truths = _read(truth) if truth else None
    for number, ad in enumerate(_read(path), 1):
        if truths is not None:
            t = next(truths, None)
            if t is None or t.get("id") != ad.get("id"):
                raise TrainError(f"{truth}: line {number} does not match ad {ad.get('id')!r}")
            labels, meta = truth_labels(t), t
        else:
            if not isinstance(ad.get("labels"), list):
                raise TrainError(f"{path}:{number}: no `labels` array (use [] for an ordinary ad)")
            unknown = set(ad["labels"]) - set(LABELS)
            if unknown:
                raise TrainError(f"{path}:{number}: unknown labels {sorted(unknown)}")
            labels, meta = list(ad["labels"]), ad
        group = next((str(meta[k]) for k in GROUP_KEYS if meta.get(k)), str(ad.get("id", number)))
        yield Example(ad, labels, group)


def also_examples(path: str | Path, repeat: int = 1) -> Iterator[Example]:
    """Labelled ads learned beside the main set (`samaritan train --also`), each its own group
    (file and id), so no fold trains on an ad whose copy it calibrates. An ad with a label counts
    `repeat` times, an ordinary one once: the written offers are few and far harder than the
    generator's, while lawful look-alikes counted as often taught the model that a name, an age
    and a phone are lawful (docs/learned-model.md, session 47)."""
    if repeat < 1:
        raise TrainError("--also-repeat must be at least 1")
    stem = Path(path).name
    for example in read_examples(path):
        example.group = f"{ALSO_GROUP}{stem}/{example.ad.get('id', example.group)}"
        for _ in range(repeat if example.labels else 1):
            yield example


# A reviewer's decision as training labels. `allow` clears the ad (ordinary). `block` confirms
# commercial sex but, not escalated, no risk beyond it. `escalate` and `report` confirm commercial
# sex and keep the trafficking and minor risk that the verdict on the decided revision carried.
COMMERCIAL = ("commercial_sex",)
STORE_LABELS = {"allow": (), "block": COMMERCIAL, "escalate": COMMERCIAL, "report": COMMERCIAL}
CONFIRMED_RISK = {"escalate", "report"}


def store_examples(url: str, platform: str | None = None) -> Iterator[Example]:
    """Reviewed ads in the evidence store at `url` as labelled examples: per ad, its latest
    decision, on the revision it was made on; the group is the ad, so its revisions never
    straddle folds. Ads whose bytes were purged by retention are skipped (nothing to learn)."""
    import sqlalchemy as sa

    from samaritan.evidence.engine import resolve_url
    from samaritan.evidence.schema import ads, blobs, decisions, verdicts

    engine = sa.create_engine(resolve_url(None, url))
    latest: dict[tuple[str, str], Any] = {}
    try:
        with engine.connect() as conn:
            query = (
                sa.select(ads.c.pk, ads.c.platform, ads.c.ad_id, blobs.c.content, decisions.c.decision)
                .join(ads, ads.c.pk == decisions.c.ad_pk)
                .join(blobs, blobs.c.sha256 == ads.c.raw_sha256)
                .order_by(decisions.c.pk)
            )
            if platform:
                query = query.where(ads.c.platform == platform)
            for row in conn.execute(query):
                latest[(row.platform, row.ad_id)] = row  # a later decision replaces an earlier one
            pks = [r.pk for r in latest.values()]
            labels_of: dict[int, str] = {}
            for i in range(0, len(pks), 500):
                found = sa.select(verdicts.c.ad_pk, verdicts.c.labels).where(verdicts.c.ad_pk.in_(pks[i : i + 500]))
                for ad_pk, labels in conn.execute(found.order_by(verdicts.c.pk)):
                    labels_of[ad_pk] = labels  # the latest verdict on that revision
    except sa.exc.SQLAlchemyError as exc:
        raise TrainError(f"cannot read reviewer decisions from the evidence store: {exc}") from exc
    finally:
        engine.dispose()
    for (plat, ad_id), row in latest.items():
        if row.content is None or row.decision not in STORE_LABELS:
            continue
        labels = list(STORE_LABELS[row.decision])
        if row.decision in CONFIRMED_RISK:
            carried = set(labels_of.get(row.pk, "").split(","))
            labels += [x for x in ("trafficking_risk", "minor_risk") if x in carried]
        yield Example(orjson.loads(row.content), labels, f"{plat}/{ad_id}")
