/*---
id: BUS-002
name: 非持牌机构产品承诺保本
description: 未取得金融许可的企业发行承诺保本的理财、投资产品。资管新规禁止金融机构刚性兑付，非金融企业承诺保本付息是非法集资的典型特征。
dimension: business
typologies: [illegal_fundraising]
severity: 0.7
params:
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
basis: 《关于规范金融机构资产管理业务的指导意见》第十九条（禁止刚性兑付）；《防范和处置非法集资条例》第十九条；《私募投资基金监督管理条例》第三十条（不得承诺保本保收益）
explanation: "{subject_name}未取得金融许可，却发行{n}款承诺保本的产品（{product_names}），承诺年化收益率最高{max_yield}%。"
---*/
MATCH (e:Enterprise)-[r:ISSUES]->(p:Product)
WHERE p.guaranteed = true
  AND size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
WITH e, collect(p) AS products, collect(r) AS rels, max(coalesce(p.annual_yield, 0.0)) AS max_yield
RETURN e AS subject, size(products) AS n, [x IN products | x.name] AS product_names, max_yield,
       CASE WHEN size(products) >= 2 THEN 1.0 ELSE 0.85 END AS strength,
       [e] + products AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
