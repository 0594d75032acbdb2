/*---
id: BUS-006
name: 自然人以个人账户向众多人放款并收取还款（职业放贷）
description: 自然人通过个人账户向众多不同的人发放借款，并从这些借款人处收回还款、逾期费，具备职业放贷人特征；常为套路贷团伙中的出借人。
dimension: business
typologies: [illegal_lending]
severity: 0.7
params:
  loan_memos: {type: string, default: "放款,借款,贷款发放", zh: 放款类交易摘要（逗号分隔）}
  repay_memos: {type: string, default: "还款,逾期费,利息,平台费,服务费", zh: 还款类交易摘要（逗号分隔）}
  min_borrowers: {type: integer, default: 5, min: 2, zh: 借款人数下限}
basis: 《关于办理非法放贷刑事案件若干问题的意见》第一条（2 年内向不特定多人以借款名义出借资金 10 次以上）；最高人民法院《全国法院民商事审判工作会议纪要》第五十三条（职业放贷人）
explanation: "{subject_name}以个人账户向{borrowers}名自然人放款{loans}笔（合计{total}元），并从其中{repayers}人处收回还款或逾期费{repays}笔。"
---*/
MATCH (l:Person)-[:HAS_ACCOUNT]->(la:BankAccount)-[t:TRANSFERRED_TO]->(:BankAccount)<-[:HAS_ACCOUNT]-(b:Person)
WHERE t.memo IN split($loan_memos, ',') AND b <> l
WITH l, collect(DISTINCT b) AS people, collect(t) AS txs, sum(t.amount) AS total, collect(DISTINCT la) AS accts
WHERE size(people) >= $min_borrowers
OPTIONAL MATCH (l)-[:HAS_ACCOUNT]->(:BankAccount)<-[t2:TRANSFERRED_TO]-(:BankAccount)<-[:HAS_ACCOUNT]-(b2:Person)
WHERE t2.memo IN split($repay_memos, ',') AND b2 IN people
WITH l, people, txs, total, accts, collect(t2) AS back, count(DISTINCT b2) AS repayers
RETURN l AS subject, size(people) AS borrowers, size(txs) AS loans, total, repayers, size(back) AS repays,
       CASE WHEN repayers = 0 THEN 0.5
            WHEN size(people) >= 3 * $min_borrowers THEN 1.0
            ELSE 0.6 + 0.4 * toFloat(size(people)) / (3.0 * $min_borrowers) END AS strength,
       [l] + accts + people[0..20] AS evidence_nodes, txs[0..30] + back[0..30] AS evidence_rels
LIMIT $limit
