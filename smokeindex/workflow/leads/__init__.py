"""线索 leads: one lead per subject with all its sources (线索融合), a merge reviewed or undone."""
