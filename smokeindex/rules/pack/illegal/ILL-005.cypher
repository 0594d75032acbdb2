/*---
id: ILL-005
name: 与涉众型经济犯罪当事人存在近距离股权或任职关联
description: 在股权、实际控制、法定代表人、主要人员、分支机构构成的关系网络中，企业与非法集资或传销刑事案件的被告（单位或个人）相距不超过设定跳数，可能是同一团伙尚未暴露的外围公司。
dimension: illegal
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.5
params:
  causes: {type: string, default: "非法吸收公众存款,集资诈骗,组织、领导传销活动", zh: 刑事案由（逗号分隔）}
  max_hops: {type: integer, default: 2, min: 1, max: 4, literal: true, zh: 最大关联跳数}
basis: 《防范和处置非法集资条例》第十五条（对关联主体开展调查）；《刑法》第一百七十六条、第一百九十二条、第二百二十四条之一
explanation: "{subject_name}与刑事案件被告{defendants}（案号：{case_numbers}）在股权或任职关系上仅相距{hops}跳。"
---*/
MATCH (d)-[pt:PARTY_TO]->(c:JudicialCase)
WHERE c.cause IN split($causes, ',') AND pt.role IN ['被告单位', '被告人', '被告']
MATCH path = (d)-[:LEGAL_REP_OF|EXECUTIVE_OF|SHAREHOLDER_OF|CONTROLS|BRANCH_OF*1..{max_hops}]-(e:Enterprise)
WHERE e <> d
WITH e, collect(path) AS paths, min(length(path)) AS hops, collect(DISTINCT d) AS ds, collect(DISTINCT c) AS cases,
     collect(DISTINCT pt) AS pts
WITH e, hops, ds, cases, pts, [p IN paths WHERE length(p) = hops][0] AS best
RETURN e AS subject, hops, [x IN ds | x.name] AS defendants, [x IN cases | x.case_number] AS case_numbers,
       1.0 / hops AS strength,
       nodes(best) + cases AS evidence_nodes, relationships(best) + pts AS evidence_rels
LIMIT $limit
