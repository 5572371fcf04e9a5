"""Networks: link ads by contacts, photos, text, accounts and movement (`samaritan link`)."""

from samaritan.link.linker import LinkConfig, Linker
from samaritan.link.records import LinkResult

__all__ = ["LinkConfig", "LinkResult", "Linker"]
