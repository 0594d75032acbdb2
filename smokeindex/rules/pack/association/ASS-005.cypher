/*---
id: ASS-005
name: 共用电话、地址或邮箱的企业集群
description: 企业经由共用联系电话、注册地址或电子邮箱（可多跳传递）与多家企业相连，形成标识高度重合的企业集群，常见于同一团伙批量注册、轮换使用的壳公司。
dimension: association
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.5
params:
  min_cluster: {type: integer, default: 3, min: 1, zh: 集群内其他企业最少家数}
  max_hops: {type: integer, default: 2, min: 1, max: 3, literal: true, zh: 共用标识最大传递跳数}
basis: 《防范和处置非法集资条例》第十三条、第十五条（监测预警与关联排查）
explanation: "{subject_name}经共用{via}与{n}家企业相连（{members}），形成标识重合的企业集群。"
---*/
MATCH path = (e:Enterprise)-[:SHARES_IDENTIFIER*1..{max_hops}]-(o:Enterprise)
WHERE o <> e
WITH e, collect(DISTINCT o) AS members, collect(path) AS paths
WHERE size(members) >= $min_cluster
WITH e, members, reduce(a = [], p IN paths | a + [r IN relationships(p) WHERE NOT r IN a]) AS rels
RETURN e AS subject, size(members) AS n, [x IN members | x.name] AS members,
       [k IN reduce(v = [], r IN rels | v + [k IN r.via WHERE NOT k IN v]) | CASE k WHEN 'phone' THEN '电话' WHEN 'address' THEN '地址' WHEN 'email' THEN '邮箱' ELSE k END] AS via,
       CASE WHEN size(members) >= 2 * $min_cluster THEN 1.0 ELSE 0.7 END AS strength,
       members AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
