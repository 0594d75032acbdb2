/*---
id: CRE-004
name: 列入经营异常或被吊销且注册资本零实缴
description: 企业被列入经营异常名录或被吊销营业执照，同时认缴了可观的注册资本却实缴为零，信用与偿付能力双重缺失，常见于为集资、放贷团伙充当资金通道的空壳公司。
dimension: credit
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.4
params:
  statuses: {type: string, default: "经营异常", zh: 信用异常登记状态（逗号分隔，可加“吊销”）}
  min_registered: {type: number, default: 100, min: 0, zh: 注册资本下限（万元）}
  max_paid_in: {type: number, default: 0, min: 0, zh: 实缴资本上限（万元）}
basis: 《企业信息公示暂行条例》第十七条、第十八条（经营异常名录与信用约束）；《市场主体登记管理条例》
explanation: "{subject_name}登记状态为“{status}”，注册资本{registered}万元而实缴资本仅{paid_in}万元。"
---*/
MATCH (e:Enterprise)
WHERE e.status IN split($statuses, ',')
  AND coalesce(e.registered_capital, 0.0) >= $min_registered
  AND coalesce(e.paid_in_capital, 0.0) <= $max_paid_in
RETURN e AS subject, e.status AS status, e.registered_capital AS registered, coalesce(e.paid_in_capital, 0.0) AS paid_in,
       CASE WHEN e.registered_capital >= 10.0 * $min_registered THEN 1.0 ELSE 0.8 END AS strength,
       [e] AS evidence_nodes
LIMIT $limit
