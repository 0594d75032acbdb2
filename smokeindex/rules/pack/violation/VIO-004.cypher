/*---
id: VIO-004
name: 未持牌企业向众多个人收取理财投资类款项
description: 未取得金融业务许可的企业，其账户收到众多不同自然人以“理财款、投资款、养老床位款、藏品认购、入门费”等名义的转入，具备非法吸收公众存款的“社会性”与“利诱性”特征。
dimension: violation
typologies: [illegal_fundraising, pyramid_scheme]
severity: 0.8
params:
  memos: {type: string, default: "理财款,投资款,养老床位款,藏品认购,入门费,认购款,会员费", zh: 集资类交易摘要（逗号分隔）}
  min_persons: {type: integer, default: 10, min: 2, zh: 出资自然人数下限}
  licensed_industries: {type: string, default: "J66,J67,J68,J69", zh: 持牌金融行业代码前缀（逗号分隔）}
  licence_markers: {type: string, default: "许可证号,登记编号,金融许可证,批准文件", zh: 经营范围中表明持牌的字样（逗号分隔）}
basis: 《防范和处置非法集资条例》第二条（未经依法许可向不特定对象吸收资金）；最高人民法院《关于审理非法集资刑事案件具体应用法律若干问题的解释》第一条（社会性、利诱性）
explanation: "{subject_name}未取得金融许可，却收到{persons}名自然人以“{memos_found}”名义转入的{txns}笔款项，合计{total}元。"
---*/
MATCH (e:Enterprise)-[:HAS_ACCOUNT]->(ea:BankAccount)<-[t:TRANSFERRED_TO]-(pa:BankAccount)<-[:HAS_ACCOUNT]-(p:Person)
WHERE t.memo IN split($memos, ',')
  AND size(coalesce(e.licences, [])) = 0
  AND NONE(c IN split($licensed_industries, ',') WHERE coalesce(e.industry_code, '') STARTS WITH c)
  AND NONE(m IN split($licence_markers, ',') WHERE coalesce(e.business_scope, '') CONTAINS m)
WITH e, collect(DISTINCT p) AS people, collect(DISTINCT ea) AS accounts, collect(t) AS txs,
     collect(DISTINCT t.memo) AS memos_found, sum(t.amount) AS total
WHERE size(people) >= $min_persons
RETURN e AS subject, size(people) AS persons, size(txs) AS txns, memos_found, total,
       CASE WHEN size(people) >= 3 * $min_persons THEN 1.0
            ELSE 0.6 + 0.4 * toFloat(size(people)) / (3.0 * $min_persons) END AS strength,
       [e] + accounts + people[0..20] AS evidence_nodes, txs[0..50] AS evidence_rels
LIMIT $limit
