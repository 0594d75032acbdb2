/*---
id: PUB-005
name: 负面舆情涉及兑付危机、集资或传销
description: 新闻、论坛等舆情以负面倾向提及企业，且内容涉及停止兑付、爆雷、跑路、非法集资、传销、立案、暴力催收等风险事件。
dimension: publicity
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  words: {type: string, default: "停止兑付,爆雷,跑路,非法集资,传销,立案,暴力催收,套路贷,无法提现,逾期兑付,人去楼空,非法吸收公众存款,集资诈骗", zh: 风险事件用语（逗号分隔）}
  min_articles: {type: integer, default: 1, min: 1, zh: 负面舆情篇数下限}
basis: 《防范和处置非法集资条例》第十三条、第十五条（舆情监测与风险排查）
explanation: "{subject_name}被{n}篇负面舆情提及，涉及{words_found}，例如《{sample}》。"
---*/
MATCH (news:NewsArticle)-[r:MENTIONS]->(e:Enterprise)
WHERE news.sentiment = '负面'
WITH e, r, news, [w IN split($words, ',')
                  WHERE coalesce(news.title, '') CONTAINS w OR coalesce(news.text, '') CONTAINS w] AS found
WHERE size(found) > 0
WITH e, collect(news) AS arts, collect(r) AS rels, collect(found) AS founds
WHERE size(arts) >= $min_articles
RETURN e AS subject, size(arts) AS n,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       coalesce(arts[0].title, arts[0].text) AS sample,
       CASE WHEN size(arts) >= 2 THEN 1.0 ELSE 0.8 END AS strength,
       [e] + arts AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
