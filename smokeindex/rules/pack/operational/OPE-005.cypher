/*---
id: OPE-005
name: 成立不久即有大额、多对手方资金流入
description: 企业成立时间不长、实缴资本很低，却在短期内收到大量不同账户的资金，资金规模与其经营基础明显不符，是以新设平台吸收公众资金的典型特征。
dimension: operational
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.5
params:
  max_age_days: {type: integer, default: 1825, min: 1, zh: 成立天数上限}
  min_in_amount: {type: number, default: 1000000, min: 0, zh: 转入金额下限（元）}
  min_counterparties: {type: integer, default: 10, min: 1, zh: 转入对手账户数下限}
  max_paid_ratio: {type: number, default: 0.2, min: 0, max: 1, zh: 实缴/注册资本比例上限}
basis: 《防范和处置非法集资条例》第十三条（对资金异常流动的监测预警）；《中国人民银行关于加强支付结算管理防范电信网络新型违法犯罪有关事项的通知》（异常账户监测）
explanation: "{subject_name}成立仅{age}天、实缴比例{ratio}，已收到{counterparties}个对手账户转入资金共{in_amount}元。"
---*/
MATCH (e:Enterprise)
WHERE e.f_age_days IS NOT NULL AND e.f_age_days <= $max_age_days
  AND coalesce(e.f_in_amount, 0.0) >= $min_in_amount
  AND coalesce(e.f_in_counterparties, 0) >= $min_counterparties
  AND coalesce(e.f_paid_in_ratio, 0.0) <= $max_paid_ratio
OPTIONAL MATCH (e)-[h:HAS_ACCOUNT]->(acct:BankAccount)
WITH e, collect(DISTINCT acct) AS accts, collect(DISTINCT h) AS hs
RETURN e AS subject, e.f_age_days AS age, coalesce(e.f_paid_in_ratio, 0.0) AS ratio,
       e.f_in_counterparties AS counterparties, e.f_in_amount AS in_amount,
       CASE WHEN e.f_in_amount >= 5 * $min_in_amount THEN 1.0 ELSE 0.6 + 0.1 * (e.f_in_amount - $min_in_amount) / ($min_in_amount + 1) END AS strength,
       [e] + accts AS evidence_nodes, hs AS evidence_rels
LIMIT $limit
