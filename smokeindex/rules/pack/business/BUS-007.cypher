/*---
id: BUS-007
name: 上报募集资金巨大而从业人数极少
description: 企业在政务或年度上报中填报的募集资金规模巨大，但从业人员极少，与正常经营规模明显不符；若同时申报“未开展理财或集资业务”，则自相矛盾。
dimension: business
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  min_raised: {type: number, default: 1000, min: 0, zh: 上报募集资金下限（万元）}
  max_employees: {type: integer, default: 20, min: 0, zh: 上报从业人数上限}
basis: 《防范和处置非法集资条例》第十三条（监测预警）、第十七条（行业主管部门日常监管）
explanation: "{subject_name}{year}年上报募集资金{raised}万元，从业人员仅{employees}人，人均募资{per_head}万元；上报“是否开展理财或集资业务”为“{declared}”。"
---*/
MATCH (e:Enterprise)
WHERE e.reported_funds_raised IS NOT NULL AND e.reported_funds_raised >= $min_raised
  AND e.reported_employees IS NOT NULL AND e.reported_employees <= $max_employees
RETURN e AS subject, e.reported_funds_raised AS raised, e.reported_employees AS employees,
       coalesce(toString(e.reported_year), '最近') AS year,
       CASE e.reported_fundraising WHEN true THEN '是' WHEN false THEN '否' ELSE '未填报' END AS declared,
       round(e.reported_funds_raised / CASE WHEN e.reported_employees > 0 THEN e.reported_employees ELSE 1 END) AS per_head,
       CASE WHEN e.reported_fundraising = false THEN 1.0 ELSE 0.8 END AS strength,
       [e] AS evidence_nodes
LIMIT $limit
