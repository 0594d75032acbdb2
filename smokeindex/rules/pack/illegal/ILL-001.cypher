/*---
id: ILL-001
name: 企业为涉众型经济犯罪案件被告单位
description: 企业在非法吸收公众存款、集资诈骗、组织领导传销活动等刑事案件中为被告单位（或被告），属于已被司法认定或正在追诉的涉众型违法主体。
dimension: illegal
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.9
params:
  causes: {type: string, default: "非法吸收公众存款,集资诈骗,组织、领导传销活动", zh: 案由（逗号分隔）}
  roles: {type: string, default: "被告单位,被告人,被告", zh: 诉讼地位（逗号分隔）}
basis: 《刑法》第一百七十六条（非法吸收公众存款罪）、第一百九十二条（集资诈骗罪）、第二百二十四条之一（组织、领导传销活动罪）；《防范和处置非法集资条例》第二条
explanation: "{subject_name}在{n}起刑事案件中为被告单位（案由：{causes_found}；案号：{case_numbers}），涉案金额合计{amount}元。"
---*/
MATCH (e:Enterprise)-[p:PARTY_TO]->(c:JudicialCase)
WHERE c.cause IN split($causes, ',') AND p.role IN split($roles, ',')
WITH e, collect(DISTINCT c) AS cases, collect(DISTINCT p) AS parties
RETURN e AS subject, size(cases) AS n, [x IN cases | x.cause] AS causes_found,
       [x IN cases | x.case_number] AS case_numbers,
       reduce(s = 0.0, x IN cases | s + coalesce(x.amount, 0.0)) AS amount,
       [e] + cases AS evidence_nodes, parties AS evidence_rels
LIMIT $limit
