/*---
id: JUD-005
name: 关联企业被自然人共同起诉
description: 企业与其存在股权、实际控制或分支机构关系的另一家企业，在同一案件中被自然人共同起诉（多为投资人要求关联企业承担连带责任），提示人员、财务混同和集团化吸收资金。
dimension: judicial
typologies: [illegal_fundraising]
severity: 0.6
params:
  causes: {type: string, default: "民间借贷纠纷,委托理财合同纠纷,合同纠纷,储蓄存款合同纠纷", zh: 案由（逗号分隔）}
  max_hops: {type: integer, default: 2, min: 1, max: 3, literal: true, zh: 关联关系最大跳数}
basis: 《公司法》第二十三条（法人人格否认、关联公司连带责任）；《全国法院民商事审判工作会议纪要》第11条（人格混同）；《防范和处置非法集资条例》第十三条
explanation: "{subject_name}与关联企业{co_defendants}在{n}起由自然人提起的诉讼中被列为共同被告（案号：{case_numbers}）。"
---*/
MATCH (pl:Person)-[pp:PARTY_TO]->(c:JudicialCase)<-[pd:PARTY_TO]-(e:Enterprise)
WHERE c.cause IN split($causes, ',') AND pp.role = '原告' AND pd.role IN ['被告', '被告单位']
MATCH (c)<-[po:PARTY_TO]-(o:Enterprise)
WHERE o <> e AND po.role IN ['被告', '被告单位']
MATCH link = (e)-[:SHAREHOLDER_OF|CONTROLS|BRANCH_OF*1..{max_hops}]-(o)
WITH e, collect(DISTINCT c) AS cases, collect(DISTINCT o) AS others, collect(DISTINCT pd) + collect(DISTINCT po) AS rels,
     collect(link)[0] AS one_link
RETURN e AS subject, size(cases) AS n, [x IN others | x.name] AS co_defendants,
       [x IN cases | x.case_number] AS case_numbers,
       cases + others + nodes(one_link) AS evidence_nodes, rels + relationships(one_link) AS evidence_rels
LIMIT $limit
