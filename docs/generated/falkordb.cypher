// 由 smokeindex schema generate 生成，请勿手工修改 (generated from smokeindex/schema; do not edit)
CREATE INDEX FOR (n:Address) ON (n.address_id);
CREATE INDEX FOR (n:Address) ON (n.text);
CREATE INDEX FOR (n:Address) ON (n.region_code);
CREATE INDEX FOR (n:Advertisement) ON (n.ad_id);
CREATE INDEX FOR (n:Advertisement) ON (n.published_on);
CREATE INDEX FOR (n:BankAccount) ON (n.account_number);
CREATE INDEX FOR (n:Complaint) ON (n.complaint_id);
CREATE INDEX FOR (n:Complaint) ON (n.received_at);
CREATE INDEX FOR (n:Complaint) ON (n.region_code);
CREATE INDEX FOR (n:Email) ON (n.email);
CREATE INDEX FOR (n:Enterprise) ON (n.uscc);
CREATE INDEX FOR (n:Enterprise) ON (n.name);
CREATE INDEX FOR (n:Enterprise) ON (n.status);
CREATE INDEX FOR (n:Enterprise) ON (n.industry_code);
CREATE INDEX FOR (n:Enterprise) ON (n.region_code);
CREATE INDEX FOR (n:JudicialCase) ON (n.case_number);
CREATE INDEX FOR (n:JudicialCase) ON (n.kind);
CREATE INDEX FOR (n:JudicialCase) ON (n.cause);
CREATE INDEX FOR (n:NewsArticle) ON (n.article_id);
CREATE INDEX FOR (n:NewsArticle) ON (n.published_at);
CREATE INDEX FOR (n:Penalty) ON (n.document_number);
CREATE INDEX FOR (n:Person) ON (n.person_id);
CREATE INDEX FOR (n:Person) ON (n.name);
CREATE INDEX FOR (n:Person) ON (n.id_number);
CREATE INDEX FOR (n:Person) ON (n.region_code);
CREATE INDEX FOR (n:Phone) ON (n.number);
CREATE INDEX FOR (n:Product) ON (n.product_id);
CREATE INDEX FOR (n:Product) ON (n.name);
CREATE INDEX FOR (n:Region) ON (n.code);
CREATE INDEX FOR (n:RuleHit) ON (n.hit_id);
CREATE INDEX FOR (n:RuleHit) ON (n.run_id);
CREATE INDEX FOR (n:RuleHit) ON (n.rule_id);
CREATE INDEX FOR (n:RuleHit) ON (n.subject_key);
CREATE INDEX FOR (n:RuleRun) ON (n.run_id);
CREATE INDEX FOR (n:ScoringRun) ON (n.run_id);
CREATE INDEX FOR (n:Warning) ON (n.warning_id);
CREATE INDEX FOR (n:Warning) ON (n.run_id);
CREATE INDEX FOR (n:Warning) ON (n.subject_key);
CREATE INDEX FOR (n:Warning) ON (n.region_code);
CREATE INDEX FOR (n:Warning) ON (n.industry_code);
CREATE INDEX FOR (n:Warning) ON (n.grade);
CREATE INDEX FOR (n:Website) ON (n.url);
CREATE INDEX FOR ()-[r:EXECUTIVE_OF]-() ON (r.role);
CREATE INDEX FOR ()-[r:TRANSFERRED_TO]-() ON (r.txn_id);
CREATE INDEX FOR ()-[r:TRANSFERRED_TO]-() ON (r.at);
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Address PROPERTIES 1 address_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Advertisement PROPERTIES 1 ad_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE BankAccount PROPERTIES 1 account_number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Complaint PROPERTIES 1 complaint_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Email PROPERTIES 1 email
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Enterprise PROPERTIES 1 uscc
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE JudicialCase PROPERTIES 1 case_number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE NewsArticle PROPERTIES 1 article_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Penalty PROPERTIES 1 document_number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Person PROPERTIES 1 person_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Phone PROPERTIES 1 number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Product PROPERTIES 1 product_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Region PROPERTIES 1 code
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE RuleHit PROPERTIES 1 hit_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE RuleRun PROPERTIES 1 run_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE ScoringRun PROPERTIES 1 run_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Warning PROPERTIES 1 warning_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Website PROPERTIES 1 url
