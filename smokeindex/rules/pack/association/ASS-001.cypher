/*---
id: ASS-001
name: 与受传销或集资处罚的企业共用电话、地址或邮箱
description: 与因传销、非法集资、虚假宣传受到行政处罚的企业共用联系电话、注册地址或邮箱，往往同属一个团伙。
dimension: association
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  kinds: {type: string, default: "传销,非法集资,虚假宣传", zh: 处罚类型（逗号分隔）}
basis: 《防范和处置非法集资条例》第十五条（关联线索排查）
explanation: "{subject_name}与{n}家受过处罚（{kinds_found}）的企业共用{via}。"
---*/
MATCH (e:Enterprise)-[s:SHARES_IDENTIFIER]-(o:Enterprise)<-[p:PENALIZED]-(pen:Penalty)
WHERE pen.kind IS NOT NULL AND pen.kind IN split($kinds, ',')
WITH e, collect(DISTINCT o) AS others, collect(DISTINCT pen) AS pens, collect(DISTINCT s) AS shares,
     collect(DISTINCT p) AS penalized
WITH e, others, pens, shares, penalized, reduce(v = [], sh IN shares | v + [x IN sh.via WHERE NOT x IN v]) AS kinds
RETURN e AS subject, size(others) AS n, [x IN pens | x.kind] AS kinds_found,
       [x IN kinds | CASE x WHEN 'phone' THEN '电话' WHEN 'address' THEN '地址' WHEN 'email' THEN '邮箱' ELSE x END] AS via,
       others + pens AS evidence_nodes, shares + penalized AS evidence_rels
LIMIT $limit
