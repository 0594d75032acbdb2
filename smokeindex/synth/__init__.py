"""Synthetic world generator: raw multi-department files with planted schemes, dirt and ground truth."""

from smokeindex.synth.dirt import DirtConfig
from smokeindex.synth.manifest import Manifest
from smokeindex.synth.world import generate_world

__all__ = ["DirtConfig", "Manifest", "generate_world"]
