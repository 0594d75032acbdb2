"""Pick and open the configured store (``SMOKEINDEX_STORE=falkordb|neo4j``)."""

from __future__ import annotations

from smokeindex.config import Settings, get_settings
from smokeindex.errors import ConfigError
from smokeindex.graph.base import GraphStore


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the store the settings name; raises ``StoreUnavailable`` (clear message) if it cannot be reached."""
    s = settings or get_settings()
    if s.store == "neo4j":
        from smokeindex.graph.neo4j_store import Neo4jStore

        if s.neo4j_password is None:
            raise ConfigError("SMOKEINDEX_STORE=neo4j 需要设置 SMOKEINDEX_NEO4J_PASSWORD (Neo4j password not set)")
        return Neo4jStore(
            s.neo4j_uri,
            s.neo4j_user,
            s.neo4j_password.get_secret_value(),
            database=s.neo4j_database,
            connect_timeout_s=s.neo4j_connect_timeout_s,
            query_timeout_s=s.query_timeout_s,
            batch_size=s.batch_size,
        )
    from smokeindex.graph.falkordb_store import FalkorStore

    return FalkorStore(
        s.falkordb_path,
        graph_name=s.falkordb_graph,
        fsync=s.falkordb_fsync,
        start_timeout_s=s.falkordb_start_timeout_s,
        query_timeout_s=s.query_timeout_s,
        batch_size=s.batch_size,
    )
