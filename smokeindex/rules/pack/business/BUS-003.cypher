/*---
id: BUS-003
name: 低门槛高收益产品面向不特定公众
description: 产品起投金额低于私募基金合格投资者门槛（100 万元）却承诺较高年化收益，说明其面向不特定社会公众销售，而非合规的私募或银行理财。
dimension: business
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.6
params:
  max_min_investment: {type: number, default: 1000000, min: 0, zh: 起投金额上限（元，合格投资者门槛）}
  min_yield: {type: number, default: 8.0, min: 0, zh: 承诺年化收益率下限（%）}
basis: 《私募投资基金监督管理暂行办法》第十二条（合格投资者投资单只私募基金不低于 100 万元）；《关于审理非法集资刑事案件具体应用法律若干问题的解释》第一条（向社会公众即社会不特定对象吸收资金）
explanation: "{subject_name}发行的{n}款产品起投金额低至{lowest}元、承诺年化收益率最高{max_yield}%（{product_names}），面向不特定公众销售。"
---*/
MATCH (e:Enterprise)-[r:ISSUES]->(p:Product)
WHERE p.min_investment IS NOT NULL AND p.min_investment < $max_min_investment
  AND p.annual_yield IS NOT NULL AND p.annual_yield >= $min_yield
WITH e, collect(p) AS products, collect(r) AS rels, min(p.min_investment) AS lowest, max(p.annual_yield) AS max_yield
RETURN e AS subject, size(products) AS n, lowest, max_yield, [x IN products | x.name] AS product_names,
       CASE WHEN lowest <= $max_min_investment / 20.0 THEN 1.0 ELSE 0.75 END AS strength,
       [e] + products AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
