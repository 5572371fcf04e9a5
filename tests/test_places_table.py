"""The place tables ship precomputed (start-up reads them in milliseconds instead of deriving
them from `zipcodes` in seconds): they must stay what the installed packages give."""

from __future__ import annotations

from importlib import resources

from samaritan.engine.extract import places


def test_the_shipped_tables_are_what_zipcodes_and_us_give() -> None:
    shipped = places._tables()
    derived = places.derived_tables()
    # Equal dicts in the same order: the first city of a name is the one a bare name resolves to.
    assert list(shipped[0].items()) == list(derived[0].items()), "run python scripts/gazetteer.py"
    assert shipped[1] == derived[1], "run python scripts/gazetteer.py"


def test_the_file_round_trips_byte_for_byte() -> None:
    data = resources.files(places.__package__).joinpath(places.TABLE_FILE).read_bytes()
    assert places.write_tables(places.read_tables(data)) == data


def test_places_resolve_from_the_shipped_tables() -> None:
    found = places.find_places("Visiting Kansas City, MO this week, then in Phoenix. Springfield, IL after.")
    assert [p.name for p in found] == ["Kansas City, MO", "Phoenix, AZ", "Springfield, IL"]
