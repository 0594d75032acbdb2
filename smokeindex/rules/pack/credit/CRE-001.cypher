/*---
id: CRE-001
name: 企业被列为失信被执行人
description: 企业被人民法院列入失信被执行人名单，说明其有履行能力而拒不履行生效判决，或资金链已断裂、无力兑付。因民间借贷、委托理财等涉融资纠纷失信的按全强度计入，因一般买卖合同等纠纷失信的按较低强度计入。
dimension: credit
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.7
params:
  min_cases: {type: integer, default: 1, min: 1, zh: 失信记录数下限}
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,小额借款合同纠纷,借款合同纠纷,非法吸收公众存款,集资诈骗", zh: 涉融资案由（逗号分隔；其他案由的失信记录按较低强度计入）}
basis: 《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条；《关于加快推进失信被执行人信用监督、警示和惩戒机制建设的意见》
explanation: "{subject_name}被列为失信被执行人{n}次（{case_numbers}），案由：{causes_found}，涉及金额合计{total}元。"
---*/
MATCH (e:Enterprise)-[r:PARTY_TO]->(j:JudicialCase)
WHERE j.kind = 'dishonest_debtor'
WITH e, collect(DISTINCT j) AS cases, collect(r) AS rels, sum(coalesce(j.amount, 0.0)) AS total
WHERE size(cases) >= $min_cases
RETURN e AS subject, size(cases) AS n, [x IN cases | x.case_number] AS case_numbers,
       [x IN cases | coalesce(x.cause, '未载明')] AS causes_found, total,
       CASE WHEN ANY(x IN cases WHERE x.cause IN split($causes, ',')) THEN 1.0 ELSE 0.4 END AS strength,
       [e] + cases AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
