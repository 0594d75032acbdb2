"""Chinese free text (complaints, news, ads) built piece by piece so entity spans are exact."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

ENTITY_LABELS = ("ORG", "PERSON", "PHONE", "MONEY", "RATE", "DATE", "LOC", "WEBSITE")


@dataclass
class TextBuilder:
    """Appends plain text and labelled mentions, recording character spans."""

    parts: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    cues: list[dict[str, Any]] = field(default_factory=list)
    length: int = 0

    def t(self, s: str) -> TextBuilder:
        """Plain text."""
        self.parts.append(s)
        self.length += len(s)
        return self

    def e(self, label: str, s: str, uscc: str | None = None) -> TextBuilder:
        """A labelled entity mention (ORG mentions carry the enterprise USCC they refer to)."""
        span: dict[str, Any] = {"start": self.length, "end": self.length + len(s), "label": label, "text": s}
        if uscc is not None:
            span["uscc"] = uscc
        self.entities.append(span)
        return self.t(s)

    def cue(self, s: str, kind: str, negated: bool = False) -> TextBuilder:
        """A risk cue phrase (promise, recruitment, usury); ``negated`` when the text denies it."""
        self.cues.append(
            {"start": self.length, "end": self.length + len(s), "kind": kind, "text": s, "negated": negated}
        )
        return self.t(s)

    def text(self) -> str:
        """The text so far."""
        return "".join(self.parts)


def money_text(rng: random.Random, yuan: float) -> str:
    """An amount written the ways people write it: 5万元, 20万, 50000元, 3.5万元."""
    wan = yuan / 10_000
    style = rng.random()
    if wan >= 1 and style < 0.45:
        w = f"{wan:.1f}".removesuffix(".0")
        return f"{w}万元"
    if wan >= 1 and style < 0.7:
        return f"{wan:.0f}万"
    return f"{yuan:.0f}元"


def rate_text(rng: random.Random, annual: float) -> str:
    """A promised rate: 年化18%, 年化收益率12.5%, 月息2分, 每月返还1.5%."""
    style = rng.random()
    a = f"{annual:.1f}".removesuffix(".0")
    if style < 0.45:
        return f"年化{a}%"
    if style < 0.7:
        return f"年化收益率{a}%"
    if style < 0.85:
        return f"每月返还{annual / 12:.1f}%"
    return f"月息{max(1, round(annual / 12))}分"


def date_text(rng: random.Random, d: dt.date) -> str:
    """A date in a complaint: 2023年3月5日 or 2023年3月."""
    return f"{d.year}年{d.month}月{d.day}日" if rng.random() < 0.7 else f"{d.year}年{d.month}月"


def org_variant(rng: random.Random, name: str, zihao: str, brand_words: tuple[str, ...] = ()) -> str:
    """How people name a company: full name, 有限责任公司 variant, without city, or a short alias."""
    r = rng.random()
    if r < 0.45:
        return name
    if r < 0.55 and name.endswith("有限公司") and not name.endswith("股份有限公司"):
        return name.removesuffix("有限公司") + "有限责任公司"
    if r < 0.7 and len(name) > 4:
        return name[2:].removesuffix("有限公司").removesuffix("股份") or name
    if brand_words:
        return zihao + rng.choice(brand_words)
    return name


COMPLAINT_CHANNELS = ("12345政务服务热线", "市场监管投诉平台", "地方金融监管局来信", "网上信访", "公安110转办")
NEWS_SOURCES = ("浙江日报", "钱江晚报", "都市快报", "澎湃新闻", "新浪财经", "本地论坛", "微信公众号", "今日头条")
AD_PLATFORMS = ("微信朋友圈", "抖音", "小区公告栏", "58同城", "BOSS直聘", "微信公众号", "电梯广告", "传单")
