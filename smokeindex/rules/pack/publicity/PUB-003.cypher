/*---
id: PUB-003
name: 面向公众宣传起投金额与固定收益
description: 广告同时宣传起投金额（“X万起投”）和固定回报（年化、月息、每月返还、日息等），即向社会公开招揽投资并许诺回报。持牌机构的贷款利率说明（无起投字样）不计入。
dimension: publicity
typologies: [illegal_fundraising]
severity: 0.6
params:
  invest_words: {type: string, default: "起投,起购,认购,预订即享", zh: 招揽投资用语（逗号分隔）}
  return_words: {type: string, default: "年化,月息,每月返还,日息,收益率,分红,返还,翻倍", zh: 回报用语（逗号分隔）}
basis: 《防范和处置非法集资条例》第十九条（不得向社会公众发布集资广告）；《关于审理非法集资刑事案件具体应用法律若干问题的解释》第一条（公开性、利诱性）
explanation: "{subject_name}在{platforms}公开发布{n}条招揽投资广告，宣传起投金额并许诺回报（{words_found}），例如：“{sample}”。"
---*/
MATCH (e:Enterprise)-[r:PUBLISHED]->(a:Advertisement)
WHERE ANY(w IN split($invest_words, ',') WHERE coalesce(a.text, '') CONTAINS w)
WITH e, r, a, [w IN split($return_words, ',') WHERE a.text CONTAINS w] AS found
WHERE size(found) > 0
WITH e, collect(a) AS ads, collect(r) AS rels, collect(found) AS founds,
     collect(DISTINCT coalesce(a.platform, '未知平台')) AS platforms
RETURN e AS subject, size(ads) AS n, platforms,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       ads[0].text AS sample,
       CASE WHEN size(ads) >= 3 THEN 1.0 ELSE 0.6 + 0.15 * size(ads) END AS strength,
       [e] + ads AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
