/*---
id: PUB-004
name: 无放贷资质发布网贷营销广告
description: 未持牌企业发布“无抵押、不查征信、当天放款、日息”等网络借贷营销广告，面向不特定人群招揽借款，常见于套路贷、高利贷 App。持牌小额贷款公司的广告不计入。
dimension: publicity
typologies: [illegal_lending]
severity: 0.7
params:
  words: {type: string, default: "无抵押,不查征信,当天放款,秒到账,秒批,黑户可贷,日息,最高可借,下款快,免审核", zh: 网贷营销用语（逗号分隔）}
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
basis: 《关于办理非法放贷刑事案件若干问题的意见》第一条；中国银保监会等《关于规范民间借贷行为 维护经济金融秩序有关事项的通知》（银保监发〔2018〕10号）
explanation: "{subject_name}无放贷资质（行业代码{industry}），发布{n}条网贷营销广告（{words_found}），例如：“{sample}”。"
---*/
MATCH (e:Enterprise)-[r:PUBLISHED]->(a:Advertisement)
WHERE size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
WITH e, r, a, [w IN split($words, ',') WHERE coalesce(a.text, '') CONTAINS w] AS found
WHERE size(found) >= 2
WITH e, collect(a) AS ads, collect(r) AS rels, collect(found) AS founds
RETURN e AS subject, size(ads) AS n, coalesce(e.industry_code, '未知') AS industry,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       ads[0].text AS sample,
       CASE WHEN size(ads) >= 2 THEN 1.0 ELSE 0.8 END AS strength,
       [e] + ads AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
