"""Rewrite the shipped given-names table (`engine/extract/given_names.txt.gz`) from the installed
Faker (a test dependency), after it is upgraded:

    python scripts/given_names.py

tests/test_title_name_age.py fails until the file matches the installed Faker again."""

from importlib import resources

from samaritan.engine.extract import given_names

target = resources.files(given_names.__package__).joinpath(given_names.TABLE_FILE)
with resources.as_file(target) as path:
    names = given_names.derived_names()
    path.write_bytes(given_names.write_table(names))
    print(f"wrote {path}: {len(names)} names")
