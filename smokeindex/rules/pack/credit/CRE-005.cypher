/*---
id: CRE-005
name: 同一法定代表人名下其他企业失信或被执行
description: 企业的法定代表人同时担任其他企业的法定代表人，而这些企业已因民间借贷、委托理财等涉融资纠纷被列为失信被执行人或被执行人。团伙常以少数“挂名”法人控制多家空壳，一家爆雷、其余同风险。
dimension: credit
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.5
params:
  kinds: {type: string, default: "dishonest_debtor,enforcement", zh: 司法记录类别（逗号分隔）}
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,小额借款合同纠纷,借款合同纠纷,非法吸收公众存款,集资诈骗", zh: 涉融资案由（逗号分隔）}
basis: 《关于加快推进失信被执行人信用监督、警示和惩戒机制建设的意见》（联合惩戒，关联主体）；《防范和处置非法集资条例》第十五条
explanation: "{subject_name}的法定代表人{person}还担任{n}家因涉融资纠纷失信或被执行的企业（{others}）的法定代表人。"
---*/
MATCH (e:Enterprise)<-[r1:LEGAL_REP_OF]-(p:Person)-[r2:LEGAL_REP_OF]->(o:Enterprise)-[pt:PARTY_TO]->(j:JudicialCase)
WHERE o <> e AND j.kind IN split($kinds, ',') AND j.cause IN split($causes, ',')
WITH e, p, r1, collect(DISTINCT o) AS os, collect(DISTINCT r2) AS r2s, collect(DISTINCT j) AS cases, collect(DISTINCT pt) AS pts
RETURN e AS subject, p.name AS person, size(os) AS n, [x IN os | x.name] AS others,
       CASE WHEN ANY(x IN cases WHERE x.kind = 'dishonest_debtor') THEN 1.0 ELSE 0.75 END AS strength,
       [e, p] + os + cases AS evidence_nodes, [r1] + r2s + pts AS evidence_rels
LIMIT $limit
