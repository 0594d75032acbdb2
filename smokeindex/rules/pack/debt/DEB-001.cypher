/*---
id: DEB-001
name: 认缴资本虚高、实缴极低却吸收大量外部资金
description: 企业注册资本很高但实缴几乎为零，却从大量不同账户收取资金，对外负债（应付投资人款项）远超其自有资本，资本实力无法覆盖兑付责任。
dimension: debt
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.6
params:
  min_registered: {type: number, default: 1000, min: 0, zh: 注册资本下限（万元）}
  max_paid_ratio: {type: number, default: 0.1, min: 0, max: 1, zh: 实缴/注册资本比例上限}
  min_counterparties: {type: integer, default: 20, min: 1, zh: 转入对手账户数下限}
basis: 《公司法》第四十七条、第四十九条（认缴出资与按期足额缴纳）；《防范和处置非法集资条例》第二条、第十三条
explanation: "{subject_name}注册资本{registered}万元、实缴比例仅{ratio}，却从{counterparties}个对手账户收到资金{in_amount}元，{coverage}。"
---*/
MATCH (e:Enterprise)
WHERE e.registered_capital >= $min_registered
  AND coalesce(e.f_paid_in_ratio, 0.0) <= $max_paid_ratio
  AND coalesce(e.f_in_counterparties, 0) >= $min_counterparties
OPTIONAL MATCH (e)-[h:HAS_ACCOUNT]->(acct:BankAccount)
WITH e, collect(DISTINCT acct) AS accts, collect(DISTINCT h) AS hs
RETURN e AS subject, e.registered_capital AS registered, coalesce(e.f_paid_in_ratio, 0.0) AS ratio,
       e.f_in_counterparties AS counterparties, coalesce(e.f_in_amount, 0.0) AS in_amount,
       CASE WHEN coalesce(e.paid_in_capital, 0.0) > 0
            THEN '约为实缴资本的' + toString(toInteger(coalesce(e.f_in_amount, 0.0) / (e.paid_in_capital * 10000))) + '倍'
            ELSE '而股东实缴出资为零' END AS coverage,
       CASE WHEN e.f_in_counterparties >= 3 * $min_counterparties THEN 1.0 ELSE 0.6 + 0.2 * (e.f_in_counterparties - $min_counterparties) / toFloat($min_counterparties) END AS strength,
       [e] + accts AS evidence_nodes, hs AS evidence_rels
LIMIT $limit
