/*---
id: DEB-002
name: 向出资自然人回付收益（借新还旧）
description: 多名自然人向企业账户转入投资款、理财款，企业账户又向同一批人支付“收益”“返利”“利息”“分红”，形成以后期资金兑付前期收益的刚性兑付负债，是庞氏骗局的资金特征。
dimension: debt
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  payout_memos: {type: string, default: "收益,返利,利息,分红,奖金", zh: 回付摘要（逗号分隔）}
  min_persons: {type: integer, default: 5, min: 1, zh: 既出资又获回付的自然人最少人数}
basis: 《防范和处置非法集资条例》第二条（承诺在一定期限内还本付息或者给付回报）；《最高人民法院关于审理非法集资刑事案件具体应用法律若干问题的解释》第一条
explanation: "{subject_name}账户收到{n}名自然人转入资金共{paid_in}元，又以{memos}名义向其中同一批人回付{paid_out}元，呈借新还旧特征。"
---*/
MATCH (e:Enterprise)-[h:HAS_ACCOUNT]->(ea:BankAccount)-[tout:TRANSFERRED_TO]->(pa:BankAccount)<-[hp:HAS_ACCOUNT]-(p:Person)
WHERE tout.memo IN split($payout_memos, ',')
MATCH (pa)-[tin:TRANSFERRED_TO]->(ea2:BankAccount)<-[h2:HAS_ACCOUNT]-(e)
WHERE NOT coalesce(tin.memo, '') IN split($payout_memos, ',')
WITH e, p, collect(DISTINCT tout) AS outs, collect(DISTINCT tin) AS ins, collect(DISTINCT ea) + collect(DISTINCT ea2) AS eaccts
WITH e, collect(p) AS ps, collect(outs) AS out_lists, collect(ins) AS in_lists, collect(eaccts) AS acct_lists
WHERE size(ps) >= $min_persons
WITH e, ps, reduce(a = [], l IN out_lists | a + l) AS outs, reduce(a = [], l IN in_lists | a + l) AS ins,
     reduce(a = [], l IN acct_lists | a + [x IN l WHERE NOT x IN a]) AS eaccts
RETURN e AS subject, size(ps) AS n,
       reduce(s = 0.0, t IN ins | s + t.amount) AS paid_in, reduce(s = 0.0, t IN outs | s + t.amount) AS paid_out,
       reduce(m = [], t IN outs | CASE WHEN t.memo IN m THEN m ELSE m + t.memo END) AS memos,
       CASE WHEN size(ps) >= 3 * $min_persons THEN 1.0 ELSE 0.6 + 0.2 * (size(ps) - $min_persons) / toFloat($min_persons) END AS strength,
       ps[0..20] + eaccts AS evidence_nodes, outs[0..50] + ins[0..50] AS evidence_rels
LIMIT $limit
