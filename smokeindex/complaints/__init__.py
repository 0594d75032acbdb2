"""Complaints from the public (投诉举报) and rewards (举报奖励): an open, rate-limited submission form with a receipt
code, entity resolution to enterprises, merging into leads, and a reward ledger. See ``service`` for the flow."""
