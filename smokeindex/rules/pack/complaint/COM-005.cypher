/*---
id: COM-005
name: 投诉反映老年人群体被诱导投资
description: 投诉内容同时涉及老年人（老人、养老、退休、床位）和交款投资（预订款、理财、收益、返还），反映企业以养老服务等名义向老年人集资。
dimension: complaint
typologies: [illegal_fundraising]
severity: 0.6
params:
  elderly_words: {type: string, default: "老人,养老,退休,老年,床位", zh: 涉老用语（逗号分隔）}
  money_words: {type: string, default: "预订款,理财,年化,月息,返还,收益,保本,本金", zh: 交款投资用语（逗号分隔）}
  min_complaints: {type: integer, default: 1, min: 1, zh: 投诉数下限}
basis: 《防范和处置非法集资条例》第十九条；民政部等《关于加强养老服务领域非法集资风险防范的通知》
explanation: "{subject_name}有{n}起投诉反映老年人被诱导交款投资，例如：“{sample}”。"
---*/
MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise)
WHERE ANY(w IN split($elderly_words, ',') WHERE coalesce(c.text, '') CONTAINS w)
  AND ANY(w IN split($money_words, ',') WHERE coalesce(c.text, '') CONTAINS w)
WITH e, collect(c) AS cs, collect(r) AS rels
WHERE size(cs) >= $min_complaints
RETURN e AS subject, size(cs) AS n, cs[0].text AS sample,
       CASE WHEN size(cs) >= 3 THEN 1.0 ELSE 0.6 + 0.15 * size(cs) END AS strength,
       [e] + cs[0..50] AS evidence_nodes, rels[0..50] AS evidence_rels
LIMIT $limit
