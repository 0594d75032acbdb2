/*---
id: VIO-003
name: 因虚假宣传、传销或非法集资受到行政处罚
description: 企业曾因传销、非法集资受到行政处罚，或因发布保本保息、高额回报等金融类虚假宣传受到处罚，是违规风险的直接证据。对商品性能的一般虚假宣传以及价格、税务、消防等处罚不计入。
dimension: violation
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  kinds: {type: string, default: "传销,非法集资,非法金融活动", zh: 直接计入的处罚种类（逗号分隔）}
  reason_words: {type: string, default: "保本,高额回报,收益,回报,理财,集资,吸收公众存款,发展人员,拉人头,放贷", zh: 其他处罚（如虚假宣传）须在事由中出现的金融用语（逗号分隔）}
basis: 《广告法》第二十五条、第五十五条（不得对未来收益作出保证性承诺）；《禁止传销条例》第七条、第二十四条；《防范和处置非法集资条例》第三十条
explanation: "{subject_name}受到{n}次相关行政处罚（{kinds_found}），处罚机关：{authorities}；事由：{reasons}。"
---*/
MATCH (pen:Penalty)-[r:PENALIZED]->(e:Enterprise)
WHERE pen.kind IN split($kinds, ',')
   OR ANY(w IN split($reason_words, ',') WHERE coalesce(pen.reason, '') CONTAINS w)
WITH e, collect(DISTINCT pen) AS pens, collect(r) AS rels
RETURN e AS subject, size(pens) AS n, [x IN pens | coalesce(x.kind, '未载明')] AS kinds_found,
       [x IN pens | coalesce(x.authority, '未载明')] AS authorities, [x IN pens | coalesce(x.reason, '未载明')] AS reasons,
       CASE WHEN size(pens) >= 2 THEN 1.0 ELSE 0.8 END AS strength,
       [e] + pens AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
