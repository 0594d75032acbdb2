/*---
id: OPE-003
name: 同一地址集中登记多家非分支关联企业
description: 多家企业登记在同一地址（非总公司与其分支机构），常见于团伙批量注册空壳公司或借用集中登记地，需现场核查是否实际经营。
dimension: operational
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.4
params:
  min_others: {type: integer, default: 2, min: 1, zh: 同址其他企业最少家数}
basis: 《市场主体登记管理条例》第四十六条（未在登记的住所开展经营活动）；《企业信息公示暂行条例》第十四条（抽查、实地核查）；《防范和处置非法集资条例》第十三条
explanation: "{subject_name}的登记地址“{address}”另有{n}家企业登记（{others}），实缴比例最低{min_ratio}。"
---*/
MATCH (e:Enterprise)-[l1:LOCATED_AT]->(a:Address)<-[l2:LOCATED_AT]-(o:Enterprise)
WHERE o <> e
OPTIONAL MATCH (o)-[b:BRANCH_OF]-(e)
WITH e, a, l1, o, l2, b
WHERE b IS NULL
WITH e, a, l1, collect(DISTINCT o) AS others, collect(DISTINCT l2) AS rels
WHERE size(others) >= $min_others
RETURN e AS subject, a.text AS address, size(others) AS n, [x IN others | x.name] AS others,
       reduce(m = coalesce(e.f_paid_in_ratio, 1.0), x IN others | CASE WHEN coalesce(x.f_paid_in_ratio, 1.0) < m THEN x.f_paid_in_ratio ELSE m END) AS min_ratio,
       CASE WHEN size(others) >= 2 * $min_others THEN 1.0 ELSE 0.7 END AS strength,
       [a] + others AS evidence_nodes, [l1] + rels AS evidence_rels
LIMIT $limit
