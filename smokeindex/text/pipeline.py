"""The offline text pipeline: normalise → split sentences → extract entities → link organisations → risk expressions
→ typology probabilities, one :class:`Analysis` per text.

Input guard: ``None``/non-text, binary data (NUL bytes, mostly control or undecodable characters) and empty texts give
an :class:`Analysis` with ``error`` set; texts longer than :data:`MAX_CHARS` are analysed on their first
:data:`MAX_CHARS` characters and marked ``truncated``. Nothing in here raises on bad input.

HanLP: without configuration the offline components are used (``hanlp_trie`` for the dictionaries, our rules for
entities, our typology model loaded through ``hanlp.load``). ``SMOKEINDEX_HANLP_MODEL_DIR`` names a local HanLP NER
(or multi-task) model directory; it is loaded with HanLP's own loader, never downloaded
(:mod:`smokeindex.text.hanlp_models`), and its ORG / PERSON / LOC spans are added where the rule extractors found
nothing (rules win on overlap, the model fills the gaps). :func:`hanlp_mode` reports which mode is in use; a missing or
broken directory is a :class:`~smokeindex.errors.ConfigError` saying how to configure one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smokeindex.errors import ConfigError
from smokeindex.text.extract import Entity, Extractor
from smokeindex.text.hanlp_models import HANLP_ENV as HANLP_ENV
from smokeindex.text.hanlp_models import HanLPNer, configured_ner
from smokeindex.text.lexicon import Lexicon, RiskHit, default_lexicon
from smokeindex.text.link import Linker
from smokeindex.text.normalize import Compact, normalize, split_sentences
from smokeindex.text.typology import TYPOLOGY_ZH, TypologyModel

MAX_CHARS = 20_000


def hanlp_mode() -> str:
    """``offline`` unless ``SMOKEINDEX_HANLP_MODEL_DIR`` is set; then ``hanlp:<directory>`` once the model loads
    (:class:`ConfigError` with how to configure it when it does not)."""
    ner = configured_ner()
    return "offline" if ner is None else f"hanlp:{ner.path}"


@dataclass
class Analysis:
    """The result for one text; :meth:`to_dict` is what the CLI prints."""

    text_length: int
    entities: list[Entity] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    risks: list[RiskHit] = field(default_factory=list)
    risk_scores: dict[str, float] = field(default_factory=dict)
    typology: dict[str, float] | None = None
    truncated: bool = False
    error: str | None = None
    lexicon_version: str = ""
    hanlp_error: str | None = None

    @property
    def linked(self) -> list[dict[str, Any]]:
        """Linked enterprises (one per USCC, best confidence first)."""
        best: dict[str, dict[str, Any]] = {}
        for e in self.entities:
            if e.link and e.link.get("uscc"):
                u = e.link["uscc"]
                if u not in best or e.link["confidence"] > best[u]["confidence"]:
                    best[u] = {"uscc": u, "name": e.link["name"], "mention": e.text, "start": e.start, "end": e.end,
                               "method": e.link["method"], "confidence": e.link["confidence"],
                               "role": e.link["role"]}  # fmt: skip
        return sorted(best.values(), key=lambda d: (-d["confidence"], d["start"]))

    @property
    def target(self) -> str | None:
        """The enterprise the text is about: the first linked ``subject`` mention, else the first linked one."""
        links = sorted(self.linked, key=lambda d: d["start"])
        subject = [d for d in links if d["role"] == "subject"]
        return (subject or links or [{"uscc": None}])[0]["uscc"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"length": self.text_length}
        if self.error:
            out["error"] = self.error
        if self.truncated:
            out["truncated"] = True
            out["analysed_chars"] = MAX_CHARS
        out["entities"] = [e.to_dict() for e in self.entities]
        out["linked"] = self.linked
        out["target_uscc"] = self.target
        out["risks"] = [h.to_dict() for h in self.risks]
        out["risk_scores"] = self.risk_scores
        probs = self.typology
        if probs is not None:
            top = max(probs, key=lambda k: probs[k]) if probs else None
            out["typology"] = {"label": top, "zh": TYPOLOGY_ZH.get(top or "", ""), "probabilities": probs}
        out["lexicon_version"] = self.lexicon_version
        if self.hanlp_error:
            out["hanlp_error"] = self.hanlp_error
        return out


def _garbage(text: str) -> str | None:
    """Why a text is not analysable text, or None."""
    if "\x00" in text:
        return "输入含有 NUL 字节，疑似二进制数据 (binary input)"
    sample = text[:4096]
    bad = sum(
        1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd" or 0xE000 <= ord(ch) < 0xF900
    )
    if sample and bad / len(sample) > 0.1:
        return "输入大部分为控制字符或无法解码的字节，疑似二进制数据 (binary input)"
    return None


class TextAnalyzer:
    """Runs the pipeline; ``linker`` and ``model`` are optional (no linking / no typology without them).

    ``ner`` is a HanLP NER model; by default the one ``SMOKEINDEX_HANLP_MODEL_DIR`` names (None when unset), and
    ``ner=False`` turns it off whatever the setting says.
    """

    def __init__(
        self,
        *,
        linker: Linker | None = None,
        model: TypologyModel | None = None,
        lexicon: Lexicon | None = None,
        places: list[str] | None = None,
        ner: HanLPNer | None | bool = True,
    ) -> None:
        self.ner: HanLPNer | None = configured_ner() if ner is True else (ner or None)
        self.linker = linker
        self.model = model
        self.lexicon = lexicon or default_lexicon()
        if places is None and linker is not None:
            places = sorted(linker.index.places.counties)
        self.extractor = Extractor(places or ())

    def analyze(self, text: object) -> Analysis:
        """Analyse one text (see the module docstring for how bad input is reported)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        if not isinstance(text, str):
            return Analysis(0, error=f"输入不是文本 ({type(text).__name__}) (not a text)")
        result = Analysis(len(text), lexicon_version=self.lexicon.version)
        why = _garbage(text)
        if why:
            result.error = why
            return result
        if len(text) > MAX_CHARS:
            text, result.truncated = text[:MAX_CHARS], True
        if not text.strip():
            result.error = "空文本 (empty text)"
            return result
        norm = normalize(text)
        compact = Compact.of(norm)
        hits = self.linker.dictionary_hits(compact) if self.linker else []
        result.sentences = split_sentences(norm)
        model_hits: list[tuple[int, int, str]] = []
        if self.ner is not None:
            try:
                model_hits = self.ner.spans(compact.text)
            except ConfigError as e:  # a model that fails on one text: report it with the result, keep the rules
                result.hanlp_error = e.detail
        result.entities = self.extractor.extract(compact, text, hits, model_hits)
        if self.linker is not None:
            self.linker.link(result.entities, norm)
        result.risks = self.lexicon.find(compact, text)
        result.risk_scores = self.lexicon.scores(result.risks)
        if self.model is not None:
            result.typology = self.model.predict_proba([text])[0]
        return result

    def analyze_many(self, texts: list[str]) -> list[Analysis]:
        """Analyse a batch; the classifier runs once for the whole batch."""
        model, self.model = self.model, None
        try:
            results = [self.analyze(t) for t in texts]
        finally:
            self.model = model
        if model is not None:
            ok = [i for i, r in enumerate(results) if r.error is None]
            for i, p in zip(ok, model.predict_proba([str(texts[i])[:MAX_CHARS] for i in ok]), strict=True):
                results[i].typology = p
        return results
