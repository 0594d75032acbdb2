/*---
id: ILL-003
name: 因传销或非法集资受到行政处罚
description: 企业因传销、非法集资等违法行为被市场监管或地方金融监管部门作出行政处罚，属已查实的违法主体，需跟踪其是否继续经营或改头换面。
dimension: illegal
typologies: [pyramid_scheme, illegal_fundraising]
severity: 0.8
params:
  kinds: {type: string, default: "传销,非法集资", zh: 处罚类型（逗号分隔）}
basis: 《禁止传销条例》第二十四条；《防范和处置非法集资条例》第三十条
explanation: "{subject_name}因{kinds_found}受到{n}次行政处罚（文号：{documents}；处罚机关：{authorities}），罚没金额合计{amount}元。"
---*/
MATCH (pen:Penalty)-[pz:PENALIZED]->(e:Enterprise)
WHERE pen.kind IN split($kinds, ',')
WITH e, collect(DISTINCT pen) AS pens, collect(DISTINCT pz) AS rels
RETURN e AS subject, size(pens) AS n, [x IN pens | x.kind] AS kinds_found,
       [x IN pens | x.document_number] AS documents, [x IN pens | coalesce(x.authority, '未载明')] AS authorities,
       reduce(s = 0.0, x IN pens | s + coalesce(x.amount, 0.0)) AS amount,
       [e] + pens AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
