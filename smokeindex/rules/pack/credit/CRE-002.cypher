/*---
id: CRE-002
name: 法定代表人或实际控制人有失信、被执行或涉众犯罪记录
description: 企业的法定代表人或实际控制人本人是失信被执行人、被执行人，或曾在非法吸收公众存款、集资诈骗、组织领导传销等涉众型案件中作为被告人，企业由信用严重受损的人控制。
dimension: credit
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.7
params:
  kinds: {type: string, default: "dishonest_debtor,enforcement", zh: 司法记录类别（逗号分隔）}
  criminal_causes: {type: string, default: "非法吸收公众存款,集资诈骗,组织、领导传销活动,诈骗,非法经营,高利转贷", zh: 涉众犯罪案由（逗号分隔）}
basis: 《公司法》第一百七十八条（个人所负数额较大债务到期未清偿者不得担任董事、高管）；《最高人民法院关于公布失信被执行人名单信息的若干规定》第十一条
explanation: "{subject_name}的{roles}{person}存在{n}条不良司法记录（{records}）。"
---*/
MATCH (p:Person)-[rel:LEGAL_REP_OF|CONTROLS]->(e:Enterprise)
MATCH (p)-[pt:PARTY_TO]->(j:JudicialCase)
WHERE j.kind IN split($kinds, ',')
   OR (j.cause IN split($criminal_causes, ',') AND coalesce(pt.role, '') IN ['被告人', '被告', '被执行人', '失信被执行人'])
WITH e, p, collect(DISTINCT type(rel)) AS rtypes, collect(DISTINCT rel) AS rels, collect(DISTINCT j) AS cases,
     collect(DISTINCT pt) AS pts
RETURN e AS subject, p.name AS person,
       [t IN rtypes | CASE t WHEN 'LEGAL_REP_OF' THEN '法定代表人' ELSE '实际控制人' END] AS roles,
       size(cases) AS n, [x IN cases | coalesce(x.cause, '') + '·' + x.case_number] AS records,
       CASE WHEN ANY(x IN cases WHERE x.kind = 'dishonest_debtor' OR x.cause IN split($criminal_causes, ','))
            THEN 1.0 ELSE 0.7 END AS strength,
       [e, p] + cases AS evidence_nodes, rels + pts AS evidence_rels
LIMIT $limit
