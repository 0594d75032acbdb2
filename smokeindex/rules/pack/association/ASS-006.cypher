/*---
id: ASS-006
name: 与多家空壳企业共用财务负责人
description: 企业的财务负责人同时担任多家企业的财务负责人，且这些企业多为零实缴或低实缴的空壳，提示资金统一调度、账户集中控制（资金池）；集团内实缴到位的子公司共用财务总监不在此列。
dimension: association
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.5
params:
  role_keyword: {type: string, default: "财务", zh: 职务关键词}
  min_enterprises: {type: integer, default: 3, min: 2, zh: 该人员任职企业最少家数（含本企业）}
  max_paid_ratio: {type: number, default: 0.1, min: 0, max: 1, zh: 视为空壳的实缴/注册资本比例上限}
  min_shells: {type: integer, default: 2, min: 1, zh: 其中空壳企业最少家数}
basis: 《防范和处置非法集资条例》第十五条；《会计法》第三十六条（会计机构、会计人员设置）
explanation: "{subject_name}的{role}{person}同时在{n}家企业担任该职务（{enterprises}），其中{shells_n}家实缴比例不高于{max_paid_ratio}。"
---*/
MATCH (p:Person)-[r:EXECUTIVE_OF]->(x:Enterprise)
WHERE r.role CONTAINS $role_keyword
WITH p, collect(DISTINCT x) AS es, collect(r) AS rels, collect(r.role)[0] AS role
WHERE size(es) >= $min_enterprises
WITH p, es, rels, role, [x IN es WHERE coalesce(x.f_paid_in_ratio, 0.0) <= $max_paid_ratio] AS shells
WHERE size(shells) >= $min_shells
UNWIND es AS e
RETURN e AS subject, p.name AS person, role, size(es) AS n, size(shells) AS shells_n,
       [x IN es | x.name] AS enterprises,
       CASE WHEN size(shells) >= 2 * $min_shells THEN 1.0 ELSE 0.7 END AS strength,
       [p] + es AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
