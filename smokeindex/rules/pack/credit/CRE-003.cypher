/*---
id: CRE-003
name: 企业因借贷或理财纠纷被强制执行
description: 企业因民间借贷、委托理财等纠纷被列为被执行人，说明其对出借人、投资人负有到期未偿债务，资金链紧张。一般买卖合同执行案件不计入（可通过参数调整）。
dimension: credit
typologies: [illegal_fundraising, illegal_lending]
severity: 0.5
params:
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,小额借款合同纠纷,借款合同纠纷,非法吸收公众存款,集资诈骗", zh: 案由（逗号分隔）}
  min_amount: {type: number, default: 100000, min: 0, zh: 执行标的合计下限（元）}
basis: 《民事诉讼法》第二百四十七条及以下（执行程序）；《防范和处置非法集资条例》第十三条（监测预警）
explanation: "{subject_name}因{causes_found}被强制执行{n}次，执行标的合计{total}元（{case_numbers}）。"
---*/
MATCH (e:Enterprise)-[r:PARTY_TO]->(j:JudicialCase)
WHERE j.kind IN ['enforcement', 'dishonest_debtor'] AND j.cause IN split($causes, ',')
WITH e, collect(DISTINCT j) AS cases, collect(r) AS rels, sum(coalesce(j.amount, 0.0)) AS total,
     collect(DISTINCT j.cause) AS causes_found
WHERE total >= $min_amount
RETURN e AS subject, size(cases) AS n, total, causes_found, [x IN cases | x.case_number] AS case_numbers,
       CASE WHEN total >= 10.0 * $min_amount THEN 1.0 ELSE 0.6 + 0.04 * total / $min_amount END AS strength,
       [e] + cases AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
