/*---
id: COM-004
name: 投诉反映套路贷、砍头息或暴力催收
description: 投诉内容反映借款被预扣“服务费”（砍头息）、实际利率畸高、逾期后暴力催收、上门威胁、骚扰家人等套路贷特征。
dimension: complaint
typologies: [illegal_lending]
severity: 0.8
params:
  words: {type: string, default: "套路贷,砍头息,暴力催收,上门威胁,骚扰我的家人,催收电话,阴阳合同,虚增债务,实际到账只有,日息千分之", zh: 套路贷用语（逗号分隔）}
  min_complaints: {type: integer, default: 1, min: 1, zh: 投诉数下限}
basis: 最高人民法院、最高人民检察院、公安部、司法部《关于办理“套路贷”刑事案件若干问题的意见》第一条、第三条；《关于办理非法放贷刑事案件若干问题的意见》第六条（暴力、软暴力催收）
explanation: "{subject_name}有{n}起投诉反映套路贷特征（{words_found}），例如：“{sample}”。"
---*/
MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise)
WITH e, c, r, [w IN split($words, ',') WHERE coalesce(c.text, '') CONTAINS w] AS found
WHERE size(found) > 0
WITH e, collect(c) AS cs, collect(r) AS rels, collect(found) AS founds
WHERE size(cs) >= $min_complaints
RETURN e AS subject, size(cs) AS n,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       cs[0].text AS sample,
       CASE WHEN size(cs) >= 3 THEN 1.0 ELSE 0.6 + 0.15 * size(cs) END AS strength,
       [e] + cs[0..50] AS evidence_nodes, rels[0..50] AS evidence_rels
LIMIT $limit
