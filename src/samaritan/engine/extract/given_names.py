"""Given names, for telling a name-and-age title ("Curvy Tasha 35 💕") from a thing and its number
("Leather Couch 30", "Village 55"). The table (`given_names.txt.gz`, one lower-case name a line)
ships in the package and is written from Faker's person providers by `scripts/given_names.py`
(MIT-licensed lists of the names common in each country); nothing is fetched at run time."""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

TABLE_FILE = "given_names.txt.gz"
# The locales whose first names the table holds: the countries whose posters write ads in English,
# Spanish, Portuguese and the Latin-script languages of Europe. (Names of other scripts are
# written in the ad's own script and read by no title pattern here.)
LOCALES = (
    "en_US", "en_GB", "en_IE", "en_NZ", "en", "es_MX", "es_ES", "es_CO", "es_AR", "es_CL", "pt_BR", "pt_PT",
    "fr_FR", "it_IT", "de_DE", "nl_NL", "pl_PL", "ro_RO", "sv_SE", "cs_CZ", "hu_HU", "tr_TR", "vi_VN",
)  # fmt: skip


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The shipped table's names, lower-cased (loaded once)."""
    data = resources.files(__package__).joinpath(TABLE_FILE).read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def derived_names() -> list[str]:
    """The names Faker's providers hold for LOCALES, lower-cased, one word each, sorted: what the
    table is written from (scripts/given_names.py; Faker is a test dependency only)."""
    import importlib

    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_female", "first_names_male"):
            listed = getattr(provider, attribute, None)
            # (a provider that picks names by a rule has a property there, not a list)
            for name in listed if isinstance(listed, (tuple, list, dict)) else ():
                word = name.strip().lower()
                if word.isalpha() and word.isascii() and 2 <= len(word) <= 15:
                    names.add(word)
    return sorted(names)


def write_table(names: list[str]) -> bytes:
    """The table's bytes (gzip without a timestamp: the same names give the same file)."""
    return gzip.compress(("\n".join(names) + "\n").encode("utf-8"), mtime=0)
