"""Who may see what, and a record of what they saw.

- ``roles``: the six roles (``Role``, ``ROLE_ZH``), who sees identifiers unmasked (``UNMASKED_ROLES``) and regional
  jurisdiction by GB/T 2260 code prefix (``jurisdiction_prefix``, ``in_jurisdiction``).
- ``users``: ``UserStore``, users with scrypt passwords and hashed API keys in SQLite.
- ``tokens``: HS256 bearer tokens made with the standard library (``issue_token``, ``decode_token``).
- ``audit``: ``AuditLog``, an append-only hash-chained log whose head is signed with the secret key.
- ``cli``: ``smokeindex users …`` and ``smokeindex audit …``.
"""

from smokeindex.security.audit import AuditEntry, AuditLog, AuditReport
from smokeindex.security.roles import (
    ROLE_ZH,
    UNMASKED_ROLES,
    Role,
    check_region_code,
    in_jurisdiction,
    jurisdiction_prefix,
    parse_role,
)
from smokeindex.security.tokens import TokenClaims, decode_token, issue_token
from smokeindex.security.users import ApiKey, User, UserStore

__all__ = [
    "ROLE_ZH",
    "UNMASKED_ROLES",
    "ApiKey",
    "AuditEntry",
    "AuditLog",
    "AuditReport",
    "Role",
    "TokenClaims",
    "User",
    "UserStore",
    "check_region_code",
    "decode_token",
    "in_jurisdiction",
    "issue_token",
    "jurisdiction_prefix",
    "parse_role",
]
