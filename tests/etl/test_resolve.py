"""Entity resolution: hand-made cases, and linking accuracy/precision measured on a generated world."""

from __future__ import annotations

import csv
import json
import random
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest
from stdnum.cn import uscc as uscc_check

from smokeindex.etl.resolve import (
    MERGE_DECISION_FIELDS,
    EnterpriseIndex,
    EnterpriseRecord,
    Match,
    PersonResolver,
    Places,
    canonical_name,
    loose_key,
)
from smokeindex.synth import generate_world

PLACES = ["浙江省", "杭州市", "宁波市", "温州市", "西湖区", "上城区", "鄞州区", "鹿城区"]
FILLER_BRANDS = "华泰盛达腾飞瑞祥和丰泽源宏远信诚嘉禾博睿智凯锦绣天成金辉永康佳豪新宇中科东方海纳"
FILLER_WORDS = ("网络科技", "供应链管理", "商贸", "电子商务", "企业管理咨询")


def _hand_registry() -> list[EnterpriseRecord]:
    """A small registry with the tricky neighbours, plus filler so industry words are learnt."""
    rows: list[EnterpriseRecord] = [
        ("91330106A00000001X", "杭州鼎盛网络科技有限公司", "330106001", None),
        ("91330106A00000002X", "杭州鼎盛网络科技有限公司西湖分公司", "330106002", None),
        ("91330106A00000003X", "杭州恒泰科技有限公司", "330106003", None),
        ("91330212A00000004X", "华众（宁波）电子商务有限公司", "330212001", None),
        ("91330102A00000005X", "杭州瑞祥商贸有限公司", "330102001", None),
        ("91330212A00000006X", "宁波瑞祥商贸有限公司", "330212002", None),
        ("91330106A00000007X", "杭州云帆供应链管理有限公司", "330106004", None),
        ("91330106A00000008X", "杭州昊宇金融信息服务有限公司", "330106005", ["昊宇理财APP"]),
        ("91330106A00000009X", "杭州晟鑫控股集团有限公司", "330106006", None),
        ("91330106A00000010X", "杭州晟鑫物业管理有限公司", "330106007", None),
    ]
    for i, (a, b) in enumerate((a, b) for a in FILLER_BRANDS[:10] for b in FILLER_BRANDS[10:20]):
        rows.append(
            (f"91330102F{i:08d}X", f"温州{a}{b}{FILLER_WORDS[i % len(FILLER_WORDS)]}有限公司", "330302001", None)
        )
    return rows


@pytest.fixture(scope="module")
def index() -> EnterpriseIndex:
    return EnterpriseIndex(_hand_registry(), places=PLACES)


def test_canonical_and_loose_forms() -> None:
    assert canonical_name(" 华众（宁波）电子商务有限责任公司 ") == "华众(宁波)电子商务有限公司"
    places = Places(PLACES)
    assert (
        loose_key("鼎盛（杭州）科技有限公司", places).key == loose_key("杭州鼎盛科技有限公司", places).key == "鼎盛科技"
    )
    assert loose_key("杭州鼎盛网络科技有限公司西湖分公司", places).key == "鼎盛网络科技|西湖"
    assert loose_key("浙江省杭州市鼎盛小额贷款股份有限公司", places).key == "鼎盛小额贷款"
    assert loose_key("安顺网络科技", places).alt == "安顺网络科技"  # a city name that is also a 字号


@pytest.mark.parametrize(
    ("name", "uscc", "method"),
    [
        ("杭州鼎盛网络科技有限公司", "91330106A00000001X", "exact"),
        ("杭州鼎盛网络科技有限责任公司", "91330106A00000001X", "canonical"),
        ("杭州鼎盛网络科技 有限公司", "91330106A00000001X", "canonical"),
        ("华众(宁波)电子商务有限公司", "91330212A00000004X", "canonical"),
        ("鼎盛网络科技", "91330106A00000001X", "loose"),
        ("鼎盛网络科技有限公司西湖分公司", "91330106A00000002X", "loose"),
        ("杭州鼎盛网络科技有限公司西湖区分公司", "91330106A00000002X", "loose"),
        ("恒泰（杭州）科技有限公司", "91330106A00000003X", "loose"),
        ("华众电子商务", "91330212A00000004X", "loose"),
        ("昊宇理财", "91330106A00000008X", "fuzzy"),
        ("晟鑫集团", "91330106A00000009X", "fuzzy"),
        ("杭州云帆供应链管里有限公司", "91330106A00000007X", "fuzzy"),
        ("杭州鼎盛网络科技有线公司", "91330106A00000001X", "fuzzy"),
    ],
)
def test_links(index: EnterpriseIndex, name: str, uscc: str, method: str) -> None:
    m = index.match(name)
    assert (m.uscc, m.method) == (uscc, method), m


def test_similar_companies_are_not_picked_blindly(index: EnterpriseIndex) -> None:
    m = index.match("瑞祥商贸")
    assert m.method == "ambiguous" and m.uscc is None
    assert {u for u, _ in m.candidates} == {"91330102A00000005X", "91330212A00000006X"}
    # location evidence breaks the tie: a complaint registered in 宁波鄞州区, or a text naming 宁波
    assert index.match("瑞祥商贸", region_code="330212003").uscc == "91330212A00000006X"
    assert index.match("瑞祥商贸", context="宁波市民反映瑞祥商贸拖欠货款").uscc == "91330212A00000006X"
    assert index.match("瑞祥商贸", region_code="330302001").method == "ambiguous"  # 温州: no evidence either way


def test_no_link(index: EnterpriseIndex) -> None:
    for name in ("北京字节跳动科技有限公司", "宁波鼎盛网络科技有限公司", "鼎盛网络科技有限公司上城分公司", "科技", ""):
        m = index.match(name)
        assert m.uscc is None and m.method in ("none", "ambiguous"), m
    # a different 字号 with the same industry words is a different company, however long the common part
    assert index.match("杭州云海供应链管理有限公司").uscc is None


def test_record(index: EnterpriseIndex) -> None:
    m = index.match("瑞祥商贸", region_code="330212003")
    rec = m.to_record()
    assert tuple(rec) == MERGE_DECISION_FIELDS
    assert rec["input_name"] == "瑞祥商贸" and rec["uscc"] == "91330212A00000006X" and rec["method"] == "loose"
    assert rec["candidates"].count(":") == 2 and rec["reason"]
    assert isinstance(m, Match) and m.linked


def test_person_resolver() -> None:
    pr = PersonResolver(
        [
            ("330106199001011234", "张伟", ["91330106A00000001X"]),
            ("330106198501012345", "张伟", ["91330106A00000003X"]),
            ("330106197001013456", "买买提·艾力", ["91330106A00000003X"]),
        ]
    )
    assert pr.resolve("张伟", ["91330106A00000001X"]).id_number == "330106199001011234"
    assert pr.resolve("张伟").method == "none"  # a name alone never links
    assert pr.resolve("张伟", ["91330106A00000001X", "91330106A00000003X"]).method == "ambiguous"
    assert pr.resolve("张伟", ["91330106A00000009X"]).id_number is None
    assert pr.resolve("买买提•艾力", ["91330106A00000003X"]).method == "name+enterprise"
    assert pr.resolve("李四", ["91330106A00000001X"]).to_record()["method"] == "none"


# -- evaluation on a generated world ------------------------------------------------------------------------------


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def _registry(out: Path) -> tuple[list[EnterpriseRecord], list[str]]:
    """Registry rows with a valid USCC (as the ETL keeps them), APP names as aliases, and the region names."""
    apps: dict[str, list[str]] = defaultdict(list)
    with (out / "websites.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["类型"] == "APP":
                apps[_nfkc(r["统一社会信用代码"])].append(r["网站或应用名称"])
    recs: list[EnterpriseRecord] = []
    seen: set[str] = set()
    with (out / "registry.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            u = _nfkc(r["统一社会信用代码"])
            if u in seen or not r["企业名称"].strip() or not uscc_check.is_valid(u):
                continue
            seen.add(u)
            recs.append((u, r["企业名称"], r["所属区划代码"], apps.get(u)))
    with (out / "regions.csv").open(encoding="utf-8") as f:
        places = [r["名称"] for r in csv.DictReader(f) if r["级别"] in ("省", "市", "区县")]
    return recs, places


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("resolve_world")
    generate_world(out, enterprises=2000, seed=3)
    return out


def _score(index: EnterpriseIndex, items: Sequence[tuple[str, str | None, str | None, str | None]]) -> dict[str, float]:
    """Accuracy (correct USCC / all), precision (correct / linked) and wrong-link rate (wrong / all)."""
    c: Counter[str] = Counter()
    for name, truth, region, context in items:
        m = index.match(name, region_code=region, context=context)
        c["linked"] += m.uscc is not None
        c["ok"] += m.uscc is not None and m.uscc == truth
    n = len(items)
    return {
        "n": n,
        "accuracy": c["ok"] / n,
        "precision": c["ok"] / max(1, c["linked"]),
        "wrong_rate": (c["linked"] - c["ok"]) / n,
    }


def test_linking_on_generated_world(world: Path) -> None:
    recs, places = _registry(world)
    index = EnterpriseIndex(recs, places=places)
    by_canon = {canonical_name(n): u for u, n, _, _ in recs}
    complaints = {}
    with (world / "complaints.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            complaints[r["投诉编号"]] = r
    tags: list[tuple[str, str | None, str | None, str | None]] = []
    with (world / "news.jsonl").open(encoding="utf-8") as f:
        for line in f:
            tags += [(n, by_canon.get(canonical_name(n)), None, None) for n in json.loads(line)["涉及主体"]]
    targets = [
        (r["被投诉对象"], _nfkc(r["被投诉对象统一社会信用代码"]), None, None)
        for r in complaints.values()
        if uscc_check.is_valid(_nfkc(r["被投诉对象统一社会信用代码"]))
    ]
    bare: list[tuple[str, str | None, str | None, str | None]] = []
    with_context: list[tuple[str, str | None, str | None, str | None]] = []
    with (world / "annotations" / "texts.jsonl").open(encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            region = complaints[t["record_id"]]["所属区划代码"] if t["source"] == "complaints" else None
            for e in t["entities"]:
                if e["label"] == "ORG":
                    bare.append((e["text"], e["uscc"], None, None))
                    with_context.append((e["text"], e["uscc"], region, t["text"]))
    results = {
        "news 涉及主体": _score(index, tags),
        "complaint 被投诉对象": _score(index, targets),
        "text ORG (name only)": _score(index, bare),
        "text ORG (+region, text)": _score(index, with_context),
    }
    for label, r in results.items():
        print(
            f"{label}: n={r['n']} accuracy={r['accuracy']:.3f} precision={r['precision']:.3f} wrong={r['wrong_rate']:.3f}"
        )
    # measured on seed 3 (and seeds 5, 7, 11): precision 1.000 everywhere; ORG accuracy 0.85 / 0.87 with context,
    # the misses being brand aliases (鼎盛平台) shared by a gang's parent, platform and branches, left "ambiguous"
    assert results["news 涉及主体"]["precision"] >= 0.97 and results["news 涉及主体"]["accuracy"] >= 0.97
    assert results["complaint 被投诉对象"]["precision"] >= 0.99 and results["complaint 被投诉对象"]["accuracy"] >= 0.97
    assert results["text ORG (name only)"]["precision"] >= 0.97 and results["text ORG (name only)"]["accuracy"] >= 0.8
    assert results["text ORG (+region, text)"]["precision"] >= 0.97
    assert results["text ORG (+region, text)"]["accuracy"] >= results["text ORG (name only)"]["accuracy"]


def _typo(rng: random.Random, name: str) -> str | None:
    """One substituted, deleted, inserted or swapped character between the city and the legal form."""
    pool = FILLER_BRANDS + "网络科技贸易商务咨询管理服务"
    end = len(name) - 4 if name.endswith("有限公司") else len(name)
    if end - 2 < 2:
        return None
    p = rng.randrange(2, end)
    kind = rng.choice("sdit")
    if kind == "s":
        return name[:p] + rng.choice([c for c in pool if c != name[p]]) + name[p + 1 :]
    if kind == "d":
        return name[:p] + name[p + 1 :]
    if kind == "i":
        return name[:p] + rng.choice(pool) + name[p:]
    return name[:p] + name[p + 1] + name[p] + name[p + 2 :] if p + 1 < end and name[p] != name[p + 1] else None


def test_fuzzy_precision_typos_and_held_out(world: Path) -> None:
    """Typos of indexed names must never link wrongly; names of enterprises NOT in the index must (almost) never link."""
    recs, places = _registry(world)
    rng = random.Random(0)
    rng.shuffle(recs)
    cut = int(len(recs) * 0.8)
    index = EnterpriseIndex(recs[:cut], places=places)
    typos = [(t, u) for u, n, _, _ in recs[:800] if (t := _typo(rng, n.replace("（", "(").replace("）", ")")))]
    c: Counter[str] = Counter()
    for q, u in typos:
        m = index.match(q)
        c["typo_ok" if m.uscc == u else "typo_wrong" if m.uscc else "typo_unlinked"] += 1
    held = [n for _, n, _, _ in recs[cut:]]
    c["held_linked"] = sum(index.match(n).uscc is not None for n in held)
    print(dict(c), len(typos), len(held))
    # measured (seed 3 / 5): typo recall 0.49 / 0.51, wrong typo links 0 / 0.001, held-out full names linked 0 / 0.005
    assert c["typo_wrong"] / len(typos) <= 0.005
    assert c["typo_ok"] / len(typos) >= 0.4
    assert c["held_linked"] / len(held) <= 0.01
