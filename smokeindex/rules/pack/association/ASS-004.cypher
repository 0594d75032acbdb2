/*---
id: ASS-004
name: 与受传销、集资或虚假宣传处罚企业共用法定代表人或高管
description: 企业的法定代表人或主要人员同时在因传销、非法集资或虚假宣传被处罚的企业任职，两家企业很可能由同一班人员操控。
dimension: association
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.6
params:
  kinds: {type: string, default: "传销,非法集资,虚假宣传", zh: 处罚类型（逗号分隔）}
basis: 《防范和处置非法集资条例》第十五条（关联线索排查）；《禁止传销条例》第二十四条
explanation: "{subject_name}的人员{persons}同时在受过处罚（{kinds_found}）的{n}家企业（{others}）担任法定代表人或主要人员。"
---*/
MATCH (pen:Penalty)-[pz:PENALIZED]->(o:Enterprise)<-[r2:LEGAL_REP_OF|EXECUTIVE_OF]-(p:Person)-[r1:LEGAL_REP_OF|EXECUTIVE_OF]->(e:Enterprise)
WHERE pen.kind IN split($kinds, ',') AND e <> o
WITH e, collect(DISTINCT p) AS ps, collect(DISTINCT o) AS others, collect(DISTINCT pen) AS pens,
     collect(DISTINCT r1) + collect(DISTINCT r2) + collect(DISTINCT pz) AS rels
RETURN e AS subject, [x IN ps | x.name] AS persons, size(others) AS n, [x IN others | x.name] AS others,
       [x IN pens | x.kind] AS kinds_found,
       CASE WHEN [x IN pens WHERE x.kind <> '虚假宣传'] <> [] THEN 1.0 ELSE 0.7 END AS strength,
       ps + others + pens AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
