/*---
id: VIO-006
name: 无金融许可运营理财、借贷类网站或 App
description: 未取得金融业务许可的企业运营名称或域名带有理财、钱包、贷款、财富、数字藏品等金融属性的网站或 App，通过互联网向公众开展金融业务。
dimension: violation
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  words: {type: string, default: "理财,钱包,贷,金融,财富,数藏,藏品,基金,licai,wealth,nft,loan,jinrong,caifu,daikuan", zh: 网站或 App 名称中的金融用语（逗号分隔）}
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
basis: 中国人民银行等十部委《关于促进互联网金融健康发展的指导意见》（互联网金融业务须依法取得许可）；《防范和处置非法集资条例》第二条
explanation: "{subject_name}未取得金融业务许可（行业代码{industry}），却运营{n}个金融类网站或App（{names}）。"
---*/
MATCH (e:Enterprise)-[r:OPERATES]->(w:Website)
WHERE size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
  AND ANY(x IN split($words, ',') WHERE toLower(coalesce(w.name, '') + ' ' + w.url) CONTAINS x)
WITH e, collect(w) AS sites, collect(r) AS rels
RETURN e AS subject, size(sites) AS n, [x IN sites | coalesce(x.name, x.url)] AS names,
       coalesce(e.industry_code, '未知') AS industry,
       CASE WHEN ANY(x IN sites WHERE x.kind <> 'site') THEN 1.0 ELSE 0.75 END AS strength,
       [e] + sites AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
