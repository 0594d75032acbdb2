/*---
id: PUB-001
name: 广告宣传承诺保本保息、稳赚不赔
description: 企业发布的广告或招聘内容含有保本保息、稳赚不赔、本金无忧、无风险等保证收益、保本承诺用语。带否定的表述（如“不承诺保本”“并未承诺保本保息”）不计入，避免误伤持牌机构的风险提示。
dimension: publicity
typologies: [illegal_fundraising]
severity: 0.8
params:
  promise_words: {type: string, default: "保本保息,稳赚不赔,本金无忧,保本付息,保本保收益,零风险,无风险,高额回报,到期还本,刚性兑付", zh: 保本保收益用语（逗号分隔）}
  negations: {type: string, default: "不,未,非,无需,并未承诺,不承诺,未承诺,没有承诺,没说过,并非,谨防", zh: 紧邻用语之前的否定词（逗号分隔）}
basis: 《防范和处置非法集资条例》第十九条（禁止发布含有保本、高收益等内容的集资广告）；《广告法》第二十五条（不得对未来收益作出保证性承诺）
explanation: "{subject_name}发布的{n}条广告/招聘含有保证收益用语（{words_found}），例如：“{sample}”。"
---*/
MATCH (e:Enterprise)-[r:PUBLISHED]->(a:Advertisement)
WITH e, r, a, [w IN split($promise_words, ',')
                WHERE coalesce(a.text, '') CONTAINS w
                  AND NONE(n IN split($negations, ',') WHERE coalesce(a.text, '') CONTAINS (n + w))] AS found
WHERE size(found) > 0
WITH e, collect(a) AS ads, collect(r) AS rels, collect(found) AS founds
RETURN e AS subject, size(ads) AS n, reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       ads[0].text AS sample,
       CASE WHEN size(ads) >= 2 THEN 1.0 ELSE 0.8 END AS strength,
       [e] + ads AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
