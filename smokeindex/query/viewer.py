"""Who is reading: the role and jurisdiction every read-side query is scoped by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smokeindex.errors import Forbidden


@dataclass(frozen=True)
class Viewer:
    """A user as the query layer sees them.

    ``prefix`` is the jurisdiction prefix (``""`` national): a region code is inside the jurisdiction when it starts
    with it. ``unmasked`` says whether personal identifiers may be shown (police and admin).
    """

    username: str
    role: str
    prefix: str = ""
    unmasked: bool = False

    @property
    def national(self) -> bool:
        return self.prefix == ""

    def sees(self, codes: Iterable[str | None]) -> bool:
        """Whether a party with these region codes is inside the jurisdiction (no code: national viewers only)."""
        return self.national or any(c is not None and c.startswith(self.prefix) for c in codes)

    def narrow(self, region: str | None) -> str:
        """The prefix a list is limited to: ``region`` when it lies inside the jurisdiction, the jurisdiction when
        ``region`` is wider; ``Forbidden`` when it lies elsewhere."""
        if not region or not region.startswith(self.prefix) and self.prefix.startswith(region):
            return self.prefix
        if region.startswith(self.prefix):
            return region
        raise Forbidden(f"区划 {region} 不在您的辖区内 (region outside your jurisdiction)")
