"""The model registry: a saved model comes back identical, by version or as the newest, and refuses a graph it cannot
read."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import torch

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.gnn import registry
from smokeindex.gnn.registry import check_compatible, list_models, load_model, save_model
from smokeindex.gnn.train import Trained, predict, train
from tests.gnn.synthetic import EDGE, NODE, Synthetic, small_config


def test_save_and_load_by_version_and_latest(tmp_path: Path, synthetic: Synthetic, trained_camo: Trained) -> None:
    version = save_model(tmp_path, trained_camo, synthetic.graph, {"val_auprc": trained_camo.val_auprc})
    assert (tmp_path / version / "model.pt").is_file() and (tmp_path / version / "model.json").is_file()
    want = predict(trained_camo, synthetic.graph)[NODE]
    for loaded, card in (load_model(tmp_path, version), load_model(tmp_path)):
        assert card["version"] == version
        np.testing.assert_array_equal(predict(loaded, synthetic.graph)[NODE], want)
        assert loaded.config == trained_camo.config and loaded.calibration == trained_camo.calibration
        assert loaded.best_epoch == trained_camo.best_epoch and loaded.history == trained_camo.history
    card = load_model(tmp_path, version)[1]
    assert card["feature_names"] == synthetic.graph.feature_names
    assert card["edge_types"] == [list(et) for et in synthetic.graph.edge_types]
    assert card["snapshot_id"] == synthetic.graph.snapshot_id and card["code_version"]
    assert card["metrics"] == {"val_auprc": trained_camo.val_auprc}
    assert [c["version"] for c in list_models(tmp_path)] == [version]


def test_a_rsage_model_round_trips_too(tmp_path: Path, synthetic: Synthetic) -> None:
    trained = train(synthetic.graph, synthetic.labels, synthetic.split, small_config("rsage", 0, epochs=3))
    version = save_model(tmp_path, trained, synthetic.graph)
    loaded, _ = load_model(tmp_path, version)
    np.testing.assert_array_equal(predict(loaded, synthetic.graph)[NODE], predict(trained, synthetic.graph)[NODE])


class _SameSecond(datetime):
    """A clock inside one second: it still moves on, by a microsecond per reading."""

    ticks = 0

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        cls.ticks += 1
        return datetime(2025, 1, 2, 3, 4, 5, cls.ticks, tzinfo=UTC)


def test_two_models_saved_in_the_same_second_are_both_kept(
    tmp_path: Path, synthetic: Synthetic, trained_camo: Trained, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "datetime", _SameSecond)
    other = copy.deepcopy(trained_camo)
    with torch.no_grad():
        for p in other.model.parameters():
            p.add_(0.01)
    first = save_model(tmp_path, trained_camo, synthetic.graph)
    second = save_model(tmp_path, other, synthetic.graph)  # e.g. `gnn train` run twice by a script
    assert first != second
    assert [c["version"] for c in list_models(tmp_path)] == [first, second]
    latest, card = load_model(tmp_path)
    assert card["version"] == second
    np.testing.assert_array_equal(predict(latest, synthetic.graph)[NODE], predict(other, synthetic.graph)[NODE])


def test_unknown_version_and_empty_registry(tmp_path: Path, synthetic: Synthetic, trained_camo: Trained) -> None:
    with pytest.raises(NotFound):
        load_model(tmp_path)
    save_model(tmp_path, trained_camo, synthetic.graph)
    with pytest.raises(NotFound, match="camo-nope"):
        load_model(tmp_path, "camo-nope")


def test_a_graph_with_other_features_is_refused(tmp_path: Path, synthetic: Synthetic, trained_camo: Trained) -> None:
    version = save_model(tmp_path, trained_camo, synthetic.graph)
    _, card = load_model(tmp_path, version)
    check_compatible(card, synthetic.graph)  # the same layout passes
    renamed = copy.copy(synthetic.graph)
    renamed.feature_names = {NODE: ["g", *synthetic.graph.feature_names[NODE][1:]]}
    with pytest.raises(ValidationFailed, match=version):
        check_compatible(card, renamed)
    wider = copy.copy(synthetic.graph)
    wider.feature_names = {NODE: [*synthetic.graph.feature_names[NODE], "extra"]}
    with pytest.raises(ValidationFailed):
        check_compatible(card, wider)


def test_a_graph_with_other_relationship_types_is_refused(
    tmp_path: Path, synthetic: Synthetic, trained_camo: Trained
) -> None:
    # the features are the same, but a relationship type the model never saw appeared (say, the first transfers were
    # loaded): the model cannot read it, and the log-degree inputs grew by a column
    version = save_model(tmp_path, trained_camo, synthetic.graph)
    _, card = load_model(tmp_path, version)
    data = copy.copy(synthetic.graph.data)
    extra = (NODE, "pays", NODE)
    data[extra].edge_index = data[EDGE].edge_index[:, :50].clone()
    data[extra].edge_weight = torch.ones(50)
    grown = copy.copy(synthetic.graph)
    grown.data = data
    assert grown.feature_names == card["feature_names"] and len(grown.edge_types) == 2
    assert synthetic.graph.edge_types == [EDGE]  # the shared graph is untouched
    with pytest.raises(ValidationFailed):
        check_compatible(card, grown)


def test_an_ensemble_trains_both_architectures_and_round_trips(tmp_path: Path, synthetic: Synthetic) -> None:
    trained = train(synthetic.graph, synthetic.labels, synthetic.split, small_config("ensemble", 0, epochs=3))
    assert trained.config.model == "ensemble"
    kinds = {type(m).__name__ for m in trained.model.members}  # type: ignore[union-attr]
    assert kinds == {"CamoGNN", "RelSAGE"}
    assert {r["member"] for r in trained.history} == {0.0, 1.0}  # both members' training is on record
    want = predict(trained, synthetic.graph)[NODE]
    assert np.all((want >= 0) & (want <= 1))
    version = save_model(tmp_path, trained, synthetic.graph)
    loaded, card = load_model(tmp_path, version)
    assert card["config"]["model"] == "ensemble"
    np.testing.assert_array_equal(predict(loaded, synthetic.graph)[NODE], want)
