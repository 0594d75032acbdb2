// 由 smokeindex schema generate 生成，请勿手工修改 (generated from smokeindex/schema; do not edit)
CREATE INDEX FOR (n:Address) ON (n.address_id);
CREATE INDEX FOR (n:Address) ON (n.text);
CREATE INDEX FOR (n:Address) ON (n.region_code);
CREATE INDEX FOR (n:Advertisement) ON (n.ad_id);
CREATE INDEX FOR (n:Advertisement) ON (n.published_on);
CREATE INDEX FOR (n:BankAccount) ON (n.account_number);
CREATE INDEX FOR (n:BlacklistEntry) ON (n.entry_id);
CREATE INDEX FOR (n:BlacklistEntry) ON (n.subject_key);
CREATE INDEX FOR (n:BlacklistEntry) ON (n.region_code);
CREATE INDEX FOR (n:CaseFile) ON (n.case_id);
CREATE INDEX FOR (n:CaseFile) ON (n.lead_id);
CREATE INDEX FOR (n:CaseFile) ON (n.subject_key);
CREATE INDEX FOR (n:CaseFile) ON (n.region_code);
CREATE INDEX FOR (n:CaseFile) ON (n.status);
CREATE INDEX FOR (n:Complaint) ON (n.complaint_id);
CREATE INDEX FOR (n:Complaint) ON (n.received_at);
CREATE INDEX FOR (n:Complaint) ON (n.region_code);
CREATE INDEX FOR (n:Disposition) ON (n.disposition_id);
CREATE INDEX FOR (n:Disposition) ON (n.lead_id);
CREATE INDEX FOR (n:Disposition) ON (n.kind);
CREATE INDEX FOR (n:Disposition) ON (n.subject_key);
CREATE INDEX FOR (n:Disposition) ON (n.region_code);
CREATE INDEX FOR (n:EducationActivity) ON (n.activity_id);
CREATE INDEX FOR (n:EducationActivity) ON (n.kind);
CREATE INDEX FOR (n:EducationActivity) ON (n.region_code);
CREATE INDEX FOR (n:EducationActivity) ON (n.recorded_by);
CREATE INDEX FOR (n:EducationContent) ON (n.content_id);
CREATE INDEX FOR (n:EducationContent) ON (n.kind);
CREATE INDEX FOR (n:EducationContent) ON (n.region_code);
CREATE INDEX FOR (n:EducationContent) ON (n.region_scope);
CREATE INDEX FOR (n:EducationContent) ON (n.status);
CREATE INDEX FOR (n:Email) ON (n.email);
CREATE INDEX FOR (n:Enterprise) ON (n.uscc);
CREATE INDEX FOR (n:Enterprise) ON (n.name);
CREATE INDEX FOR (n:Enterprise) ON (n.status);
CREATE INDEX FOR (n:Enterprise) ON (n.industry_code);
CREATE INDEX FOR (n:Enterprise) ON (n.region_code);
CREATE INDEX FOR (n:EvidenceFile) ON (n.evidence_id);
CREATE INDEX FOR (n:EvidenceFile) ON (n.sha256);
CREATE INDEX FOR (n:EvidenceFile) ON (n.received_at);
CREATE INDEX FOR (n:EvidenceFile) ON (n.region_code);
CREATE INDEX FOR (n:EvidenceFile) ON (n.attached_to);
CREATE INDEX FOR (n:Finding) ON (n.finding_id);
CREATE INDEX FOR (n:Finding) ON (n.inspection_id);
CREATE INDEX FOR (n:Inspection) ON (n.inspection_id);
CREATE INDEX FOR (n:Inspection) ON (n.plan_id);
CREATE INDEX FOR (n:Inspection) ON (n.uscc);
CREATE INDEX FOR (n:Inspection) ON (n.region_code);
CREATE INDEX FOR (n:Inspection) ON (n.status);
CREATE INDEX FOR (n:Inspection) ON (n.inspected_at);
CREATE INDEX FOR (n:Inspection) ON (n.lead_id);
CREATE INDEX FOR (n:InspectionPlan) ON (n.plan_id);
CREATE INDEX FOR (n:InspectionPlan) ON (n.region_code);
CREATE INDEX FOR (n:InspectionPlan) ON (n.address_id);
CREATE INDEX FOR (n:InspectionPlan) ON (n.created_at);
CREATE INDEX FOR (n:JudicialCase) ON (n.case_number);
CREATE INDEX FOR (n:JudicialCase) ON (n.kind);
CREATE INDEX FOR (n:JudicialCase) ON (n.cause);
CREATE INDEX FOR (n:Lead) ON (n.lead_id);
CREATE INDEX FOR (n:Lead) ON (n.subject_key);
CREATE INDEX FOR (n:Lead) ON (n.region_code);
CREATE INDEX FOR (n:Lead) ON (n.status);
CREATE INDEX FOR (n:Lead) ON (n.created_at);
CREATE INDEX FOR (n:Lead) ON (n.outcome);
CREATE INDEX FOR (n:LeadSource) ON (n.source_id);
CREATE INDEX FOR (n:LeadSource) ON (n.lead_id);
CREATE INDEX FOR (n:LeadSource) ON (n.source_key);
CREATE INDEX FOR (n:LearningRecord) ON (n.learning_id);
CREATE INDEX FOR (n:LearningRecord) ON (n.resident_id);
CREATE INDEX FOR (n:LearningRecord) ON (n.content_id);
CREATE INDEX FOR (n:LearningRecord) ON (n.region_code);
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
CREATE INDEX FOR (n:PublicComplaint) ON (n.complaint_id);
CREATE INDEX FOR (n:PublicComplaint) ON (n.receipt_hash);
CREATE INDEX FOR (n:PublicComplaint) ON (n.content_hash);
CREATE INDEX FOR (n:PublicComplaint) ON (n.kind);
CREATE INDEX FOR (n:PublicComplaint) ON (n.region_code);
CREATE INDEX FOR (n:PublicComplaint) ON (n.submitted_at);
CREATE INDEX FOR (n:PublicComplaint) ON (n.status);
CREATE INDEX FOR (n:PublicComplaint) ON (n.lead_id);
CREATE INDEX FOR (n:Quiz) ON (n.quiz_id);
CREATE INDEX FOR (n:Quiz) ON (n.region_code);
CREATE INDEX FOR (n:Quiz) ON (n.region_scope);
CREATE INDEX FOR (n:Quiz) ON (n.status);
CREATE INDEX FOR (n:QuizAttempt) ON (n.attempt_id);
CREATE INDEX FOR (n:QuizAttempt) ON (n.resident_id);
CREATE INDEX FOR (n:QuizAttempt) ON (n.quiz_id);
CREATE INDEX FOR (n:QuizAttempt) ON (n.region_code);
CREATE INDEX FOR (n:Region) ON (n.code);
CREATE INDEX FOR (n:RegistryChange) ON (n.change_id);
CREATE INDEX FOR (n:RegistryChange) ON (n.item);
CREATE INDEX FOR (n:Resident) ON (n.resident_id);
CREATE INDEX FOR (n:Resident) ON (n.region_code);
CREATE INDEX FOR (n:Reward) ON (n.reward_id);
CREATE INDEX FOR (n:Reward) ON (n.complaint_id);
CREATE INDEX FOR (n:Reward) ON (n.region_code);
CREATE INDEX FOR (n:Reward) ON (n.status);
CREATE INDEX FOR (n:Reward) ON (n.submitted_at);
CREATE INDEX FOR (n:RuleHit) ON (n.hit_id);
CREATE INDEX FOR (n:RuleHit) ON (n.run_id);
CREATE INDEX FOR (n:RuleHit) ON (n.rule_id);
CREATE INDEX FOR (n:RuleHit) ON (n.subject_key);
CREATE INDEX FOR (n:RuleRun) ON (n.run_id);
CREATE INDEX FOR (n:ScoringRun) ON (n.run_id);
CREATE INDEX FOR (n:Task) ON (n.task_id);
CREATE INDEX FOR (n:Task) ON (n.lead_id);
CREATE INDEX FOR (n:Task) ON (n.parent_task_id);
CREATE INDEX FOR (n:Task) ON (n.region_code);
CREATE INDEX FOR (n:Task) ON (n.state);
CREATE INDEX FOR (n:Task) ON (n.created_at);
CREATE INDEX FOR (n:TaskEvent) ON (n.event_id);
CREATE INDEX FOR (n:TaskEvent) ON (n.task_id);
CREATE INDEX FOR (n:TaskEvent) ON (n.at);
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
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE BlacklistEntry PROPERTIES 1 entry_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE CaseFile PROPERTIES 1 case_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Complaint PROPERTIES 1 complaint_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Disposition PROPERTIES 1 disposition_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE EducationActivity PROPERTIES 1 activity_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE EducationContent PROPERTIES 1 content_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Email PROPERTIES 1 email
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Enterprise PROPERTIES 1 uscc
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE EvidenceFile PROPERTIES 1 evidence_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Finding PROPERTIES 1 finding_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Inspection PROPERTIES 1 inspection_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE InspectionPlan PROPERTIES 1 plan_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE JudicialCase PROPERTIES 1 case_number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Lead PROPERTIES 1 lead_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE LeadSource PROPERTIES 1 source_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE LearningRecord PROPERTIES 1 learning_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE NewsArticle PROPERTIES 1 article_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Penalty PROPERTIES 1 document_number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Person PROPERTIES 1 person_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Phone PROPERTIES 1 number
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Product PROPERTIES 1 product_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE PublicComplaint PROPERTIES 1 complaint_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Quiz PROPERTIES 1 quiz_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE QuizAttempt PROPERTIES 1 attempt_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Region PROPERTIES 1 code
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE RegistryChange PROPERTIES 1 change_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Resident PROPERTIES 1 resident_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Reward PROPERTIES 1 reward_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE RuleHit PROPERTIES 1 hit_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE RuleRun PROPERTIES 1 run_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE ScoringRun PROPERTIES 1 run_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Task PROPERTIES 1 task_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE TaskEvent PROPERTIES 1 event_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Warning PROPERTIES 1 warning_id
// GRAPH.CONSTRAINT CREATE <graph> UNIQUE NODE Website PROPERTIES 1 url
