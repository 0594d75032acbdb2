/*---
id: PUB-002
name: 广告招聘含拉人头、发展下线、入门费等传销话术
description: 广告或招聘信息以“拉人头、发展下线、推荐越多赚得越多、躺赚返利、首单入门费”等为卖点，以发展人员数量作为计酬或返利依据，是网络传销的典型宣传特征。
dimension: publicity
typologies: [pyramid_scheme]
severity: 0.7
params:
  words: {type: string, default: "拉人头,发展下线,入门费,推荐越多,躺赚,层级越高,团队计酬,首单仅需,推荐好友再返,推荐一人返,会员费,级差奖", zh: 传销话术（逗号分隔）}
  min_words: {type: integer, default: 2, min: 1, zh: 命中话术种类下限}
basis: 《禁止传销条例》第二条、第七条（以发展人员数量作为计酬或者返利依据、要求交纳入门费）
explanation: "{subject_name}发布的{n}条广告/招聘含有传销话术（{words_found}），例如：“{sample}”。"
---*/
MATCH (e:Enterprise)-[r:PUBLISHED]->(a:Advertisement)
WITH e, r, a, [w IN split($words, ',') WHERE coalesce(a.text, '') CONTAINS w] AS found
WHERE size(found) > 0
WITH e, collect(a) AS ads, collect(r) AS rels, collect(found) AS founds
WITH e, ads, rels, reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found
WHERE size(words_found) >= $min_words
RETURN e AS subject, size(ads) AS n, words_found, ads[0].text AS sample,
       CASE WHEN size(words_found) >= 2 * $min_words THEN 1.0
            ELSE 0.6 + 0.4 * toFloat(size(words_found)) / (2.0 * $min_words) END AS strength,
       [e] + ads AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
