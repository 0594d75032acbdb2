/*---
id: COM-002
name: 投诉反映停止兑付、无法提现或跑路
description: 投诉内容反映企业停止兑付、无法提现、拒绝退出、利息拖延、人去楼空、平台关闭等兑付危机迹象，是非法集资资金链断裂的直接信号。
dimension: complaint
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.8
params:
  words: {type: string, default: "停止兑付,无法兑付,拒绝兑付,无法提现,提现不了,跑路,人去楼空,门店已关门,电话关机,百般推脱,利息经常拖延,平台已经关闭,追回本金,返本无望,逾期未兑付", zh: 兑付危机用语（逗号分隔）}
  min_complaints: {type: integer, default: 1, min: 1, zh: 投诉数下限}
basis: 《防范和处置非法集资条例》第二十条（风险排查）、第二十二条（处置）
explanation: "{subject_name}有{n}起投诉反映兑付危机（{words_found}），最早一起受理于{first_at}，例如：“{sample}”。"
---*/
MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise)
WITH e, c, r, [w IN split($words, ',') WHERE coalesce(c.text, '') CONTAINS w] AS found
WHERE size(found) > 0
WITH e, collect(c) AS cs, collect(r) AS rels, collect(found) AS founds
WHERE size(cs) >= $min_complaints
RETURN e AS subject, size(cs) AS n,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       substring(reduce(m = '9999', x IN cs | CASE WHEN coalesce(x.received_at, '9999') < m THEN x.received_at ELSE m END), 0, 10) AS first_at,
       cs[0].text AS sample,
       CASE WHEN size(cs) >= 3 THEN 1.0 ELSE 0.6 + 0.15 * size(cs) END AS strength,
       [e] + cs[0..50] AS evidence_nodes, rels[0..50] AS evidence_rels
LIMIT $limit
