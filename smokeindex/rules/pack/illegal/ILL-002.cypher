/*---
id: ILL-002
name: 法定代表人、高管或实际控制人为涉众型经济犯罪被告人
description: 企业的法定代表人、主要人员、实际控制人或主要股东在非法吸收公众存款、集资诈骗、组织领导传销活动等刑事案件中为被告人，该企业可能是其继续作案或转移资产的载体。
dimension: illegal
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.8
params:
  causes: {type: string, default: "非法吸收公众存款,集资诈骗,组织、领导传销活动", zh: 案由（逗号分隔）}
  roles: {type: string, default: "被告人,被告", zh: 诉讼地位（逗号分隔）}
  min_share: {type: number, default: 0.2, min: 0, max: 1, zh: 作为股东时的最低持股比例}
basis: 《刑法》第一百七十六条、第一百九十二条、第二百二十四条之一；《防范和处置非法集资条例》第十五条（对涉嫌非法集资的关联主体开展调查）；《公司法》第一百七十八条（任职资格）
explanation: "{subject_name}的{ties}（{persons}）系刑事案件被告人（案由：{causes_found}；案号：{case_numbers}）。"
---*/
MATCH (p:Person)-[pt:PARTY_TO]->(c:JudicialCase)
WHERE c.cause IN split($causes, ',') AND pt.role IN split($roles, ',')
MATCH (p)-[r:LEGAL_REP_OF|EXECUTIVE_OF|CONTROLS|SHAREHOLDER_OF]->(e:Enterprise)
WHERE type(r) <> 'SHAREHOLDER_OF' OR coalesce(r.ratio, 0.0) >= $min_share
WITH e, collect(DISTINCT p) AS ps, collect(DISTINCT c) AS cases, collect(DISTINCT pt) AS pts, collect(DISTINCT r) AS rs
RETURN e AS subject, [x IN ps | x.name] AS persons,
       [x IN rs | CASE type(x) WHEN 'LEGAL_REP_OF' THEN '法定代表人' WHEN 'CONTROLS' THEN '实际控制人'
                  WHEN 'SHAREHOLDER_OF' THEN '股东' ELSE coalesce(x.role, '主要人员') END] AS ties,
       [x IN cases | x.cause] AS causes_found, [x IN cases | x.case_number] AS case_numbers,
       CASE WHEN size(ps) >= 2 THEN 1.0 ELSE 0.8 END AS strength,
       ps + cases AS evidence_nodes, rs + pts AS evidence_rels
LIMIT $limit
