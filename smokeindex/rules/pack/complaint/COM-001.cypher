/*---
id: COM-001
name: 多起涉理财投资收益的投诉
description: 企业被多次投诉，且投诉内容涉及理财、年化收益、月息、返利、入门费、保本等投资回报事项（而非一般消费纠纷）。投诉人明确说明“并未承诺保本”“没说过高额回报”“明确说过不保本”等否定表述的不计入，避免误伤正常消费商家和合规私募。
dimension: complaint
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  words: {type: string, default: "理财,年化,月息,每月返还,返利,入门费,本金,保本,高额回报,稳赚不赔,预订款,起投,翻倍,拉人头,发展下线", zh: 投资回报类用语（逗号分隔）}
  negations: {type: string, default: "并未承诺,并没有承诺,没有承诺,未承诺,不承诺,没说过,没有说过,并非,不", zh: 紧邻用语之前的否定表述（逗号分隔）}
  min_complaints: {type: integer, default: 2, min: 1, zh: 投诉数下限}
basis: 《防范和处置非法集资条例》第十五条（对涉嫌非法集资的举报进行调查核实）、第十六条（举报奖励）
explanation: "{subject_name}被投诉{n}次涉及理财投资回报（{words_found}），例如：“{sample}”。"
---*/
MATCH (c:Complaint)-[r:COMPLAINT_AGAINST]->(e:Enterprise)
WITH e, c, r, [w IN split($words, ',')
               WHERE coalesce(c.text, '') CONTAINS w
                 AND NONE(n IN split($negations, ',') WHERE coalesce(c.text, '') CONTAINS (n + w))] AS found
WHERE size(found) > 0
WITH e, collect(c) AS cs, collect(r) AS rels, collect(found) AS founds
WHERE size(cs) >= $min_complaints
RETURN e AS subject, size(cs) AS n,
       reduce(u = [], f IN founds | reduce(v = u, w IN f | CASE WHEN w IN v THEN v ELSE v + [w] END)) AS words_found,
       cs[0].text AS sample,
       CASE WHEN size(cs) >= 3 * $min_complaints THEN 1.0
            ELSE 0.5 + 0.5 * toFloat(size(cs)) / (3.0 * $min_complaints) END AS strength,
       [e] + cs[0..50] AS evidence_nodes, rels[0..50] AS evidence_rels
LIMIT $limit
