/*---
id: DEB-003
name: 多名自然人资金汇入企业后层层流向实际控制人个人账户
description: 企业账户收到大量自然人转入的资金，随后经一至数层账户划转流入其实际控制人（或法定代表人）的个人账户，属于公私账户混用、侵占归集资金的典型路径，企业对投资人的兑付能力被掏空。
dimension: debt
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.8
params:
  min_payers: {type: integer, default: 10, min: 1, zh: 转入自然人最少人数}
  max_hops: {type: integer, default: 3, min: 1, max: 4, literal: true, zh: 流向控制人的最大划转层数}
basis: 《防范和处置非法集资条例》第二条、第二十八条（涉案资金追缴）；《刑法》第一百九十二条（集资诈骗：以非法占有为目的）；《人民币银行结算账户管理办法》第三十九条（单位资金不得转入个人账户）
explanation: "{subject_name}收到{payers}名自然人转入资金共{raised}元，资金经{hops}层划转流入其{tie}{controller}的个人账户。"
---*/
MATCH (c:Person)-[ctl:CONTROLS|LEGAL_REP_OF]->(e:Enterprise)-[h:HAS_ACCOUNT]->(ea:BankAccount)
MATCH (inv:Person)-[:HAS_ACCOUNT]->(:BankAccount)-[tin:TRANSFERRED_TO]->(ea)
WHERE inv <> c
WITH c, ctl, e, h, ea, count(DISTINCT inv) AS payers, sum(tin.amount) AS raised
WHERE payers >= $min_payers
MATCH (c)-[hc:HAS_ACCOUNT]->(ca:BankAccount)
MATCH flow = (ea)-[:TRANSFERRED_TO*1..{max_hops}]->(ca)
WITH c, ctl, e, h, ea, payers, raised, hc, collect(flow) AS flows, min(length(flow)) AS hops
WITH c, ctl, e, h, ea, payers, raised, hc, hops, [f IN flows WHERE length(f) = hops][0] AS best
RETURN e AS subject, payers, raised, hops, c.name AS controller,
       CASE type(ctl) WHEN 'CONTROLS' THEN '实际控制人' ELSE '法定代表人' END AS tie,
       CASE WHEN payers >= 3 * $min_payers THEN 1.0 ELSE 0.7 + 0.15 * (payers - $min_payers) / toFloat($min_payers) END AS strength,
       [c] + nodes(best) AS evidence_nodes, [ctl, h, hc] + relationships(best) AS evidence_rels
LIMIT $limit
