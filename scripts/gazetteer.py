"""Rewrite the shipped place tables (`engine/extract/gazetteer.tsv.gz`) from the installed
`zipcodes` and `us` packages, after either is upgraded:

    python scripts/gazetteer.py

tests/test_places_table.py fails until the file matches the installed packages again."""

from importlib import resources

from samaritan.engine.extract import places

target = resources.files(places.__package__).joinpath(places.TABLE_FILE)
with resources.as_file(target) as path:
    path.write_bytes(places.write_tables(places.derived_tables()))
    print(f"wrote {path}")
