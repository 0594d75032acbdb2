/*---
id: OPE-006
name: 上报募集资金规模与人员、营收严重不符
description: 企业在政务或年度上报中填报的募集资金金额巨大，但从业人数极少、营业收入很低；若同时声明“未开展理财或集资业务”，则上报内容自相矛盾，涉嫌隐瞒真实情况。
dimension: operational
typologies: [illegal_fundraising]
severity: 0.6
params:
  min_raised: {type: number, default: 1000, min: 0, zh: 上报募集资金下限（万元）}
  max_employees: {type: integer, default: 20, min: 0, zh: 上报从业人数上限}
  min_raised_to_revenue: {type: number, default: 10, min: 0, zh: 募集资金/营业收入倍数下限}
basis: 《企业信息公示暂行条例》第十条、第十八条（公示信息隐瞒真实情况、弄虚作假）；《防范和处置非法集资条例》第十三条
explanation: "{subject_name}上报{year}年度募集资金{raised}万元，但从业人数仅{employees}人、营业收入{revenue}万元（募集资金为营收的{multiple}倍）；{claim}。"
---*/
MATCH (e:Enterprise)
WHERE coalesce(e.reported_funds_raised, 0.0) >= $min_raised
  AND coalesce(e.reported_employees, 0) <= $max_employees
  AND e.reported_funds_raised >= $min_raised_to_revenue * coalesce(e.reported_revenue, 0.0)
RETURN e AS subject, e.reported_year AS year, e.reported_funds_raised AS raised,
       coalesce(e.reported_employees, 0) AS employees, coalesce(e.reported_revenue, 0.0) AS revenue,
       CASE WHEN coalesce(e.reported_revenue, 0.0) > 0 THEN e.reported_funds_raised / e.reported_revenue ELSE e.reported_funds_raised END AS multiple,
       CASE WHEN e.reported_fundraising = false THEN '且声明未开展理财或集资业务，前后矛盾' ELSE '并自认开展理财或集资业务' END AS claim,
       CASE WHEN e.reported_fundraising = false THEN 1.0 ELSE 0.7 END AS strength,
       [e] AS evidence_nodes
LIMIT $limit
