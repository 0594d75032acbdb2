/*---
id: OPE-002
name: 同一自然人跨区挂名多家零实缴企业法定代表人
description: 同一自然人在多个区县同时担任多家企业的法定代表人，且其中多家零实缴或实缴极低，符合团伙以“挂名法人”批量设立空壳公司、分散资金和规避监管的特征。
dimension: operational
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.5
params:
  min_enterprises: {type: integer, default: 3, min: 2, zh: 最少担任法代企业数}
  min_districts: {type: integer, default: 2, min: 1, zh: 最少涉及区县数}
  max_paid_ratio: {type: number, default: 0.1, min: 0, max: 1, zh: 视为空壳的实缴/注册资本比例上限}
  min_shells: {type: integer, default: 2, min: 1, zh: 其中零实缴或低实缴企业的最少家数}
basis: 《防范和处置非法集资条例》第十三条（监测预警）；《市场主体登记管理条例》第四十条（提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得登记）
explanation: "{subject_name}在{districts_n}个区县担任{n}家企业的法定代表人（{enterprises}），其中{shells_n}家实缴比例不高于{max_paid_ratio}。"
---*/
MATCH (p:Person)-[r:LEGAL_REP_OF]->(e:Enterprise)
WITH p, collect(DISTINCT e) AS es, collect(r) AS rels
WHERE size(es) >= $min_enterprises
WITH p, es, rels, [x IN es WHERE coalesce(x.f_paid_in_ratio, 0.0) <= $max_paid_ratio] AS shells,
     reduce(ds = [], x IN es | CASE WHEN x.region_code IS NULL OR substring(x.region_code, 0, 6) IN ds THEN ds
                                   ELSE ds + substring(x.region_code, 0, 6) END) AS districts
WHERE size(districts) >= $min_districts AND size(shells) >= $min_shells
RETURN p AS subject, size(es) AS n, size(districts) AS districts_n, size(shells) AS shells_n,
       [x IN es | x.name] AS enterprises,
       CASE WHEN size(shells) >= 2 * $min_shells THEN 1.0 ELSE 0.7 END AS strength,
       es AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
