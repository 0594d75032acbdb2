"""The expert rule engine: a pack of Cypher rules over the ten risk dimensions (``pack/<dimension>/<id>.cypher``),
a runner that records every hit with its evidence and a Chinese explanation, and their fixtures."""

from smokeindex.rules.model import DIMENSIONS, Rule, load_pack, load_pack_from, load_rule
from smokeindex.rules.runner import Hit, RuleRunner, RunResult

__all__ = ["DIMENSIONS", "Hit", "Rule", "RuleRunner", "RunResult", "load_pack", "load_pack_from", "load_rule"]
