"""Evidence packages for the police (公安经侦): a subgraph exported as one zip (JSON, GraphML, CSV, Turtle) whose
signed manifest proves that no byte has changed since export, and the verifier that checks it."""

from smokeindex.evidence.package import build_package
from smokeindex.evidence.verify import VerifyReport, verify_package

__all__ = ["VerifyReport", "build_package", "verify_package"]
