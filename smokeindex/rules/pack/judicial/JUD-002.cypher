/*---
id: JUD-002
name: 无放贷资质却频繁起诉多名借款人（职业放贷）
description: 未取得放贷许可的企业或个人作为原告，对多名不同的自然人提起民间借贷诉讼，符合“职业放贷人”“套路贷”以诉讼催收的特征；持牌小额贷款公司不在此列。
dimension: judicial
typologies: [illegal_lending]
severity: 0.7
params:
  causes: {type: string, default: "民间借贷纠纷,小额借款合同纠纷", zh: 案由（逗号分隔）}
  min_cases: {type: integer, default: 3, min: 1, zh: 最少起诉案件数}
  min_borrowers: {type: integer, default: 3, min: 1, zh: 最少被告借款人数}
  licence_keyword: {type: string, default: "小额贷款", zh: 放贷资质关键词（经营范围或许可）}
basis: 最高人民法院、最高人民检察院、公安部、司法部《关于办理非法放贷刑事案件若干问题的意见》第一条（二年内向不特定多人以借款或其他名义出借资金十次以上）；《全国法院民商事审判工作会议纪要》第53条（职业放贷人）；《刑法》第二百二十五条
explanation: "{subject_name}未见放贷资质，却作为原告对{borrowers_n}名自然人提起{n}起借贷诉讼（案号：{case_numbers}），单笔标的{min_amount}至{max_amount}元，具有职业放贷特征。"
---*/
MATCH (x)-[px:PARTY_TO]->(c:JudicialCase)<-[pd:PARTY_TO]-(b:Person)
WHERE c.cause IN split($causes, ',') AND px.role = '原告' AND pd.role IN ['被告', '被执行人']
  AND (x:Enterprise OR x:Person) AND x <> b
  AND NOT coalesce(x.business_scope, '') CONTAINS $licence_keyword
  AND NOT $licence_keyword IN coalesce(x.licences, [])
WITH x, collect(DISTINCT c) AS cases, collect(DISTINCT b) AS borrowers, collect(DISTINCT px) + collect(DISTINCT pd) AS rels
WHERE size(cases) >= $min_cases AND size(borrowers) >= $min_borrowers
RETURN x AS subject, size(cases) AS n, size(borrowers) AS borrowers_n, [c IN cases | c.case_number] AS case_numbers,
       reduce(m = 1.0e18, c IN cases | CASE WHEN coalesce(c.amount, 1.0e18) < m THEN c.amount ELSE m END) AS min_amount,
       reduce(m = 0.0, c IN cases | CASE WHEN coalesce(c.amount, 0.0) > m THEN c.amount ELSE m END) AS max_amount,
       CASE WHEN size(cases) >= 2 * $min_cases THEN 1.0 ELSE 0.6 + 0.4 * (size(cases) - $min_cases) / toFloat($min_cases) END AS strength,
       cases + borrowers AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
