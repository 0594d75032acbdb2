/*---
id: ASS-002
name: 实际控制人跨区控制多家空壳企业
description: 同一实际控制人（由股权穿透得出）控制多家企业，分布在多个区县且多家零实缴或低实缴，呈“一人多壳、跨区布点”的团伙结构；全资控股的正常集团通常实缴到位，不在此列。
dimension: association
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  min_enterprises: {type: integer, default: 3, min: 2, zh: 控制企业最少家数}
  min_districts: {type: integer, default: 2, min: 1, zh: 最少涉及区县数}
  max_paid_ratio: {type: number, default: 0.1, min: 0, max: 1, zh: 视为空壳的实缴/注册资本比例上限}
  min_shells: {type: integer, default: 2, min: 1, zh: 其中空壳企业最少家数}
basis: 《防范和处置非法集资条例》第十五条（关联主体排查）；《公司法》第二百六十五条（实际控制人定义）
explanation: "{subject_name}实际控制{n}家企业（{enterprises}），分布于{districts_n}个区县，其中{shells_n}家实缴比例不高于{max_paid_ratio}。"
---*/
MATCH (c)-[r:CONTROLS]->(e:Enterprise)
WHERE c:Person OR c:Enterprise
WITH c, collect(DISTINCT e) AS es, collect(r) AS rels
WHERE size(es) >= $min_enterprises
WITH c, es, rels, [x IN es WHERE coalesce(x.f_paid_in_ratio, 0.0) <= $max_paid_ratio] AS shells,
     reduce(ds = [], x IN es | CASE WHEN x.region_code IS NULL OR substring(x.region_code, 0, 6) IN ds THEN ds
                                   ELSE ds + substring(x.region_code, 0, 6) END) AS districts
WHERE size(districts) >= $min_districts AND size(shells) >= $min_shells
RETURN c AS subject, size(es) AS n, size(districts) AS districts_n, size(shells) AS shells_n,
       [x IN es | x.name] AS enterprises,
       CASE WHEN size(shells) >= 2 * $min_shells THEN 1.0 ELSE 0.7 END AS strength,
       es AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
