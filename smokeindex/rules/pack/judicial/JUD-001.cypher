/*---
id: JUD-001
name: 被多名自然人以借贷或理财纠纷起诉
description: 企业在一段时期内被多名自然人以民间借贷、委托理财、合同纠纷等案由起诉，常见于向社会公众吸收资金后无法兑付的平台（群体性投资人诉讼）。
dimension: judicial
typologies: [illegal_fundraising]
severity: 0.6
params:
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,合同纠纷,储蓄存款合同纠纷", zh: 案由（逗号分隔）}
  min_cases: {type: integer, default: 2, min: 1, zh: 最少案件数}
  since: {type: string, default: "", zh: 立案日期起（ISO 日期，空为不限）}
basis: 《防范和处置非法集资条例》第十三条（监测预警：群体性投诉、诉讼）；《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第五条（涉嫌非法集资的民间借贷案件移送）
explanation: "{subject_name}作为被告被{plaintiffs_n}名自然人起诉{n}起（案由：{causes_found}；案号：{case_numbers}），诉讼标的合计{amount}元。"
---*/
MATCH (pl:Person)-[pp:PARTY_TO]->(c:JudicialCase)<-[pd:PARTY_TO]-(e:Enterprise)
WHERE c.kind = 'judgment' AND c.cause IN split($causes, ',') AND pp.role = '原告' AND pd.role IN ['被告', '被告单位']
  AND coalesce(c.filed_on, '') >= $since
WITH e, collect(DISTINCT c) AS cases, collect(DISTINCT pl) AS plaintiffs, collect(DISTINCT pp) + collect(DISTINCT pd) AS rels
WHERE size(cases) >= $min_cases
RETURN e AS subject, size(cases) AS n, size(plaintiffs) AS plaintiffs_n,
       [x IN cases | x.cause] AS causes_found, [x IN cases | x.case_number] AS case_numbers,
       reduce(s = 0.0, x IN cases | s + coalesce(x.amount, 0.0)) AS amount,
       CASE WHEN size(cases) >= 2 * $min_cases THEN 1.0 ELSE 0.6 + 0.4 * (size(cases) - $min_cases) / toFloat($min_cases) END AS strength,
       cases + plaintiffs AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
