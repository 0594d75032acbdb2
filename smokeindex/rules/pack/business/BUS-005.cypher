/*---
id: BUS-005
name: 会员缴费形成三层以上上下线资金链（传销层级）
description: 众多自然人向同一平台缴纳入门费、认购款，同时会员之间存在按“入门费、返利”逐级向上划转的资金链，链条达到三层及以上，符合“组织者—上线—下线”的传销层级结构。
dimension: business
typologies: [pyramid_scheme]
severity: 0.85
params:
  fee_memos: {type: string, default: "入门费,藏品认购,会员费,平台费,认购款", zh: 会员向平台缴费的交易摘要（逗号分隔）}
  upline_memos: {type: string, default: "入门费,返利,奖金,提成", zh: 会员向上线划转的交易摘要（逗号分隔）}
  min_members: {type: integer, default: 30, min: 2, zh: 缴费会员数下限}
  min_depth: {type: integer, default: 3, min: 1, max: 6, literal: true, zh: 上下线链条层数下限}
  max_hops: {type: integer, default: 4, min: 1, max: 6, literal: true, zh: 链条搜索层数上限}
basis: 《禁止传销条例》第七条（发展人员、要求交纳费用、形成上下线关系并以下线业绩计酬）；《关于办理组织领导传销活动刑事案件适用法律若干问题的意见》第一条（组织内部参与人员三十人以上且层级三级以上）
explanation: "{subject_name}收到{n_members}名会员缴纳的入门费/认购款，其中{n_chain}名会员处于向上线逐级返利的资金链中，最深达{depth}层（≥{min_depth}层）。"
---*/
MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(ea:BankAccount)<-[t:TRANSFERRED_TO]-(ma:BankAccount)<-[:HAS_ACCOUNT]-(:Person)
WHERE t.memo IN split($fee_memos, ',')
WITH e, collect(DISTINCT ma) AS members, collect(t) AS fees
WHERE size(members) >= $min_members
UNWIND members AS leaf
MATCH path = (leaf)-[:TRANSFERRED_TO*{min_depth}..{max_hops}]->(top:BankAccount)
WHERE ALL(r IN relationships(path) WHERE r.memo IN split($upline_memos, ','))
  AND (top)<-[:HAS_ACCOUNT]-(:Person)
WITH e, members, fees, leaf, path
ORDER BY length(path) DESC
WITH e, members, fees, count(DISTINCT leaf) AS n_chain, collect(nodes(path))[0] AS deep_nodes,
     collect(relationships(path))[0] AS deep_rels, max(length(path)) AS depth
RETURN e AS subject, size(members) AS n_members, n_chain, depth,
       CASE WHEN size(members) >= 3 * $min_members THEN 1.0
            ELSE 0.7 + 0.3 * toFloat(size(members)) / (3.0 * $min_members) END AS strength,
       [e] + deep_nodes + members[0..30] AS evidence_nodes, deep_rels + fees[0..30] AS evidence_rels
LIMIT $limit
