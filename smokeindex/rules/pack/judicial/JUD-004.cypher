/*---
id: JUD-004
name: 被列为失信被执行人
description: 企业或自然人被人民法院列入失信被执行人名单（有履行能力而拒不履行生效法律文书确定的义务），如同时对外吸收资金，风险极高。
dimension: judicial
typologies: [illegal_fundraising, illegal_lending]
severity: 0.6
params:
  min_amount: {type: number, default: 0, min: 0, zh: 失信案件标的合计下限（元）}
basis: 《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条；《民事诉讼法》第二百六十六条
explanation: "{subject_name}被列为失信被执行人{n}次（案号：{case_numbers}；法院：{courts}），涉及金额合计{amount}元。"
---*/
MATCH (x)-[p:PARTY_TO]->(c:JudicialCase)
WHERE c.kind = 'dishonest_debtor' AND p.role IN ['被执行人', '失信被执行人'] AND (x:Enterprise OR x:Person)
WITH x, collect(DISTINCT c) AS cases, collect(DISTINCT p) AS rels
WITH x, cases, rels, reduce(s = 0.0, c IN cases | s + coalesce(c.amount, 0.0)) AS amount
WHERE amount >= $min_amount
RETURN x AS subject, size(cases) AS n, amount, [c IN cases | c.case_number] AS case_numbers,
       [c IN cases | coalesce(c.court, '未载明')] AS courts,
       [x] + cases AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
