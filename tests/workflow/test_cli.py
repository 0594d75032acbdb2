"""``smokeindex workflow escalate | labels | verify-files`` on both real stores (handed in through ``cli._open``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.config import get_settings
from smokeindex.graph import GraphStore, NodeRef
from smokeindex.workflow import cli
from smokeindex.workflow.dispositions.service import record_disposition
from smokeindex.workflow.evidence_files.service import blob_path, upload
from smokeindex.workflow.leads.models import LeadPublic
from smokeindex.workflow.tasks.service import transition
from tests.workflow.conftest import E1, NOW, put_task, viewer
from tests.workflow.test_evidence_files import PDF

runner = CliRunner()


@pytest.fixture
def on_store(world: GraphStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[GraphStore]:
    """The CLI talks to the test's store (left open) and keeps its files under ``tmp_path``."""
    monkeypatch.setattr(cli, "_open", lambda: nullcontext(world))
    monkeypatch.setenv("SMOKEINDEX_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield world
    get_settings.cache_clear()


def test_escalate(on_store: GraphStore, lead: LeadPublic) -> None:
    put_task(on_store, lead_id=lead.lead_id, state="accepted", task_id="T-cli", region_code="330106001", due_at=NOW)
    later = (NOW + timedelta(hours=3)).isoformat()
    out = runner.invoke(cli.app, ["escalate", "--now", later], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "本次升级 1 个任务" in out.output and "区县 330106" in out.output
    again = runner.invoke(cli.app, ["escalate", "--now", later, "--json"])
    assert again.exit_code == 0 and json.loads(again.output) == []
    bad = runner.invoke(cli.app, ["escalate", "--now", "2024-06-03T09:00:00"])
    assert bad.exit_code != 0 and "时区" in str(bad.exception)


def test_labels(on_store: GraphStore, lead: LeadPublic, tmp_path: Path) -> None:
    put_task(
        on_store, lead_id=lead.lead_id, state="disposing", task_id="T-root", parent_task_id=None, conclusion="confirmed"
    )
    record_disposition(on_store, viewer("reg_hz"), lead_id=lead.lead_id, kind="penalty", authority="金融局", now=NOW)
    transition(on_store, viewer("reg_hz"), task_id="T-root", action="close", now=NOW)
    out = runner.invoke(cli.app, ["labels"])
    assert out.exit_code == 0 and out.output.splitlines()[1].startswith(f"Enterprise,{E1.key},1,,workflow,")
    path = tmp_path / "labels.csv"
    assert runner.invoke(cli.app, ["labels", "-o", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == out.output


def test_verify_files(on_store: GraphStore, lead: LeadPublic, tmp_path: Path) -> None:
    record = upload(on_store, viewer("inv_xh"), data_dir=tmp_path, target=NodeRef("Lead", lead.lead_id), data=PDF)
    ok = runner.invoke(cli.app, ["verify-files"])
    assert ok.exit_code == 0 and "完整 1 个" in ok.output
    path = blob_path(tmp_path, record.sha256)
    os.chmod(path, 0o644)
    path.write_bytes(PDF + b"appended")
    bad = runner.invoke(cli.app, ["verify-files", "--json"])
    assert bad.exit_code == 1 and json.loads(bad.output)[0]["status"] == "tampered"
