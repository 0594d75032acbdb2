"""案件档案 case files: a lead with its tasks, events, evidence, dispositions and warnings, exportable as one package."""
