/*---
id: DEB-004
name: 被执行债务远超实缴资本
description: 企业作为被执行人或失信被执行人的标的合计远超其实缴资本，表明资不抵债、对外债务无力清偿，若其仍在吸收资金，兑付风险极高。
dimension: debt
typologies: [illegal_fundraising, illegal_lending]
severity: 0.6
params:
  min_amount: {type: number, default: 200000, min: 0, zh: 被执行标的合计下限（元）}
  capital_multiple: {type: number, default: 2, min: 0, zh: 被执行标的/实缴资本倍数下限}
basis: 《企业破产法》第二条（不能清偿到期债务且资产不足以清偿全部债务）；《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条
explanation: "{subject_name}被执行标的合计{amount}元（{n}案：{case_numbers}），实缴资本仅{paid_in}万元，{coverage}。"
---*/
MATCH (e:Enterprise)-[p:PARTY_TO]->(c:JudicialCase)
WHERE c.kind IN ['enforcement', 'dishonest_debtor'] AND p.role IN ['被执行人', '失信被执行人']
WITH e, collect(DISTINCT c) AS cases, collect(DISTINCT p) AS rels
WITH e, cases, rels, reduce(s = 0.0, x IN cases | s + coalesce(x.amount, 0.0)) AS amount,
     coalesce(e.paid_in_capital, 0.0) * 10000 AS paid_yuan
WHERE amount >= $min_amount AND amount >= $capital_multiple * paid_yuan
RETURN e AS subject, amount, size(cases) AS n, [x IN cases | x.case_number] AS case_numbers,
       coalesce(e.paid_in_capital, 0.0) AS paid_in,
       CASE WHEN paid_yuan > 0 THEN '债务约为实缴资本的' + toString(toInteger(amount / paid_yuan)) + '倍'
            ELSE '股东未实缴出资，债务无资本覆盖' END AS coverage,
       CASE WHEN paid_yuan = 0 OR amount >= 10 * paid_yuan THEN 1.0 ELSE 0.7 END AS strength,
       [e] + cases AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
