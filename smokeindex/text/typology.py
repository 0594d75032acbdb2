"""Typology classifier: character n-gram TF-IDF + logistic regression, calibrated (``CalibratedClassifierCV``),
trained on the generator's annotated texts and saved as a HanLP component directory under ``<data_dir>/text/typology``.

The directory is in HanLP's format: ``config.json`` with ``classpath`` = :class:`TypologyComponent` (a subclass of
HanLP's ``Component``), ``hanlp_version`` and the training metadata, plus ``typology.joblib`` with the fitted
scikit-learn pipeline. :func:`load_model` reads it with HanLP's own loader, ``hanlp.load(directory)``.

Digits are folded to 0 and whitespace removed before vectorising, so amounts and dates do not become features of one
case. Without a saved model, :func:`load_model` raises :class:`TypologyModelMissing`, whose message says how to train.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
from hanlp.common.component import Component

from smokeindex.errors import ConfigError
from smokeindex.text.normalize import normalize

TYPOLOGIES = ("illegal_fundraising", "pyramid_scheme", "illegal_lending", "other")
TYPOLOGY_ZH = {"illegal_fundraising": "非法集资", "pyramid_scheme": "传销", "illegal_lending": "非法放贷",
               "other": "其他"}  # fmt: skip
MODEL_DIR = "typology"
WEIGHTS_FILE = "typology.joblib"
MODEL_VERSION = 2
HOLDOUT_PERCENT = 20
_DIGITS = re.compile(r"\d")
_WS = re.compile(r"\s+")


class TypologyModelMissing(ConfigError):
    """No trained typology model where the settings point; the message tells how to train one."""


def model_path(data_dir: Path) -> Path:
    """Where the typology model lives: the HanLP component directory ``<data_dir>/text/typology``."""
    return data_dir / "text" / MODEL_DIR


def prepare(text: str) -> str:
    """The form the classifier reads: normalised, no whitespace, digits folded to 0."""
    return _DIGITS.sub("0", _WS.sub("", normalize(text)))


@dataclass(frozen=True, slots=True)
class Example:
    """One annotated text of a generated world."""

    text: str
    typology: str
    group: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    cues: list[dict[str, Any]] = field(default_factory=list)
    target_uscc: str | None = None

    @property
    def held_out(self) -> bool:
        """Deterministic 20 % hold-out by group (the target enterprise), so one scheme never sits on both sides."""
        return zlib.crc32(self.group.encode("utf-8")) % 100 < HOLDOUT_PERCENT


def read_annotations(world: Path) -> list[Example]:
    """The annotated texts of a generated world (``<world>/annotations/texts.jsonl``)."""
    path = world / "annotations" / "texts.jsonl"
    if not path.is_file():
        raise ConfigError(f"找不到标注文本 {path}；请用 `smokeindex synth` 生成的世界目录 (no annotations in {world})")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            typ = d.get("typology") or "other"
            out.append(
                Example(
                    text=d["text"],
                    typology=typ if typ in TYPOLOGIES else "other",
                    group=str(d.get("gang_id") or d.get("target_uscc") or d.get("record_id") or d["text"]),
                    entities=list(d.get("entities") or ()),
                    cues=list(d.get("cues") or ()),
                    target_uscc=d.get("target_uscc"),
                )
            )
    return out


class TypologyModel:
    """Calibrated char n-gram classifier over :data:`TYPOLOGIES`."""

    def __init__(self, pipeline: Any, meta: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.meta = meta

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], *, source: str = "", seed: int = 0) -> TypologyModel:
        """Fit on texts and their typology labels; calibration uses up to 3 folds (fewer for tiny sets)."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        if len(texts) != len(labels) or not texts:
            raise ConfigError("训练数据为空或文本与标签数量不一致 (no training data)")
        counts = {lab: labels.count(lab) for lab in set(labels)}
        if len(counts) < 2:
            raise ConfigError(f"训练数据至少需要两个类别，现有 {sorted(counts)} (need at least two typologies)")
        folds = max(2, min(3, min(counts.values())))
        base = LogisticRegression(C=10.0, max_iter=2000, random_state=seed)
        clf: Any = CalibratedClassifierCV(base, cv=folds, method="sigmoid") if min(counts.values()) >= 2 else base
        pipe = make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=1, sublinear_tf=True, max_features=200_000),
            clf,
        )
        pipe.fit([prepare(t) for t in texts], list(labels))
        meta = {"version": MODEL_VERSION, "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "source": source, "n_texts": len(texts), "classes": counts}  # fmt: skip
        return cls(pipe, meta)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def predict_proba(self, texts: Iterable[str]) -> list[dict[str, float]]:
        """Probability of each typology per text (every typology present, unseen ones at 0)."""
        probs = self.pipeline.predict_proba([prepare(t) for t in texts])
        out = []
        for row in probs:
            d = dict.fromkeys(TYPOLOGIES, 0.0)
            for c, p in zip(self.classes, row, strict=True):
                d[c] = round(float(p), 4)
            out.append(d)
        return out

    def save(self, path: Path) -> Path:
        """Save as a HanLP component directory (see the module docstring); replaces what ``path`` held."""
        return TypologyComponent(self).save(path)


class TypologyComponent(Component):
    """Our typology model as a HanLP component, so ``hanlp.load(directory)`` gives it back.

    HanLP's loader reads ``config.json``, imports ``classpath``, calls the class without arguments and then
    ``load(directory)``; ``predict`` takes a text or a list of texts and returns typology probabilities.
    """

    def __init__(self, model: TypologyModel | None = None) -> None:
        super().__init__()
        self.model = model
        self.config: dict[str, Any] = {}

    def save(self, save_dir: Path | str) -> Path:
        import hanlp.version

        if self.model is None:
            raise ConfigError("没有可保存的类型分类模型 (no model to save)")
        path = Path(save_dir)
        tmp = path.with_name(path.name + ".tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        joblib.dump({"pipeline": self.model.pipeline}, tmp / WEIGHTS_FILE)
        config = {"classpath": f"{type(self).__module__}.{type(self).__qualname__}",
                  "hanlp_version": hanlp.version.__version__, "weights": WEIGHTS_FILE, **self.model.meta}  # fmt: skip
        (tmp / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        tmp.replace(path)
        return path

    def load(self, save_dir: str, **_: Any) -> None:
        """Called by ``hanlp.load``; ``verbose``/``devices`` are HanLP's loader arguments and mean nothing here."""
        path = Path(save_dir)
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if config.get("version") != MODEL_VERSION:
            raise ValueError(f"model version {config.get('version')} != {MODEL_VERSION}")
        data = joblib.load(path / Path(config.get("weights", WEIGHTS_FILE)).name)
        meta = {k: v for k, v in config.items() if k not in ("classpath", "hanlp_version", "weights")}
        self.model = TypologyModel(data["pipeline"], meta)
        self.config = config

    def predict(self, texts: str | list[str], **_: Any) -> Any:
        """Typology probabilities of one text (a dict) or of a list of texts (a list of dicts)."""
        if self.model is None:
            raise ValueError("component not loaded")
        if isinstance(texts, str):
            return self.model.predict_proba([texts])[0]
        return self.model.predict_proba(texts)


def load_model(path: Path) -> TypologyModel:
    """Load a saved model with ``hanlp.load``; :class:`TypologyModelMissing` (with the command to train one) when
    there is none, :class:`ConfigError` (retrain) when the directory is not a loadable model."""
    from smokeindex.text.hanlp_models import load_dir

    train = (
        "请先训练：`smokeindex text train <生成的世界目录>` (train it with `smokeindex text train WORLD`, "
        "e.g. after `smokeindex synth --enterprises 2000 --out /tmp/world`)"
    )
    if not path.exists():
        raise TypologyModelMissing(f"类型分类模型不存在: {path}。{train} (typology model missing)")
    if not path.is_dir():
        raise ConfigError(
            f"类型分类模型应为 HanLP 组件目录，{path} 是文件（旧的 joblib 格式？）；请重新训练。{train} "
            f"(the typology model is a HanLP component directory now; retrain)"
        )
    component = load_dir(path, what="类型分类模型 (typology model)", how_to=f"请重新训练 (retrain)。{train}")
    model = getattr(component, "model", None)
    if not isinstance(model, TypologyModel):
        raise ConfigError(f"{path} 不是类型分类模型 (not a typology model)；请重新训练 (retrain)。{train}")
    return model
