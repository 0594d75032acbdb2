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
    # casework (smokeindex/workflow): the state machine checks each transition's roles on top of these
    "leads.read": frozenset({A, R, P, INV, G}),
    "leads.write": frozenset({A, R, P, INV}),
    "tasks.read": frozenset({A, R, P, INV, G}),
    "tasks.write": frozenset({A, R, P, INV, G}),
    "dispositions.write": frozenset({A, R, P}),
    "blacklist.read": frozenset({A, R, P, INV}),
    "blacklist.write": frozenset({A, R}),
    "cases.read": frozenset({A, R, P, INV}),
    "cases.export": frozenset({A, P, INV}),
    "evidence_files.write": frozenset({A, R, P, INV, G}),
    # complaints from the public (smokeindex/complaints): submitting and checking a receipt are open
    "complaints.read": frozenset({A, R, P, INV, G}),
    "complaints.reporter": frozenset({A, P}),  # the reporter's identity and contact
    "rewards.read": frozenset({A, R}),
    "rewards.write": frozenset({A, R}),
    # on-site inspection (smokeindex/inspections)
    "inspections.read": frozenset({A, R, P, INV, G}),
    "inspections.write": frozenset({A, R, G}),
    # education (smokeindex/education): reading content and quizzes is open to residents
    "education.write": frozenset({A, R, G}),
    "education.stats": frozenset({A, R, G}),
}

ACTION_ZH = {
    "warnings.read": "查看预警清单",
    "warnings.export": "导出预警清单",
    "party.read": "查看主体画像",
    "network.read": "关系网络查询",
    "evidence.export": "导出证据包",
    "audit.read": "查看审计日志",
    "leads.read": "查看线索",
    "leads.write": "登记、融合线索",
    "tasks.read": "查看任务",
    "tasks.write": "流转任务",
    "dispositions.write": "登记处置",
    "blacklist.read": "查看黑名单",
    "blacklist.write": "维护黑名单",
    "cases.read": "查看案件档案",
    "cases.export": "导出案件档案",
    "evidence_files.write": "上传证据文件",
    "complaints.read": "查看投诉举报",
    "complaints.reporter": "查看举报人身份",
    "rewards.read": "查看举报奖励",
    "rewards.write": "审批举报奖励",
    "inspections.read": "查看现场排查",
    "inspections.write": "登记现场排查",
    "education.write": "维护宣教内容与活动",
    "education.stats": "查看宣教统计",
}
