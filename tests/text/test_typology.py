"""A tiny training run: train on a handful of synthetic texts, save, load, predict; the missing-model message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.errors import ConfigError
from smokeindex.text.cli import app
from smokeindex.text.typology import TYPOLOGIES, TypologyComponent, TypologyModelMissing, load_model

TEXTS = {
    "illegal_fundraising": [
        "在{}理财购买理财产品{}万元，对方承诺年化15%，保本保息",
        "向{}财富交了{}万元床位预订款，到期还本",
    ],
    "pyramid_scheme": [
        "朋友拉我进{}优选，交了{}980元会员费，要求发展下线，推荐一人返利30%",
        "{}商城要求拉人头，层级越高返利越多{}",
    ],
    "illegal_lending": ["在{}借APP借款{}千元，被收取砍头息，还遭暴力催收", "{}贷套路贷，爆通讯录上门威胁{}"],
    "other": ["{}餐饮办理储值卡支付{}00元，现申请退费商家拖延", "反映{}物业存在噪音扰民{}，请求处理"],
}
BRANDS = "鼎盛 华众 恒泰 瑞祥 云帆 昊宇 晟鑫 峰道".split()


def write_world(root: Path) -> Path:
    rows = []
    for typ, templates in TEXTS.items():
        for i, brand in enumerate(BRANDS):
            rows.append({"text": templates[i % 2].format(brand, i + 1), "typology": typ, "target_uscc": f"{typ}{i}",
                         "entities": [], "cues": []})  # fmt: skip
    (root / "annotations").mkdir(parents=True)
    (root / "annotations" / "texts.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    return root


def test_train_save_load_predict(tmp_path: Path, no_network: list[object]) -> None:
    world = write_world(tmp_path / "world")
    out = tmp_path / "model" / "typology"
    res = CliRunner().invoke(app, ["train", str(world), "--all", "--out", str(out)])
    assert res.exit_code == 0, res.output
    # saved in HanLP's directory format and read back by HanLP's own loader
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["classpath"] == "smokeindex.text.typology.TypologyComponent" and config["hanlp_version"]
    import hanlp

    component = hanlp.load(str(out), verbose=False)
    assert isinstance(component, TypologyComponent)
    assert max(component("借款被收了砍头息，对方暴力催收").items(), key=lambda kv: kv[1])[0] == "illegal_lending"
    model = load_model(out)
    (probs,) = model.predict_proba(["在某某财富投了5万元，承诺保本保息，年化18%"])
    assert set(probs) == set(TYPOLOGIES) and abs(sum(probs.values()) - 1) < 1e-3
    assert max(probs, key=lambda k: probs[k]) == "illegal_fundraising"
    (lend,) = model.predict_proba(["借款被收了砍头息，对方暴力催收"])
    assert max(lend, key=lambda k: lend[k]) == "illegal_lending"
    res = CliRunner().invoke(app, ["evaluate", str(world), "--model", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["typology"]["macro_f1"] > 0.7
    assert no_network == []


def test_missing_model_tells_how_to_train(tmp_path: Path, no_network: list[object]) -> None:
    with pytest.raises(TypologyModelMissing, match="smokeindex text train"):
        load_model(tmp_path / "nope")
    old = tmp_path / "typology.joblib"  # the format before models became HanLP components
    old.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="重新训练"):
        load_model(old)
    broken = tmp_path / "broken"
    broken.mkdir()
    with pytest.raises(ConfigError, match="config.json"):
        load_model(broken)
    (broken / "config.json").write_text(
        json.dumps({"classpath": "smokeindex.text.typology.TypologyComponent", "version": 2}), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="加载失败.*重新训练"):  # no weights file: HanLP's load fails, we say why
        load_model(broken)
    assert no_network == []
