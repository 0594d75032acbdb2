"""Trained network models on disk, each with the data snapshot it learnt from, its parameters, metrics and the code
version, loaded back by version id: ``<data_dir>/gnn/models/<version>/{model.pt, model.json}``."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch

from smokeindex import __version__
from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.gnn.data import GraphData
from smokeindex.gnn.models import build_model
from smokeindex.gnn.train import TrainConfig, Trained


def code_version() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


def save_model(root: Path, trained: Trained, graph: GraphData, metrics: dict[str, Any] | None = None) -> str:
    created = datetime.now(UTC)
    version = f"{trained.config.model}-{created.strftime('%Y%m%dT%H%M%S%f')}-{graph.snapshot_id[:8]}"
    target = root / version
    target.mkdir(parents=True, exist_ok=False)
    torch.save(trained.model.state_dict(), target / "model.pt")
    card = {
        "version": version,
        "created_at": created.isoformat(timespec="microseconds"),
        "snapshot_id": graph.snapshot_id,
        "code_version": code_version(),
        "config": asdict(trained.config),
        "dims": trained.dims,
        "edge_types": [list(et) for et in graph.edge_types],
        "targets": list(graph.targets),
        "feature_names": graph.feature_names,
        "calibration": {t: list(v) for t, v in trained.calibration.items()},
        "best_epoch": trained.best_epoch,
        "val_auprc": trained.val_auprc,
        "train_seconds": round(trained.seconds, 2),
        "history": trained.history,
        "metrics": metrics or {},
    }
    (target / "model.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
    return version


def list_models(root: Path) -> list[dict[str, Any]]:
    cards = [json.loads(p.read_text(encoding="utf-8")) for p in root.glob("*/model.json")]
    return sorted(cards, key=lambda c: c["created_at"])


def load_model(root: Path, version: str | None = None) -> tuple[Trained, dict[str, Any]]:
    """The model of ``version`` (default: the newest) and its card."""
    cards = list_models(root)
    if not cards:
        raise NotFound(f"{root} 下没有已训练的模型 (no trained model); 先运行 smokeindex gnn train")
    card = cards[-1] if version is None else next((c for c in cards if c["version"] == version), None)
    if card is None:
        raise NotFound(f"模型版本 {version} 不存在 (unknown model version); 可用: {[c['version'] for c in cards]}")
    config = TrainConfig(**card["config"])
    edge_types = [tuple(et) for et in card["edge_types"]]
    model = build_model(
        config.model, card["dims"], edge_types, tuple(card["targets"]), config.hidden, config.layers, config.dropout
    )
    model.load_state_dict(torch.load(root / card["version"] / "model.pt", weights_only=True))
    calibration = {t: (float(v[0]), float(v[1])) for t, v in card["calibration"].items()}
    trained = Trained(
        model, config, card["dims"], calibration, card["best_epoch"], card["val_auprc"], card["history"], 0.0
    )
    return trained, card


def check_compatible(card: dict[str, Any], graph: GraphData) -> None:
    """A model reads features by position: refuse a snapshot whose feature layout differs from the model's."""
    if card["feature_names"] != graph.feature_names or card["edge_types"] != [list(et) for et in graph.edge_types]:
        raise ValidationFailed(
            f"模型 {card['version']} 的特征或关系类型与当前图快照不一致 (feature or relationship layout differs from the snapshot); 请重新训练"
        )
