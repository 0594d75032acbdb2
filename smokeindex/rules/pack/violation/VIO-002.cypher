/*---
id: VIO-002
name: 无放贷资质向不特定多人发放贷款
description: 未取得小额贷款等放贷资质的企业，通过对公账户向众多自然人发放借款，符合“职业放贷、非法放贷”特征。持牌小额贷款公司（行业代码 J66、经营范围载明许可证号）不在此列。
dimension: violation
typologies: [illegal_lending]
severity: 0.8
params:
  loan_memos: {type: string, default: "放款,借款,贷款发放", zh: 放款类交易摘要（逗号分隔）}
  min_borrowers: {type: integer, default: 10, min: 2, zh: 借款人（不同自然人）数下限}
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
basis: 最高人民法院、最高人民检察院、公安部、司法部《关于办理非法放贷刑事案件若干问题的意见》第一条（未经批准以营利为目的经常性向社会不特定对象发放贷款）；《刑法》第二百二十五条
explanation: "{subject_name}无放贷资质（行业代码{industry}），却通过对公账户向{borrowers}名自然人放款{loans}笔，合计{total}元。"
---*/
MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(ea:BankAccount)-[t:TRANSFERRED_TO]->(ba:BankAccount)<-[:HAS_ACCOUNT]-(b:Person)
WHERE t.memo IN split($loan_memos, ',')
  AND size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
WITH e, collect(DISTINCT b) AS people, collect(DISTINCT ea) AS accounts, collect(t) AS txns, sum(t.amount) AS total
WHERE size(people) >= $min_borrowers
RETURN e AS subject, size(people) AS borrowers, size(txns) AS loans, total,
       coalesce(e.industry_code, '未知') AS industry,
       CASE WHEN size(people) >= 3 * $min_borrowers THEN 1.0
            ELSE 0.6 + 0.4 * toFloat(size(people)) / (3.0 * $min_borrowers) END AS strength,
       [e] + accounts + people[0..20] AS evidence_nodes, txns[0..50] AS evidence_rels
LIMIT $limit
