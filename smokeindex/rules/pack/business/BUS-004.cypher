/*---
id: BUS-004
name: 资金转入零实缴的关联壳公司
description: 企业把资金转往与其共用法定代表人、高管、股东、实际控制人或联系方式，且认缴资本却实缴为零的关联企业账户（资金池、层层归集），是集资资金被转移、隐匿的典型路径。集团内部正常资金归集的成员企业均已实缴，不受影响；与无关联的零实缴企业之间的正常货款往来也不计入。
dimension: business
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  min_persons: {type: integer, default: 0, min: 0, zh: 转入自然人数下限（0 表示不限）}
  min_shells: {type: integer, default: 1, min: 1, zh: 转出至零实缴企业数下限}
basis: 《防范和处置非法集资条例》第二十六条（查封、冻结、追缴涉案资金）；《反洗钱法》第三十五条（可疑交易）
explanation: "{subject_name}（收到{persons}名自然人转入资金）向{n_shells}家与其存在人员或联系方式关联、实缴资本为零的企业（{shell_names}）转出{out_txns}笔，合计{out_total}元。"
---*/
// 先由零实缴企业出发收集与之关联的企业（同一人员、共用标识），再核对资金流向；
// 比对每笔转账逐一检查关联模式快一个数量级（10 万企业规模 4.1 s → 0.4 s）。
MATCH (s:Enterprise)
WHERE coalesce(s.paid_in_capital, 0.0) = 0 AND coalesce(s.registered_capital, 0.0) > 0
OPTIONAL MATCH (s)<-[:LEGAL_REP_OF|EXECUTIVE_OF|SHAREHOLDER_OF|CONTROLS]-()-[:LEGAL_REP_OF|EXECUTIVE_OF|SHAREHOLDER_OF|CONTROLS]->(r1:Enterprise)
WITH s, collect(DISTINCT r1) AS rel1
OPTIONAL MATCH (s)-[:SHARES_IDENTIFIER]-(r2:Enterprise)
WITH s, rel1, collect(DISTINCT r2) AS rel2
WITH s, rel1 + rel2 AS related
WHERE size(related) > 0
MATCH (s)-[:HAS_ACCOUNT]->(sa:BankAccount)<-[t:TRANSFERRED_TO]-(ea:BankAccount)<-[:HAS_ACCOUNT]-(e:Enterprise)
WHERE e <> s AND e IN related
WITH e, collect(DISTINCT s) AS shells, collect(DISTINCT ea) + collect(DISTINCT sa) AS accounts, collect(t) AS txs,
     sum(t.amount) AS out_total
OPTIONAL MATCH (e)-[:HAS_ACCOUNT]->(:BankAccount)<-[:TRANSFERRED_TO]-(:BankAccount)<-[:HAS_ACCOUNT]-(p:Person)
WITH e, shells, accounts, txs, out_total, count(DISTINCT p) AS persons
WHERE persons >= $min_persons
WITH e, persons, shells, accounts, txs, out_total
WHERE size(shells) >= $min_shells
RETURN e AS subject, persons, size(shells) AS n_shells, [x IN shells | x.name] AS shell_names,
       size(txs) AS out_txns, out_total,
       CASE WHEN size(shells) >= 3 THEN 1.0 ELSE 0.6 + 0.13 * size(shells) END AS strength,
       [e] + shells + accounts AS evidence_nodes, txs[0..50] AS evidence_rels
LIMIT $limit
