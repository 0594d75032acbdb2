"""Who may do what: one table from action to the roles allowed, read by every route and by the authorisation tests.

Jurisdiction (a user sees only their region and below) and masking (personal identifiers for police and admin only)
apply on top of this table, inside the query layer.
"""

from __future__ import annotations

from smokeindex.security.roles import Role

A, R, P, INV, G = Role.ADMIN, Role.REGULATOR, Role.POLICE, Role.INVESTIGATOR, Role.GRID_WORKER

PERMISSIONS: dict[str, frozenset[Role]] = {
    "warnings.read": frozenset({A, R, P, INV}),  # graded lists, counts, trends
    "warnings.export": frozenset({A, R, P, INV}),  # the same lists as CSV / XLSX
    "party.read": frozenset({A, R, P, INV, G}),  # profiles (grid workers inspect on site)
    "network.read": frozenset({A, P, INV}),  # expansion, paths, gangs
    "evidence.export": frozenset({A, P, INV}),  # evidence packages
    "audit.read": frozenset({A}),
}

ACTION_ZH = {
    "warnings.read": "查看预警清单",
    "warnings.export": "导出预警清单",
    "party.read": "查看主体画像",
    "network.read": "关系网络查询",
    "evidence.export": "导出证据包",
    "audit.read": "查看审计日志",
}
