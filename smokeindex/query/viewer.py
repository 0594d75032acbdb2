"""Who is reading: the role and jurisdiction every read-side query is scoped by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smokeindex.errors import Forbidden
from smokeindex.security.roles import jurisdiction_prefix


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
        """The prefix a list is limited to: ``region`` (as a prefix: 330100 → 3301) when it lies inside the
        jurisdiction, the jurisdiction when ``region`` is wider; ``Forbidden`` when it lies elsewhere and
        ``ValidationFailed`` when it is not a region code."""
        if not region:
            return self.prefix
        asked = jurisdiction_prefix(region)
        if asked.startswith(self.prefix):
            return asked
        if self.prefix.startswith(asked):
            return self.prefix  # a wider area than the user's own: narrowed to the jurisdiction
        raise Forbidden(f"区划 {region} 不在您的辖区内 (region outside your jurisdiction)")
