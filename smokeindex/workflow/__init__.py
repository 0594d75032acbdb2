"""Casework after the warning (issue 8): leads, the five-level task flow, dispositions, the blacklist, case files,
evidence preservation and the feedback loop.

One sub-package per concern, each with ``models.py`` (data), ``service.py`` (logic, keyword-only arguments) and
``views.py`` (thin HTTP); multi-step work sits in ``flows.py``:

    leads/           线索: raise_lead (线索融合), review and undo of a merge, manual merge
    tasks/           任务: the state machine as data (models.TRANSITIONS), dispatch down, transitions, escalation
    dispositions/    处置: 约谈, 责令整改, 行政处罚, 移送公安, 列入黑名单, 销号
    blacklist/       黑名单库: entries with reason, authority and validity, read by the rules
    cases/           案件档案: everything about one lead, exported as a signed evidence package
    evidence_files/  证据固化: content-addressed uploads with SHA-256, size and type limits, and their verification
    feedback.py      confirmed / dismissed outcomes as labels for ``rules evaluate`` and the network model

``views.router`` (under ``/workflow``) and ``cli.app`` (``smokeindex workflow …``) are what the application registers.
"""
