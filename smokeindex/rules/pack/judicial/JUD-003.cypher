/*---
id: JUD-003
name: 因借贷或理财纠纷被强制执行
description: 企业因民间借贷、委托理财等资金类纠纷成为被执行人（失信被执行人另见 JUD-004），执行标的较大，说明其对外负有到期未偿的资金债务，常见于以借款名义吸收资金后无力兑付。
dimension: judicial
typologies: [illegal_fundraising]
severity: 0.5
params:
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,小额借款合同纠纷,合同纠纷", zh: 案由（逗号分隔）}
  min_amount: {type: number, default: 300000, min: 0, zh: 执行标的合计下限（元）}
basis: 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第五条；《防范和处置非法集资条例》第十三条（监测预警）
explanation: "{subject_name}因{causes_found}被列为被执行人{n}次（案号：{case_numbers}），执行标的合计{amount}元。"
---*/
MATCH (e:Enterprise)-[p:PARTY_TO]->(c:JudicialCase)
WHERE c.kind = 'enforcement' AND c.cause IN split($causes, ',')
  AND p.role = '被执行人'
WITH e, collect(DISTINCT c) AS cases, collect(DISTINCT p) AS rels
WITH e, cases, rels, reduce(s = 0.0, x IN cases | s + coalesce(x.amount, 0.0)) AS amount
WHERE amount >= $min_amount
RETURN e AS subject, size(cases) AS n, amount, [x IN cases | x.cause] AS causes_found,
       [x IN cases | x.case_number] AS case_numbers,
       CASE WHEN amount >= 3 * $min_amount OR $min_amount = 0 THEN 1.0 ELSE 0.6 + 0.2 * (amount - $min_amount) / $min_amount END AS strength,
       [e] + cases AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
