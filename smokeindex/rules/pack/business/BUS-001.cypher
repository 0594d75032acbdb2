/*---
id: BUS-001
name: 产品承诺年化收益率远超 LPR
description: 企业发行的产品承诺年化收益率达到一年期 LPR 的若干倍以上。远高于市场利率的固定回报难以由正常经营支撑，往往依赖“借新还旧”。
dimension: business
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  lpr: {type: number, default: 3.45, min: 0.1, max: 20, zh: 一年期 LPR（%）}
  multiple: {type: number, default: 3.0, min: 1, max: 10, zh: LPR 倍数}
basis: 《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条（超过合同成立时一年期 LPR 四倍的利息不受保护）；《关于审理非法集资刑事案件具体应用法律若干问题的解释》第一条（承诺给付回报）
explanation: "{subject_name}发行的{n}款产品承诺年化收益率高达{max_yield}%（{product_names}），为一年期 LPR {lpr}% 的{ratio}倍，超过{multiple}倍阈值。"
---*/
MATCH (e:Enterprise)-[r:ISSUES]->(p:Product)
WHERE p.annual_yield IS NOT NULL AND p.annual_yield >= $lpr * $multiple
WITH e, collect(p) AS products, collect(r) AS rels, max(p.annual_yield) AS max_yield
RETURN e AS subject, size(products) AS n, max_yield, [x IN products | x.name] AS product_names,
       round(100.0 * max_yield / $lpr) / 100.0 AS ratio,
       CASE WHEN max_yield >= 2.0 * $lpr * $multiple THEN 1.0
            ELSE 0.5 + 0.5 * (max_yield - $lpr * $multiple) / ($lpr * $multiple) END AS strength,
       [e] + products AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
