"""Enterprise attributes: names, industries (GB/T 4754), business scope, capital, contacts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from smokeindex.synth.regions import RegionTree

ZIHAO_CHARS = (
    "华鑫恒泰盛达腾飞瑞祥和丰泽源宏远信诚嘉禾博睿智凯锦绣天成金辉永康佳豪新宇中科东方海纳云帆创联通汇利众合安顺德隆"
    "兴旺晟鼎昊宸琪骏铭君越峰启航星辰伟业弘毅正元明道锐思恺润沣灏璟翔宁致远"
)


@dataclass(frozen=True, slots=True)
class Industry:
    """A GB/T 4754-2017 industry class with naming words and a business scope template."""

    code: str
    words: tuple[str, ...]
    scope: str
    weight: float
    capital: tuple[int, ...]


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "I6513",
        ("网络科技", "信息技术", "软件科技", "数据科技"),
        "一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务",
        14,
        (10, 50, 100, 200, 500, 1000),
    ),
    Industry(
        "F5191",
        ("贸易", "商贸", "进出口"),
        "一般项目：日用百货销售；五金产品批发；电子产品销售；服装服饰批发；货物进出口",
        16,
        (10, 50, 100, 300, 500),
    ),
    Industry(
        "F5292",
        ("电子商务", "网络销售"),
        "一般项目：互联网销售（除销售需要许可的商品）；食品销售（仅销售预包装食品）；日用品销售",
        8,
        (10, 50, 100),
    ),
    Industry(
        "C3489",
        ("机械制造", "机电设备", "精密机械"),
        "一般项目：通用设备制造（不含特种设备制造）；机械零件、零部件加工；机械设备销售",
        9,
        (100, 500, 1000, 3000),
    ),
    Industry("C1810", ("服饰", "制衣"), "一般项目：服装制造；服装服饰零售；针纺织品销售", 5, (50, 100, 500)),
    Industry(
        "E4710",
        ("建设工程", "建筑工程", "装饰工程"),
        "许可项目：建设工程施工；住宅室内装饰装修（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
        7,
        (100, 500, 1000, 2000),
    ),
    Industry("H6210", ("餐饮管理", "餐饮"), "许可项目：餐饮服务；食品经营。一般项目：餐饮管理", 7, (10, 30, 50, 100)),
    Industry(
        "L7239",
        ("商务咨询", "企业管理咨询", "信息咨询"),
        "一般项目：企业管理咨询；信息咨询服务（不含许可类信息咨询服务）；市场营销策划；会议及展览服务",
        10,
        (10, 50, 100, 500),
    ),
    Industry(
        "L7212",
        ("投资管理", "资产管理", "股权投资"),
        "一般项目：以自有资金从事投资活动；资产管理服务（未经金融等监管部门批准，不得从事向公众融资存款、"
        "融资担保、代客理财等金融服务）",
        4,
        (500, 1000, 3000, 5000),
    ),
    Industry(
        "P8399",
        ("教育科技", "文化培训", "职业培训"),
        "一般项目：教育咨询服务（不含涉许可审批的教育培训活动）；业余体育培训；文化艺术交流活动",
        5,
        (10, 50, 100),
    ),
    Industry(
        "R8930",
        ("健身", "体育发展"),
        "一般项目：健身休闲活动；体育场地设施经营（不含高危险性体育运动）",
        3,
        (10, 50, 100),
    ),
    Industry("K7020", ("物业管理", "物业服务"), "一般项目：物业管理；停车场服务；家政服务", 4, (50, 100, 300)),
    Industry(
        "G5430",
        ("物流", "供应链管理"),
        "一般项目：普通货物仓储服务；国内货物运输代理；供应链管理服务",
        5,
        (50, 100, 500),
    ),
    Industry(
        "Q8514",
        ("养老服务", "健康管理"),
        "一般项目：养老服务；护理机构服务（不含医疗服务）；健康咨询服务（不含诊疗服务）",
        2,
        (50, 100, 500),
    ),
    Industry(
        "C2761",
        ("生物科技", "健康科技"),
        "一般项目：生物技术推广服务；保健食品（预包装）销售；化妆品零售",
        1,
        (100, 500, 1000),
    ),
)
INDUSTRY_BY_CODE = {i.code: i for i in INDUSTRIES}
MICROLOAN = Industry(
    "J6635",
    ("小额贷款",),
    "许可项目：在杭州市范围内办理各项小额贷款；办理小企业发展、管理、财务等咨询业务（凭浙江省地方金融监督管理局"
    "批准文件经营，许可证号：{licence}）",
    0,
    (5000, 10000, 20000),
)
PRIVATE_FUND = Industry(
    "J6760",
    ("私募基金管理", "股权投资基金管理"),
    "一般项目：私募股权投资基金管理、创业投资基金管理服务（须在中国证券投资基金业协会完成登记备案后方可从事经营"
    "活动，登记编号：{licence}）",
    0,
    (1000, 3000, 5000),
)
HOLDING = Industry(
    "L7211",
    ("集团", "控股集团"),
    "一般项目：企业总部管理；以自有资金从事投资活动；企业管理咨询；供应链管理服务",
    0,
    (10000, 50000, 100000),
)

ETYPE_PERSON = "有限责任公司(自然人投资或控股)"
ETYPE_SOLE = "有限责任公司(自然人独资)"
ETYPE_CORP = "有限责任公司(非自然人投资或控股的法人独资)"
ETYPE_JOINT = "股份有限公司(非上市、自然人投资或控股)"
ETYPE_BRANCH = "有限责任公司分公司(自然人投资或控股)"
STATUSES = ("存续", "吊销", "注销", "经营异常")
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "aliyun.com", "foxmail.com")
_LATIN = "abcdefghijklmnopqrstuvwxyz"


class NameBook:
    """Hands out unique enterprise names (by canonical form)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def _zihao(self, rng: random.Random, length: int) -> str:
        return "".join(rng.choice(ZIHAO_CHARS) for _ in range(length))

    def zihao(self, rng: random.Random) -> str:
        """A fresh 2-character trade name (may repeat across enterprises)."""
        return self._zihao(rng, 2)

    def make(
        self,
        rng: random.Random,
        city: str,
        word: str,
        *,
        zihao: str | None = None,
        joint: bool = False,
        paren_city: bool = False,
    ) -> tuple[str, str]:
        """A unique full name and its trade name, e.g. 杭州鼎盛网络科技有限公司 / 鼎盛."""
        form = "股份有限公司" if joint else "有限公司"
        length = 2
        attempt = 0
        while True:
            z = zihao if zihao is not None and attempt == 0 else (zihao or "") + self._zihao(rng, length)
            if zihao is not None and attempt > 0:
                z = zihao + self._zihao(rng, 1 + attempt // 4)
            name = f"{z}（{city}）{word}{form}" if paren_city else f"{city}{z}{word}{form}"
            if name not in self._used:
                self._used.add(name)
                return name, z
            attempt += 1
            if attempt % 6 == 0:
                length += 1

    def reserve(self, name: str) -> bool:
        """Claim an exact name; False if taken."""
        if name in self._used:
            return False
        self._used.add(name)
        return True


def pick_industry(rng: random.Random) -> Industry:
    """A background industry, weighted by prevalence."""
    return rng.choices(INDUSTRIES, weights=[i.weight for i in INDUSTRIES])[0]


def make_address(rng: random.Random, regions: RegionTree, street: str) -> str:
    """A street-level address, e.g. 浙江省杭州市西湖区文新街道文三路123号5幢801室."""
    city = regions.city_of(street)
    road = rng.choice(regions.roads[city.code])
    num = rng.randint(1, 999)
    tail = rng.choice(("", f"{rng.randint(1, 12)}幢", f"{rng.randint(1, 30)}楼", f"{rng.randint(1, 8)}号楼"))
    room = f"{rng.randint(1, 28)}{rng.randint(1, 20):02d}室" if rng.random() < 0.7 else ""
    return f"{regions.full_name(street)}{road}{num}号{tail}{room}"


def make_mobile(rng: random.Random) -> str:
    """An 11-digit mobile number."""
    return f"1{rng.choice('35789')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"


def make_landline(rng: random.Random, area: str) -> str:
    """A landline with area code, e.g. 0571-88776655."""
    return f"{area}-{rng.choice('5678')}{rng.randint(0, 9_999_999):07d}"


def make_email(rng: random.Random, handle_hint: str | None = None) -> str:
    """A plausible contact email."""
    if rng.random() < 0.4:
        return f"{rng.randint(10_000_000, 3_999_999_999)}@qq.com"
    handle = handle_hint or "".join(rng.choice(_LATIN) for _ in range(rng.randint(4, 8)))
    return f"{handle}{rng.randint(0, 999)}@{rng.choice(EMAIL_DOMAINS)}"


def city_short(regions: RegionTree, street: str) -> str:
    """The city name without 市, e.g. 杭州."""
    return regions.city_of(street).name.removesuffix("市")


INDUSTRY_BY_CODE.update({i.code: i for i in (MICROLOAN, PRIVATE_FUND, HOLDING)})
