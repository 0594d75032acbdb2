"""HanLP models from local directories, loaded with HanLP's own loader (``hanlp.load``) and never downloaded.

Two kinds of directory are read here, both in HanLP's format (a ``config.json`` or ``meta.json`` whose ``classpath``
names the component class; HanLP instantiates it and calls its ``load(directory)``):

* a HanLP NER model named by ``SMOKEINDEX_HANLP_MODEL_DIR`` (e.g. an unpacked ``MSRA_NER_ELECTRA_SMALL_ZH`` or a
  multi-task ``CLOSE_TOK_POS_NER_SRL_DEP_SDP_CON_ELECTRA_SMALL_ZH`` copied from a machine with network access);
  :class:`HanLPNer` runs it sentence by sentence and turns its spans into ORG / PERSON / LOC entities;
* our own typology classifier, saved by :class:`~smokeindex.text.typology.TypologyComponent` as a HanLP component.

No network: the value must be an existing local directory (a HanLP identifier such as ``MSRA_NER_BERT_BASE_ZH`` or a
URL is refused, since ``hanlp.load`` would download it), Hugging Face is put in offline mode while loading, and
HanLP's "is there a newer HanLP on PyPI" check on a failed load is switched off. Every failure is a
:class:`~smokeindex.errors.ConfigError` whose message (Chinese + English) says what the directory must hold.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from smokeindex.errors import ConfigError
from smokeindex.text.normalize import split_sentences

HANLP_ENV = "SMOKEINDEX_HANLP_MODEL_DIR"
HOW_TO = (
    f"请把 {HANLP_ENV} 设为本机上一个 HanLP 模型目录（含 config.json 或 meta.json，其中 classpath 指明组件类，"
    "以及模型权重与词表文件，例如在联网机器上用 hanlp.load 下载后从 ~/.hanlp 复制的 NER 模型目录），"
    "或取消该设置以使用离线流程 "
    f"(set {HANLP_ENV} to a local HanLP model directory holding config.json or meta.json with a classpath, plus the "
    "weights and vocabularies, e.g. an NER model copied from ~/.hanlp of a machine with network access; or unset it "
    "to use the offline pipeline)"
)
# HanLP NER label sets: MSRA (NR/NS/NT), OntoNotes and PKU/CoNLL style names
LABELS = {
    "NT": "ORG", "ORG": "ORG", "ORGANIZATION": "ORG", "NR": "PERSON", "PER": "PERSON", "PERSON": "PERSON",
    "NS": "LOC", "LOC": "LOC", "LOCATION": "LOC", "GPE": "LOC",
}  # fmt: skip
_cache: dict[str, Any] = {}


@contextlib.contextmanager
def _offline() -> Iterator[io.StringIO]:
    """Hugging Face offline, HanLP's PyPI version check off, HanLP's error log captured instead of printed."""
    import hanlp.utils.component_util as cu

    def no_pypi(*_: Any, **__: Any) -> Any:
        raise ConnectionError("offline")

    saved_env = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    saved_check = cu.get_latest_info_from_pypi
    os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    cu.get_latest_info_from_pypi = no_pypi
    log = io.StringIO()
    try:
        with contextlib.redirect_stderr(log), contextlib.redirect_stdout(io.StringIO()):
            yield log
    finally:
        cu.get_latest_info_from_pypi = saved_check
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def load_dir(path: str | Path, *, what: str = "HanLP 模型 (HanLP model)", how_to: str = HOW_TO) -> Any:
    """A HanLP component from a local directory through ``hanlp.load``; :class:`ConfigError` when that fails.

    Args:
        path: the model directory.
        what: what the directory is, for messages.
        how_to: how to configure or make a working one, appended to every message.

    Returns:
        The loaded ``hanlp.common.component.Component``.

    Raises:
        ConfigError: no such directory, no ``config.json``/``meta.json``, no ``classpath``, hanlp not installed, or
            the component failed to load (its error is quoted).
    """
    p = Path(path).expanduser()
    if not p.is_dir():
        raise ConfigError(f"{what}目录不存在: {path} (no such directory)。{how_to}")
    meta = next((p / f for f in ("config.json", "meta.json") if (p / f).is_file()), None)
    if meta is None:
        raise ConfigError(f"{what}目录 {p} 中没有 config.json 或 meta.json (not a HanLP model directory)。{how_to}")
    try:
        import json

        classpath = json.loads(meta.read_text(encoding="utf-8")).get("classpath")
    except (OSError, ValueError) as e:
        raise ConfigError(f"{what}的 {meta.name} 无法读取 ({e}) (unreadable {meta.name})。{how_to}") from e
    if not classpath:
        raise ConfigError(f"{what}的 {meta.name} 缺少 classpath 字段 (no classpath in {meta.name})。{how_to}")
    try:
        import hanlp
    except ImportError as e:
        raise ConfigError(
            f"未安装 hanlp 包，无法加载{what}；请 `pip install hanlp` (the hanlp package is missing)"
        ) from e
    key = f"{p.resolve()}@{meta.stat().st_mtime_ns}"  # a retrained model in the same place is loaded again
    if key in _cache:
        return _cache[key]
    with _offline() as log:
        try:
            component = hanlp.load(str(p.resolve()), verbose=False, devices=-1)
        except Exception as e:  # any failure inside HanLP or the component: one clear message, no traceback
            detail = str(e).split("\n")[0] or type(e).__name__
            hint = log.getvalue().strip().splitlines()[:1]
            raise ConfigError(
                f"{what}加载失败: {p} ({type(e).__name__}: {detail}{'; ' + hint[0] if hint else ''})。{how_to}"
            ) from e
    _cache[key] = component
    return component


def _is_multitask(component: Any) -> bool:
    return type(component).__name__ == "MultiTaskLearning"


class HanLPNer:
    """Runs a loaded HanLP NER (or multi-task) component on a text and returns ORG / PERSON / LOC spans.

    A single-task NER component gets each sentence as a list of characters (HanLP's Chinese NER models are
    character-level) and answers ``(text, label, start, end)`` tuples in character offsets. A multi-task component
    gets the sentence as a string and answers a document whose ``tok*`` and ``ner*`` fields give token spans, mapped
    back to characters here. Labels outside :data:`LABELS` (dates, numbers …) are left to the rule extractors.
    """

    def __init__(self, component: Any, path: str = "") -> None:
        self.component = component
        self.path = path
        self.multitask = _is_multitask(component)

    @classmethod
    def from_dir(cls, path: str | Path) -> HanLPNer:
        """Load ``path`` with :func:`load_dir` (cached per directory)."""
        return cls(load_dir(path), str(path))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` character spans of ``text`` (label in ORG, PERSON, LOC), sorted."""
        sents = [(a, b) for a, b in split_sentences(text) if text[a:b].strip()]
        if not sents:
            return []
        pieces = [text[a:b] for a, b in sents]
        try:
            with _offline():
                out = self.component(pieces) if self.multitask else self.component([list(s) for s in pieces])
        except Exception as e:
            raise ConfigError(f"HanLP 模型运行失败 ({type(e).__name__}: {e}) (the HanLP model failed)。{HOW_TO}") from e
        found: list[tuple[int, int, str]] = []
        rows = self._rows(out, pieces)
        for (a, _), row in zip(sents, rows, strict=True):
            for start, end, label in row:
                mapped = LABELS.get(str(label).upper())
                if mapped and 0 <= start < end:
                    found.append((a + start, a + end, mapped))
        return sorted(set(found))

    def _rows(self, out: Any, pieces: list[str]) -> list[list[tuple[int, int, str]]]:
        """Per sentence, ``(start, end, label)`` in characters of that sentence."""
        if not self.multitask:
            if pieces and len(pieces) == 1 and out and isinstance(out[0], tuple):
                out = [out]  # a component that unwraps a batch of one
            return [[(int(e[2]), int(e[3]), str(e[1])) for e in row] for row in out]
        tok_key = next((k for k in out if k.startswith("tok")), None)
        ner_key = next((k for k in out if k.startswith("ner")), None)
        if tok_key is None or ner_key is None:
            return [[] for _ in pieces]
        rows = []
        for sent, toks, ents in zip(pieces, out[tok_key], out[ner_key], strict=True):
            offsets, pos = [], 0
            for t in toks:  # tokens are substrings of the sentence, in order
                at = sent.find(t, pos)
                at = pos if at < 0 else at
                offsets.append((at, at + len(t)))
                pos = at + len(t)
            row = []
            for e in ents:
                b, f = int(e[2]), int(e[3])
                if 0 <= b < f <= len(offsets):
                    row.append((offsets[b][0], offsets[f - 1][1], str(e[1])))
            rows.append(row)
        return rows


def configured_ner() -> HanLPNer | None:
    """The NER model named by ``SMOKEINDEX_HANLP_MODEL_DIR``, or None when the setting is empty."""
    path = os.environ.get(HANLP_ENV, "").strip()
    return HanLPNer.from_dir(path) if path else None
