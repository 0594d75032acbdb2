"""One settings object for the whole system, read from ``SMOKEINDEX_*`` environment variables (or a ``.env`` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from smokeindex.errors import ConfigError
from smokeindex.index.grades import DEFAULT_CUTOFFS, check_cutoffs

PLACEHOLDER_SECRETS = {"changethis", "change-me", "secret", "password", "neo4j"}
DEV_PSEUDONYM_KEY = "development-only-pseudonym-key"
DEV_SECRET_KEY = "development-only-secret-key"
DEV_EVIDENCE_KEY = "development-only-evidence-key"


class Settings(BaseSettings):
    """Deployment settings. Secrets have no defaults; placeholders are refused outside development."""

    model_config = SettingsConfigDict(env_prefix="SMOKEINDEX_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    store: Literal["falkordb", "neo4j"] = "falkordb"
    data_dir: Path = Path("var")

    # Embedded FalkorDB: the project starts and owns the server (unix socket, AOF persistence).
    falkordb_dir: Path | None = Field(default=None, description="defaults to <data_dir>/falkordb")
    falkordb_graph: str = "smokeindex"
    falkordb_fsync: Literal["always", "everysec"] = "always"
    falkordb_start_timeout_s: float = 15.0
    query_timeout_s: float = 120.0

    # Neo4j server (production).
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_connect_timeout_s: float = 5.0

    # Key of the HMAC that turns ID numbers into person ids (person_id); keep it secret and stable per deployment.
    pseudonym_key: SecretStr = SecretStr(DEV_PSEUDONYM_KEY)

    # API security: the key that signs bearer tokens and the audit log's head, the key of the HMAC that signs
    # evidence packages, where users and the audit log live, and the per-user limits.
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)
    evidence_key: SecretStr = SecretStr(DEV_EVIDENCE_KEY)
    security_dir: Path | None = Field(default=None, description="defaults to <data_dir>/security")
    token_ttl_s: int = Field(default=8 * 3600, ge=60, le=30 * 24 * 3600)
    rate_limit_per_minute: int = Field(default=1200, ge=1, description="requests per user per minute")
    profile_cache_s: float = Field(default=5.0, ge=0, le=300, description="how long a served profile is reused")
    max_body_bytes: int = Field(default=1 << 20, ge=1024, description="largest request body accepted")
    max_upload_bytes: int = Field(
        default=11 << 20, ge=1024, description="largest body of an upload route (attachments, photos, files)"
    )

    # Rule engine: per-deployment parameter overrides, e.g. '{"OPE-001": {"max_age_days": 365}}', and a per-rule timeout.
    rule_params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    rule_timeout_s: float = Field(default=60.0, gt=0)

    # Warning grades: the lowest index of 红/橙/黄/蓝, JSON, e.g. '{"red": 85, "orange": 65}' (others keep defaults).
    grade_cutoffs: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CUTOFFS))

    batch_size: int | None = Field(
        default=None, ge=1, le=100_000, description="rows per write; defaults to 10000 (FalkorDB) / 4000 (Neo4j)"
    )

    @field_validator("grade_cutoffs", mode="before")
    @classmethod
    def _check_cutoffs(cls, value: Any) -> dict[str, float]:
        return check_cutoffs(value)

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        if self.environment == "production" and self.store == "neo4j":
            password = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if not password or password.lower() in PLACEHOLDER_SECRETS:
                raise ValueError("SMOKEINDEX_NEO4J_PASSWORD 未设置或为占位值，生产环境拒绝启动 (placeholder refused)")
        if self.environment == "production":
            for name, value, dev in (
                ("PSEUDONYM_KEY", self.pseudonym_key, DEV_PSEUDONYM_KEY),
                ("SECRET_KEY", self.secret_key, DEV_SECRET_KEY),
                ("EVIDENCE_KEY", self.evidence_key, DEV_EVIDENCE_KEY),
            ):
                if value.get_secret_value() in {dev, *PLACEHOLDER_SECRETS}:
                    raise ValueError(f"SMOKEINDEX_{name} 未设置或为占位值，生产环境拒绝启动 (placeholder refused)")
        return self

    @property
    def security_path(self) -> Path:
        return (self.security_dir or self.data_dir / "security").resolve()

    @property
    def falkordb_path(self) -> Path:
        return (self.falkordb_dir or self.data_dir / "falkordb").resolve()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once; raises ``ConfigError`` with a readable message."""
    try:
        return Settings()
    except ValueError as e:
        raise ConfigError(f"配置错误 (invalid settings): {e}") from e
