"""Read-only views of a link index keyed by strings (ad ids, network ids, keys), as the service
and the console read it; inside, the index keeps ints."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

LinkIndex = Any  # `link.index.LinkIndex`, which imports this module


class NetworkOf(Mapping[str, str]):
    """ad id -> network id, for ads in a network."""

    def __init__(self, index: LinkIndex) -> None:
        self._index = index

    def __getitem__(self, ad_id: str) -> str:
        found = self._index.network_name(ad_id)
        if found is None:
            raise KeyError(ad_id)
        return found

    def __iter__(self) -> Iterator[str]:
        name = self._index.ads.name
        return (name(ad) for ad, _ in self._index.net_of.items())

    def __len__(self) -> int:
        return sum(1 for _ in self._index.net_of.items())


class Members(Mapping[str, list[str]]):
    """network id -> its ads' ids."""

    def __init__(self, index: LinkIndex) -> None:
        self._index = index

    def __getitem__(self, network_id: str) -> list[str]:
        net = self._index.nets.get(network_id)
        if net is None or not self._index.members_of.size(net):
            raise KeyError(network_id)
        return [self._index.ads.name(ad) for ad in self._index.members_of.get(net)]

    def __iter__(self) -> Iterator[str]:
        index = self._index
        return (index.nets.name(net) for net in range(len(index.nets)) if index.members_of.size(net))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Verdicts(Mapping[str, dict[str, Any]]):
    """ad id -> the verdict summary linking keeps (`records.verdict_summary`)."""

    def __init__(self, index: LinkIndex) -> None:
        self._index = index

    def __getitem__(self, ad_id: str) -> dict[str, Any]:
        found = self._index.verdict(ad_id)
        if found is None:
            raise KeyError(ad_id)
        return found

    def __iter__(self) -> Iterator[str]:
        name = self._index.ads.name
        return (name(ad) for ad, _ in self._index.verdict_of.items())

    def __len__(self) -> int:
        return sum(1 for _ in self._index.verdict_of.items())


class Postings:
    """(kind, value) -> ids of the ads that carry the key, in arrival order."""

    def __init__(self, index: LinkIndex) -> None:
        self._index = index

    def get(self, key: tuple[str, str], default: list[str] | None = None) -> list[str] | None:
        kid = self._index.key_names.get(f"{key[0]}:{key[1]}")
        ads = self._index.postings_of.get(kid) if kid is not None else []
        return [self._index.ads.name(ad) for ad in ads] if ads else default

    def __getitem__(self, key: tuple[str, str]) -> list[str]:
        return self.get(key) or []


class Known:
    """Every ad id the index has seen."""

    def __init__(self, index: LinkIndex) -> None:
        self._index = index

    def __contains__(self, ad_id: object) -> bool:
        return ad_id in self._index.ads

    def __len__(self) -> int:
        return len(self._index.ads)
