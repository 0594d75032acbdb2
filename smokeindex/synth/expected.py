"""The graph a correct ETL must build from the raw files (after repair, dedup and quarantine).

Keys are kept as 64-bit BLAKE2b digests in flat arrays (8 bytes each) so the 1M-enterprise world stays small;
distinct counts come from ``numpy.unique``. Person ID numbers are also kept exactly (for the labels file).
"""

from __future__ import annotations

from array import array
from hashlib import blake2b

import numpy as np

NODE_LABELS = (
    "Enterprise",
    "Person",
    "Address",
    "Phone",
    "Email",
    "BankAccount",
    "Website",
    "Product",
    "Complaint",
    "JudicialCase",
    "Penalty",
    "NewsArticle",
    "Region",
    "RegistryChange",
)
REL_TYPES = (
    "LEGAL_REP_OF",
    "SHAREHOLDER_OF",
    "EXECUTIVE_OF",
    "BRANCH_OF",
    "LOCATED_AT",
    "HAS_PHONE",
    "HAS_EMAIL",
    "HAS_ACCOUNT",
    "TRANSFERRED_TO",
    "ISSUES",
    "OPERATES",
    "COMPLAINT_AGAINST",
    "MENTIONS",
    "PARTY_TO",
    "PENALIZED",
    "IN_REGION",
    "PART_OF",
    "HAS_CHANGE",
)


def _digest(key: str | tuple[str, ...]) -> int:
    text = key if isinstance(key, str) else "\x1f".join(key)
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)


class GraphCounter:
    """Distinct node keys per label and distinct relationship keys per type."""

    def __init__(self) -> None:
        self._nodes: dict[str, array[int]] = {label: array("q") for label in NODE_LABELS}
        self._rels: dict[str, array[int]] = {t: array("q") for t in REL_TYPES}
        self.persons: set[str] = set()
        self.transfers = 0

    def node(self, label: str, key: str) -> None:
        """Count a node by its key."""
        if label == "Person":
            self.persons.add(key)
        else:
            self._nodes[label].append(_digest(key))

    def rel(self, rel_type: str, key: tuple[str, ...]) -> None:
        """Count a relationship by its key."""
        self._rels[rel_type].append(_digest(key))

    @staticmethod
    def _distinct(keys: array[int]) -> int:
        return int(len(np.unique(np.frombuffer(keys, dtype=np.int64)))) if len(keys) else 0

    def result(self) -> dict[str, dict[str, int]]:
        """Counts per label and per type."""
        nodes = {
            label: (len(self.persons) if label == "Person" else self._distinct(self._nodes[label]))
            for label in NODE_LABELS
        }
        rels = {t: (self.transfers if t == "TRANSFERRED_TO" else self._distinct(self._rels[t])) for t in REL_TYPES}
        return {"nodes": nodes, "relationships": rels}
