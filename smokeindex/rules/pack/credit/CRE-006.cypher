/*---
id: CRE-006
name: 列入本地非法金融活动黑名单
description: 企业或自然人被本地监管部门在处置环节列入黑名单库（案件办理中的“列入黑名单”），条目未撤销且在有效期内。黑名单是处置结论，重新出现的关联企业或人员应优先核查。
dimension: credit
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.8
params:
  min_entries: {type: integer, default: 1, min: 1, zh: 有效黑名单条目数下限}
basis: 《防范和处置非法集资条例》关于将非法集资有关单位和个人的信用信息纳入信用记录、实施联合惩戒的规定；本地黑名单库管理办法
explanation: "{subject_name}已被{authorities}列入黑名单（{reasons}），自{since}起有效。"
---*/
MATCH (b:BlacklistEntry)-[r:BLACKLISTS]->(s)
WHERE b.revoked_at IS NULL AND toString(b.valid_from) <= $as_of AND (b.valid_to IS NULL OR b.valid_to >= $as_of)
WITH s, collect(b) AS entries, collect(r) AS rels
WHERE size(entries) >= $min_entries
RETURN s AS subject, [x IN entries | x.authority] AS authorities, [x IN entries | x.reason] AS reasons,
       reduce(m = '9999-12-31', x IN entries | CASE WHEN toString(x.valid_from) < m THEN toString(x.valid_from) ELSE m END) AS since,
       [s] + entries AS evidence_nodes, rels AS evidence_rels
LIMIT $limit
