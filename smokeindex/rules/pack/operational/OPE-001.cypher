/*---
id: OPE-001
name: 新设企业注册资本高而实缴极低
description: 成立时间短、注册资本高但实缴比例极低的企业，常见于为集资搭建的空壳平台或“壳公司”。
dimension: operational
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.4
params:
  max_age_days: {type: integer, default: 1095, min: 1, zh: 成立天数上限}
  min_registered: {type: number, default: 1000, min: 0, zh: 注册资本下限（万元）}
  max_paid_ratio: {type: number, default: 0.1, min: 0, max: 1, zh: 实缴/注册资本比例上限}
basis: 《防范和处置非法集资条例》第十三条（监测预警）
explanation: "{subject_name}成立仅{age}天，注册资本{registered}万元，实缴比例仅{ratio}，具备空壳平台特征。"
---*/
MATCH (e:Enterprise)
WHERE e.f_age_days IS NOT NULL AND e.f_age_days <= $max_age_days
  AND e.registered_capital >= $min_registered
  AND coalesce(e.f_paid_in_ratio, 0.0) <= $max_paid_ratio
RETURN e AS subject, e.f_age_days AS age, e.registered_capital AS registered,
       coalesce(e.f_paid_in_ratio, 0.0) AS ratio, [e] AS evidence_nodes
LIMIT $limit
