/*---
id: COM-003
name: 投诉量在后半段急剧上升
description: 以企业首起与最近一起投诉的时间中点为界，后半段投诉数达到前半段的数倍，呈加速上升态势。集资平台临近资金链断裂时投诉集中爆发；正常商家的退费投诉则大体均匀分布。
dimension: complaint
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  min_total: {type: integer, default: 4, min: 2, zh: 投诉总数下限}
  min_ratio: {type: number, default: 2.5, min: 1, zh: 后半段/前半段投诉数倍数下限}
basis: 《防范和处置非法集资条例》第十三条（监测预警）、第十五条（举报核查）
explanation: "{subject_name}共被投诉{n}次（{first_at}至{last_at}），以时间中点为界，后半段{late}次、前半段{early}次，增长{ratio}倍。"
---*/
MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise)
WHERE c.received_at IS NOT NULL
WITH e, c, r, toInteger(substring(c.received_at, 0, 4)) * 372 + toInteger(substring(c.received_at, 5, 2)) * 31
              + toInteger(substring(c.received_at, 8, 2)) AS d
WITH e, collect(c) AS cs, collect(r) AS rels, collect(d) AS ds, min(d) AS lo, max(d) AS hi
WHERE size(cs) >= $min_total AND hi > lo
WITH e, cs, rels, [i IN range(0, size(ds) - 1) WHERE ds[i] * 2 > lo + hi] AS late_idx
WITH e, cs, rels, size(late_idx) AS late, size(cs) - size(late_idx) AS early, late_idx
WHERE early > 0 AND toFloat(late) >= $min_ratio * early
RETURN e AS subject, size(cs) AS n, late, early, round(100.0 * late / early) / 100.0 AS ratio,
       substring(reduce(m = '9999', x IN cs | CASE WHEN x.received_at < m THEN x.received_at ELSE m END), 0, 10) AS first_at,
       substring(reduce(m = '0000', x IN cs | CASE WHEN x.received_at > m THEN x.received_at ELSE m END), 0, 10) AS last_at,
       CASE WHEN toFloat(late) >= 2.0 * $min_ratio * early THEN 1.0 ELSE 0.75 END AS strength,
       [e] + [i IN late_idx | cs[i]][0..50] AS evidence_nodes, [i IN late_idx | rels[i]][0..50] AS evidence_rels
LIMIT $limit
