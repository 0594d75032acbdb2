/*---
id: VIO-001
name: 无金融业务许可向公众发行理财投资产品
description: 企业未取得金融业务许可（无许可记录、行业代码不属于金融业、经营范围未载明许可证号或登记编号），却向公众发行或推介理财、投资类产品（承诺保本，或起投金额低于私募合格投资者门槛 100 万元），属于未经批准从事金融业务。仅向合格投资者非公开募集、不保本的产品不计入。
dimension: violation
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
  min_products: {type: integer, default: 1, min: 1, zh: 产品数下限}
  qualified_min: {type: number, default: 1000000, min: 0, zh: 合格投资者起投门槛（元）}
basis: 《防范和处置非法集资条例》第二条、第三十九条（未经依法许可吸收资金）；《私募投资基金监督管理暂行办法》第十二条；《商业银行法》第十一条（未经批准不得从事吸收公众存款等金融业务）
explanation: "{subject_name}未取得金融业务许可（行业代码{industry}，经营范围无许可证号或登记编号），却向公众发行{n}款理财/投资产品（{product_names}），最高承诺年化收益率{max_yield}%。"
---*/
MATCH (e:Enterprise)-[r:ISSUES]->(p:Product)
WHERE (p.guaranteed = true OR coalesce(p.min_investment, 0.0) < $qualified_min)
  AND size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
WITH e, collect(DISTINCT p) AS products, collect(r) AS rels, max(coalesce(p.annual_yield, 0.0)) AS max_yield
WHERE size(products) >= $min_products
RETURN e AS subject, size(products) AS n, [x IN products | x.name] AS product_names, max_yield,
       coalesce(e.industry_code, '未知') AS industry,
       CASE WHEN size(products) >= 3 THEN 1.0 ELSE 0.7 + 0.1 * size(products) END AS strength,
       [e] + products AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
