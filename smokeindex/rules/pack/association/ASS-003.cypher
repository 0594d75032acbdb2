/*---
id: ASS-003
name: 企业之间循环持股
description: 企业通过两到数层股权关系最终持有自身股份（A 持 B、B 持 A，或 A→B→C→A），虚增注册资本和资产实力、模糊实际控制人，是包装集资平台和转移资产的常见手法。
dimension: association
typologies: [illegal_fundraising]
severity: 0.5
params:
  max_hops: {type: integer, default: 4, min: 2, max: 6, literal: true, zh: 持股环最大长度}
basis: 《公司法》第四十九条、第二百二十六条（股东出资真实、禁止抽逃出资）；《防范和处置非法集资条例》第十五条
explanation: "{subject_name}处于{hops}层循环持股环中：{ring}。"
---*/
MATCH ring = (e:Enterprise)-[:SHAREHOLDER_OF*2..{max_hops}]->(e)
WITH e, collect(ring) AS rings, min(length(ring)) AS hops
WITH e, hops, [r IN rings WHERE length(r) = hops][0] AS best
RETURN e AS subject, hops, reduce(s = '', r IN relationships(best) | s + CASE WHEN s = '' THEN '' ELSE '；' END + startNode(r).name + '持有'
                + endNode(r).name + CASE WHEN r.ratio IS NULL THEN '' ELSE toString(toInteger(r.ratio * 100)) + '%' END) AS ring,
       CASE WHEN hops <= 2 THEN 1.0 ELSE 0.8 END AS strength,
       nodes(best) AS evidence_nodes, relationships(best) AS evidence_rels
LIMIT $limit
