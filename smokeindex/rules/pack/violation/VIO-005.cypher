/*---
id: VIO-005
name: 已吊销、注销或列入经营异常仍在发行产品或对外宣传
description: 登记状态为吊销、注销或经营异常的企业，仍在发行理财产品、发布涉及理财投资或借贷的广告招聘，或运营 App、小程序、公众号，说明其在失去合法经营资格后继续对外招揽资金。普通招聘广告、仅保留历史网站（kind=site）的不计入。
dimension: violation
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.6
params:
  statuses: {type: string, default: "吊销,注销,经营异常", zh: 异常登记状态（逗号分隔）}
  ad_words: {type: string, default: "理财,投资,收益,年化,月息,起投,借款,贷款,放款,返利,入门费,保本,回报", zh: 计入的广告须含有的金融用语（逗号分隔）}
  channel_kinds: {type: string, default: "app,mini_program,official_account", zh: 计入的网络渠道类型（逗号分隔）}
basis: 《市场主体登记管理条例》第三十一条、第四十三条（注销、吊销后不得继续经营）；《企业经营异常名录管理暂行办法》
explanation: "{subject_name}登记状态为“{status}”，仍在开展对外业务：发行产品{products}款、发布金融类广告招聘{ads}条、运营App/小程序/公众号{sites}个。"
---*/
MATCH (e:Enterprise)
WHERE e.status IN split($statuses, ',')
OPTIONAL MATCH (e)-[r1:ISSUES]->(p:Product)
WITH e, collect(DISTINCT p) AS ps, collect(DISTINCT r1) AS r1s
OPTIONAL MATCH (e)-[r2:PUBLISHED]->(a:Advertisement)
WHERE ANY(x IN split($ad_words, ',') WHERE coalesce(a.text, '') CONTAINS x)
WITH e, ps, r1s, collect(DISTINCT a) AS ads, collect(DISTINCT r2) AS r2s
OPTIONAL MATCH (e)-[r3:OPERATES]->(w:Website)
WHERE w.kind IN split($channel_kinds, ',')
WITH e, ps, r1s, ads, r2s, collect(DISTINCT w) AS ws, collect(DISTINCT r3) AS r3s
WHERE size(ps) + size(ads) + size(ws) > 0
RETURN e AS subject, e.status AS status, size(ps) AS products, size(ads) AS ads, size(ws) AS sites,
       CASE WHEN size(ps) > 0 THEN 1.0 ELSE 0.7 END AS strength,
       [e] + ps + ads + ws AS evidence_nodes, r1s + r2s + r3s AS evidence_rels
LIMIT $limit
