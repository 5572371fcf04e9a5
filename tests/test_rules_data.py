"""Rules, weights and policy are validated, versioned data: a misspelt key is an error naming the
file and the key, a changed file cannot keep an old version, and one extra rule file adds or
overrides code words without copying the lexicon."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from samaritan.cli.main import main
from samaritan.engine import datafile
from samaritan.engine.lexicon import LexiconError, default_lexicon_dir, load_lexicon
from samaritan.engine.policy import ConfigError, load_policy, load_weights
from samaritan.engine.screener import Screener

PACKAGED = Path(default_lexicon_dir()).parent

EXTRA = {
    "rules": [
        {
            "code": "VENUE_CAR_DATE",
            "category": "venue",
            "weight": 0.5,
            "description": "Meeting in a parked car, a venue some posters name instead of a room.",
            "evidence": "Synthetic example rule for the overlay test.",
            "terms": ["car date", "car dates"],
            "context": "any",
            "examples": {"match": ["car dates only"], "no_match": ["car dealer dates"]},
        }
    ]
}


def test_packaged_files_declare_the_hash_of_their_content() -> None:
    for name in ("weights.yaml", "policy.yaml", "lexicon/index.yaml"):
        assert "\nsha256: " in (PACKAGED / name).read_text(), name
    load_lexicon(), load_weights(), load_policy()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["commercial"]["support"].update(ethnicty=0.5), "unknown category 'ethnicty'"),
        (lambda d: d["trafficking"]["weights"].update(venu=0.5), "unknown category 'venu'"),
        (lambda d: d.update(extra_table={}), "extra_table"),
    ],
)
def test_a_misspelt_weights_key_names_the_file_and_the_key(tmp_path, edit, message) -> None:
    data = yaml.safe_load((PACKAGED / "weights.yaml").read_text())
    data.pop("sha256")
    edit(data)
    path = tmp_path / "my-weights.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError, match=message) as caught:
        load_weights(path)
    assert "my-weights.yaml" in str(caught.value)


def test_a_changed_file_cannot_keep_its_old_version(tmp_path) -> None:
    lexicon = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), lexicon)
    venue = lexicon / "venue.yaml"
    venue.write_text(venue.read_text().replace('"hotel room", ', ""))
    with pytest.raises(LexiconError, match=r"bump `version`"):
        load_lexicon(lexicon)
    index = lexicon / "index.yaml"
    files = yaml.safe_load(index.read_text())["files"]
    text = index.read_text().replace('version: "', 'version: "local-')
    fresh = datafile.content_hash(text, *[(lexicon / f).read_text() for f in files])
    index.write_text("\n".join(f'sha256: "{fresh}"' if line.startswith("sha256:") else line
                               for line in text.splitlines()) + "\n")  # fmt: skip
    assert load_lexicon(lexicon).version.startswith("local-")
    policy = tmp_path / "policy.yaml"
    policy.write_text((PACKAGED / "policy.yaml").read_text().replace("network_review: true", "network_review: false"))
    with pytest.raises(ConfigError, match="content changed"):
        load_policy(policy)


def test_the_index_is_validated(tmp_path) -> None:
    lexicon = tmp_path / "lexicon"
    shutil.copytree(default_lexicon_dir(), lexicon)
    (lexicon / "index.yaml").write_text('version: "x"\nfile: [venue.yaml]\n')
    with pytest.raises(LexiconError, match=r"index\.yaml"):
        load_lexicon(lexicon)


def test_one_extra_rule_file_adds_and_overrides_code_words(tmp_path) -> None:
    extra = tmp_path / "site-words.yaml"
    extra.write_text(yaml.safe_dump(EXTRA))
    base = load_lexicon()
    combined = load_lexicon(extra=extra)
    assert combined.version.startswith(base.version + "+site-words.")
    assert len(combined.rules) == len(base.rules) + 1
    ad = {"id": "x", "category": "adult", "body": "Car dates only, 150 roses hh. Text 702-555-0142."}
    found = {i.code for i in Screener(lexicon_extra=extra).screen(ad).indicators}
    assert "VENUE_CAR_DATE" in found and "VENUE_CAR_DATE" not in {i.code for i in Screener().screen(ad).indicators}
    override = {"rules": [dict(EXTRA["rules"][0], code="VENUE_HOTEL")]}
    extra.write_text(yaml.safe_dump(override))
    replaced = {r.code: r for r in load_lexicon(extra=extra).rules}
    assert len(replaced) == len(base.rules) and replaced["VENUE_HOTEL"].terms == ["car date", "car dates"]
    extra.write_text(yaml.safe_dump({"rules": [dict(EXTRA["rules"][0], category="vnue")]}))
    with pytest.raises(LexiconError, match=r"site-words\.yaml"):
        load_lexicon(extra=extra)


def test_the_command_takes_an_extra_rule_file(tmp_path, capsys) -> None:
    extra = tmp_path / "site-words.yaml"
    extra.write_text(yaml.safe_dump(EXTRA))
    ads = tmp_path / "ads.jsonl"
    ads.write_text(json.dumps({"id": "a", "category": "adult", "body": "Car dates only, 150 roses hh."}) + "\n")
    assert main(["screen", str(ads), "-o", str(tmp_path / "v.jsonl"), "--lexicon-extra", str(extra)]) == 0
    verdict = json.loads((tmp_path / "v.jsonl").read_text())
    assert "+site-words." in verdict["versions"]["lexicon"]
    assert any(i["code"] == "VENUE_CAR_DATE" for i in verdict["indicators"])
