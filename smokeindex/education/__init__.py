"""Financial-literacy education (宣教): content, quizzes, residents' learning, the activity ledger, statistics, targeting.

Content (法规政策 laws and policies, 典型案例 case studies, 防骗提示 anti-fraud tips) and quizzes are graph nodes tied to
regions by ``region_code``. Residents register with a phone number (kept only in a ``personal`` property; their id is
an HMAC pseudonym), read and take quizzes, and earn a financial-literacy score (``service.literacy_score``). Grid
workers and regulators keep the ledger of outreach events (进社区/进农村/进校园/进单位), read statistics by region inside
their jurisdiction, and get districts ranked for education by where warnings cluster (``stats.targeting``).

Modules: ``models`` (API models), ``queries`` (Cypher), ``residents`` (pseudonymous ids and resident tokens),
``limits`` (in-memory registration limits), ``service`` (logic), ``stats`` (statistics and targeting), ``views``
(HTTP), ``cli`` (``smokeindex education seed``), and ``starter_pack.yaml`` (the starter content pack).
"""
