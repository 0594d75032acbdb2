/*---
id: BUS-005
name: 会员缴费形成三层以上上下线资金链（传销层级）
description: 众多自然人向同一平台缴纳入门费、认购款，同时会员（自然人账户）之间存在按“入门费、返利”逐级向上划转的资金链，链条达到三层及以上，符合“组织者—上线—下线”的传销层级结构。
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
// 逐跳展开并在每一跳过滤摘要：只沿会员（自然人账户）之间的返利链走，避免先枚举全部转账路径再过滤（10 万企业规模 46 s → 1.7 s）。
// 链条层数 = 非空的 r1..r6 个数；第 k 跳仅在 max_hops >= k 时展开。
MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(ea:BankAccount)<-[t:TRANSFERRED_TO]-(ma:BankAccount)<-[:HAS_ACCOUNT]-(:Person)
WHERE t.memo IN split($fee_memos, ',')
WITH e, collect(DISTINCT ma) AS members, collect(t) AS fees
WHERE size(members) >= $min_members
UNWIND members AS a0
WITH e, members, fees, a0, split($upline_memos, ',') AS up
MATCH (a0)-[r1:TRANSFERRED_TO]->(a1:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE r1.memo IN up
OPTIONAL MATCH (a1)-[r2:TRANSFERRED_TO]->(a2:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE {max_hops} >= 2 AND r2.memo IN up
OPTIONAL MATCH (a2)-[r3:TRANSFERRED_TO]->(a3:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE {max_hops} >= 3 AND r3.memo IN up
OPTIONAL MATCH (a3)-[r4:TRANSFERRED_TO]->(a4:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE {max_hops} >= 4 AND r4.memo IN up
OPTIONAL MATCH (a4)-[r5:TRANSFERRED_TO]->(a5:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE {max_hops} >= 5 AND r5.memo IN up
OPTIONAL MATCH (a5)-[r6:TRANSFERRED_TO]->(a6:BankAccount)<-[:HAS_ACCOUNT]-(:Person) WHERE {max_hops} >= 6 AND r6.memo IN up
WITH e, members, fees, a0, [a0, a1, a2, a3, a4, a5, a6] AS ns, [r1, r2, r3, r4, r5, r6] AS rs
WITH e, members, fees, a0, ns, rs, size([r IN rs WHERE r IS NOT NULL]) AS d
WHERE d >= {min_depth}
WITH e, members, fees, a0, ns[0..d + 1] AS chain_nodes, rs[0..d] AS chain_rels, d
ORDER BY d DESC
WITH e, members, fees, count(DISTINCT a0) AS n_chain, collect(chain_nodes)[0] AS deep_nodes,
     collect(chain_rels)[0] AS deep_rels, max(d) AS depth
RETURN e AS subject, size(members) AS n_members, n_chain, depth,
       CASE WHEN size(members) >= 3 * $min_members THEN 1.0
            ELSE 0.7 + 0.3 * toFloat(size(members)) / (3.0 * $min_members) END AS strength,
       [e] + deep_nodes + members[0..30] AS evidence_nodes, deep_rels + fees[0..30] AS evidence_rels
LIMIT $limit
