"""On-site inspection (现场排查): plans from the risk ranking or a building, checklists, findings with photos, results
that join the party's record and can become leads, and the ledger (台账). See ``service`` for the flow."""
