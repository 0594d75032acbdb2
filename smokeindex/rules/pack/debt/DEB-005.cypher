/*---
id: DEB-005
name: 无放贷资质却向多名自然人频繁出借资金
description: 未取得放贷资质的企业或个人以“放款”“贷款发放”“借款”等名义向多名不同自然人多次划出资金，并收取还款或逾期费，符合非法放贷（职业放贷、套路贷）的资金特征；持牌小额贷款公司不在此列。
dimension: debt
typologies: [illegal_lending]
severity: 0.7
params:
  loan_memos: {type: string, default: "放款,贷款发放,借款", zh: 出借摘要（逗号分隔）}
  fee_memos: {type: string, default: "逾期费,利息,贷款还款", zh: 回收摘要（逗号分隔）}
  min_borrowers: {type: integer, default: 10, min: 1, zh: 借款人最少人数}
  min_loans: {type: integer, default: 10, min: 1, zh: 出借最少笔数}
  since: {type: string, default: "", zh: 统计起始时间（ISO，空为不限；司法解释按二年计）}
  licence_keyword: {type: string, default: "小额贷款", zh: 放贷资质关键词（经营范围或许可）}
basis: 最高人民法院、最高人民检察院、公安部、司法部《关于办理非法放贷刑事案件若干问题的意见》第一条（二年内向不特定多人出借资金十次以上）；《刑法》第二百二十五条第四项
explanation: "{subject_name}未见放贷资质，却以{memos}名义向{borrowers_n}名自然人出借{loans}笔共{lent}元，其中{fee_payers}人又向其支付逾期费或利息等款项。"
---*/
MATCH (x)-[h:HAS_ACCOUNT]->(xa:BankAccount)-[t:TRANSFERRED_TO]->(ba:BankAccount)<-[hb:HAS_ACCOUNT]-(b:Person)
WHERE t.memo IN split($loan_memos, ',') AND coalesce(t.at, '') >= $since AND (x:Enterprise OR x:Person) AND x <> b
  AND NOT coalesce(x.business_scope, '') CONTAINS $licence_keyword
  AND NOT $licence_keyword IN coalesce(x.licences, [])
WITH x, collect(DISTINCT b) AS borrowers, collect(DISTINCT t) AS loans, collect(DISTINCT xa) AS xaccts, collect(DISTINCT ba) AS baccts
WHERE size(borrowers) >= $min_borrowers AND size(loans) >= $min_loans
UNWIND xaccts AS xa2
OPTIONAL MATCH (fa:BankAccount)-[f:TRANSFERRED_TO]->(xa2)
WHERE f.memo IN split($fee_memos, ',') AND fa IN baccts
WITH x, borrowers, loans, xaccts, collect(DISTINCT f) AS fees, collect(DISTINCT fa) AS fee_accts
RETURN x AS subject, size(borrowers) AS borrowers_n, size(loans) AS loans,
       reduce(s = 0.0, t IN loans | s + t.amount) AS lent, size(fee_accts) AS fee_payers,
       reduce(m = [], t IN loans | CASE WHEN t.memo IN m THEN m ELSE m + t.memo END) AS memos,
       CASE WHEN size(fees) > 0 THEN 1.0 ELSE 0.7 END AS strength,
       borrowers[0..30] + xaccts AS evidence_nodes, loans[0..50] + fees[0..50] AS evidence_rels
LIMIT $limit
