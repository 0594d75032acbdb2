/*---
id: OPE-007
name: 短期内频繁变更法定代表人或住所
description: 企业在一年左右的时间内多次变更法定代表人（负责人）或住所（经营场所）。实际控制人轮换“挂名”法定代表人、不断迁移注册地址以逃避追查，是为非法集资、传销、套路贷搭建的空壳公司的典型特征；正常企业的变更较少，且多间隔数年（增资、迁址、换届）。
dimension: operational
typologies: [illegal_fundraising, pyramid_scheme, illegal_lending]
severity: 0.5
params:
  items: {type: string, default: "legal_rep,address", zh: 计入的变更事项类别（逗号分隔：legal_rep 法定代表人、address 住所、registered_capital 注册资本、business_scope 经营范围、shareholder 股东）}
  min_changes: {type: integer, default: 3, min: 2, max: 50, zh: 窗口内变更次数下限}
  window_days: {type: integer, default: 365, min: 1, max: 3650, zh: 窗口天数}
  lookback_days: {type: integer, default: 1825, min: 30, max: 7300, zh: 只看运行日期前多少天内的变更}
basis: 《市场主体登记管理条例》第二十四条（变更登记）；《防范和处置非法集资条例》第十三条（监测预警）
explanation: "{subject_name}在{first_on}至{last_on}期间（{window_days}天内）办理了{n}次变更登记（法定代表人{n_rep}次、住所{n_address}次），短期内频繁更换法定代表人或注册地址，具有空壳公司、挂名法人特征。"
---*/
WITH toInteger(substring($as_of, 5, 2)) AS am,
     toInteger(substring($as_of, 0, 4)) - CASE WHEN substring($as_of, 5, 2) <= '02' THEN 1 ELSE 0 END AS ay
WITH 365 * ay + toInteger(ay / 4.0) - toInteger(ay / 100.0) + toInteger(ay / 400.0)
     + toInteger((153 * ((am + 9) % 12) + 2) / 5.0) + toInteger(substring($as_of, 8, 2)) AS today
MATCH (e:Enterprise)-[r:HAS_CHANGE]->(c:RegistryChange)
WHERE c.item IN split($items, ',') AND c.changed_on <= $as_of
WITH today, e, r, c, toInteger(substring(c.changed_on, 5, 2)) AS m,
     toInteger(substring(c.changed_on, 0, 4)) - CASE WHEN substring(c.changed_on, 5, 2) <= '02' THEN 1 ELSE 0 END AS yy
WITH today, e, r, c, 365 * yy + toInteger(yy / 4.0) - toInteger(yy / 100.0) + toInteger(yy / 400.0)
     + toInteger((153 * ((m + 9) % 12) + 2) / 5.0) + toInteger(substring(c.changed_on, 8, 2)) AS d
WHERE today - d <= $lookback_days
WITH e, collect(c) AS cs, collect(r) AS rs, collect(d) AS ds
WHERE size(cs) >= $min_changes
WITH e, cs, rs, ds,
     [i IN range(0, size(ds) - 1) | size([x IN ds WHERE x >= ds[i] AND x <= ds[i] + $window_days])] AS counts
WITH e, cs, rs, ds, counts,
     reduce(b = 0, i IN range(0, size(counts) - 1) | CASE WHEN counts[i] > counts[b] THEN i ELSE b END) AS best
WHERE counts[best] >= $min_changes
WITH e, counts[best] AS n,
     [i IN range(0, size(ds) - 1) WHERE ds[i] >= ds[best] AND ds[i] <= ds[best] + $window_days] AS idx, cs, rs
WITH e, n, [i IN idx | cs[i]] AS win, [i IN idx | rs[i]] AS wrs
RETURN e AS subject, n,
       size([x IN win WHERE x.item = 'legal_rep']) AS n_rep, size([x IN win WHERE x.item = 'address']) AS n_address,
       reduce(m = '9999-12-31', x IN win | CASE WHEN x.changed_on < m THEN x.changed_on ELSE m END) AS first_on,
       reduce(m = '0000-01-01', x IN win | CASE WHEN x.changed_on > m THEN x.changed_on ELSE m END) AS last_on,
       CASE WHEN n >= 2 * $min_changes THEN 1.0 ELSE 0.7 + 0.3 * (n - $min_changes) / toFloat($min_changes) END AS strength,
       [e] + win[0..50] AS evidence_nodes, wrs[0..50] AS evidence_rels
LIMIT $limit
