/*---
id: OPE-004
name: 吊销、注销或经营异常企业仍有大额资金往来
description: 企业登记状态为吊销、注销或列入经营异常名录，账户却仍有大额资金流入并快速转出，可能被用作资金通道（过桥、归集或转移涉案资金）。
dimension: operational
typologies: [illegal_fundraising, illegal_lending]
severity: 0.5
params:
  statuses: {type: string, default: "吊销,注销,经营异常", zh: 登记状态（逗号分隔）}
  min_in_amount: {type: number, default: 500000, min: 0, zh: 转入金额下限（元）}
  min_out_share: {type: number, default: 0.8, min: 0, zh: 转出/转入金额比下限（快进快出）}
basis: 《企业信息公示暂行条例》第十七条（列入经营异常名录）；《市场主体登记管理条例》第四十条；《防范和处置非法集资条例》第十三条（资金监测）
explanation: "{subject_name}登记状态为“{status}”，但仍有{in_n}笔资金转入共{in_amount}元、转出{out_amount}元（转出/转入{out_share}）。"
---*/
MATCH (e:Enterprise)
WHERE e.status IN split($statuses, ',') AND coalesce(e.f_in_amount, 0.0) >= $min_in_amount
  AND coalesce(e.f_out_amount, 0.0) >= $min_out_share * e.f_in_amount
OPTIONAL MATCH (e)-[h:HAS_ACCOUNT]->(acct:BankAccount)
WITH e, collect(DISTINCT acct) AS accts, collect(DISTINCT h) AS hs
RETURN e AS subject, e.status AS status, e.f_in_transfers AS in_n, e.f_in_amount AS in_amount,
       e.f_out_amount AS out_amount, e.f_out_amount / e.f_in_amount AS out_share,
       CASE WHEN e.f_in_amount >= 4 * $min_in_amount THEN 1.0 ELSE 0.6 + 0.4 * (e.f_in_amount - $min_in_amount) / (3 * $min_in_amount + 1) END AS strength,
       [e] + accts AS evidence_nodes, hs AS evidence_rels
LIMIT $limit
