"""黑名单库 the blacklist: who is listed, why, by whom and until when; the rules read the active entries."""
