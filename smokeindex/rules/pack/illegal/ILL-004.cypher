/*---
id: ILL-004
name: 与涉刑或传销受罚企业同属一个实际控制人
description: 企业与因非法集资、传销被追诉或被处罚的企业受同一实际控制人控制，属于同一资本系，常被用于承接资金、转移资产或重新开展业务。
dimension: illegal
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.7
params:
  causes: {type: string, default: "非法吸收公众存款,集资诈骗,组织、领导传销活动", zh: 刑事案由（逗号分隔）}
  kinds: {type: string, default: "传销,非法集资", zh: 处罚类型（逗号分隔）}
basis: 《防范和处置非法集资条例》第十五条、第二十八条（涉案财物追缴及关联主体调查）
explanation: "{subject_name}与{n}家涉刑或受罚企业（{tainted}）同受实际控制人{controllers}控制。"
---*/
MATCH (ctl)-[c1:CONTROLS]->(x:Enterprise)
OPTIONAL MATCH (x)-[pt:PARTY_TO]->(jc:JudicialCase)
WHERE jc.cause IN split($causes, ',') AND pt.role IN ['被告单位', '被告人', '被告']
OPTIONAL MATCH (pen:Penalty)-[pz:PENALIZED]->(x)
WHERE pen.kind IN split($kinds, ',')
WITH ctl, c1, x, collect(DISTINCT jc) + collect(DISTINCT pen) AS proofs, collect(DISTINCT pt) + collect(DISTINCT pz) AS proof_rels
WHERE size(proofs) > 0
MATCH (ctl)-[c2:CONTROLS]->(e:Enterprise)
WHERE e <> x
WITH e, collect(DISTINCT ctl) AS ctls, collect(DISTINCT x) AS xs, collect(DISTINCT c1) + collect(DISTINCT c2) AS crels,
     collect(proofs) AS proof_lists, collect(proof_rels) AS proof_rel_lists
WITH e, ctls, xs, crels, reduce(a = [], l IN proof_lists | a + l) AS pnodes, reduce(a = [], l IN proof_rel_lists | a + l) AS prels
RETURN e AS subject, size(xs) AS n, [x IN xs | x.name] AS tainted, [c IN ctls | c.name] AS controllers,
       ctls + xs + pnodes AS evidence_nodes, crels + prels AS evidence_rels
LIMIT $limit
