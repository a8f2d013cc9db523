"""National vehicle code tables (号牌种类、车辆类型、使用性质、车身颜色、机动车状态) for display,
import and export.

Source: DOMAIN.md §9 — not the official GA texts but the tables as several public implementations
of the national platform (全国机动车登记系统) write them. Where those disagree, both meanings are
accepted on import and the newer one is written. The `*_name` functions are for display and never
raise (an unknown code shows as itself); the `normalize_*` functions are for input and raise a
bilingual ValidationError naming the field.
"""

from __future__ import annotations

import re

from desktop.domain.errors import ValidationError

# 号牌种类 hpzl — two digits on the platform; a spreadsheet often drops the leading zero.
HPZL: dict[str, str] = {
    "01": "大型汽车", "02": "小型汽车", "03": "使馆汽车", "04": "领馆汽车", "05": "境外汽车",
    "06": "外籍汽车", "07": "普通摩托车", "08": "轻便摩托车", "13": "低速车", "14": "拖拉机",
    "15": "挂车", "16": "教练汽车", "17": "教练摩托车", "20": "临时入境汽车", "22": "临时行驶车",
    "23": "警用汽车", "24": "警用摩托", "26": "香港入出境车", "27": "澳门入出境车",
    "51": "大型新能源汽车", "52": "小型新能源汽车",
}


def _series(prefix: str, size: str, kinds: str, suffix: str) -> dict[str, str]:
    """`_series("H1", "重型", "普通 厢式", "货车")` → {"H11": "重型普通货车", "H12": "重型厢式货车"}."""
    return {f"{prefix}{i}": f"{size}{kind}{suffix}" for i, kind in enumerate(kinds.split(), start=1)}


_TRUCK_KINDS = "普通 厢式 封闭 罐式 平板 集装厢 自卸 特殊结构 仓栅式"
_TRAILER_KINDS = "普通 厢式 罐式 平板 集装箱 自卸 特殊结构 仓栅式 旅居"

# 车辆类型 cllx — GA 802 style. 面包车 (K39/K49) matter: the 2022 inspection reform excludes them.
CLLX: dict[str, str] = {
    **{f"K{n}{i}": f"{size}{kind}" for n, size in ((1, "大型"), (2, "中型")) for i, kind in enumerate(
        ("普通客车", "双层客车", "卧铺客车", "铰接客车", "越野客车", "轿车", "专用客车", "专用校车"), start=1)},
    "K31": "小型普通客车", "K32": "小型越野客车", "K33": "小型轿车", "K34": "小型专用客车",
    "K38": "小型专用校车", "K39": "小型面包车",
    "K41": "微型普通客车", "K42": "微型越野客车", "K43": "微型轿车", "K49": "微型面包车",
    **_series("H1", "重型", _TRUCK_KINDS, "货车"),
    **_series("H2", "中型", _TRUCK_KINDS, "货车"),
    **_series("H3", "轻型", _TRUCK_KINDS, "货车"),
    **_series("H4", "微型", "普通 厢式 封闭 罐式 自卸 特殊结构 仓栅式", "货车"),
    **_series("H5", "", "普通 厢式 罐式 自卸 仓栅式", "低速货车"),
    "Q11": "重型半挂牵引车", "Q12": "重型全挂牵引车", "Q21": "中型半挂牵引车",
    "Q22": "中型全挂牵引车", "Q31": "轻型半挂牵引车", "Q32": "轻型全挂牵引车",
    "M11": "普通正三轮摩托车", "M12": "轻便正三轮摩托车", "M13": "正三轮载客摩托车",
    "M14": "正三轮载货摩托车", "M15": "侧三轮摩托车", "M21": "普通二轮摩托车", "M22": "轻便二轮摩托车",
    "N11": "三轮汽车",
    "D11": "无轨电车", "D12": "有轨电车",
    "T11": "大型轮式拖拉机", "T21": "小型轮式拖拉机", "T22": "手扶拖拉机", "T23": "手扶变形运输机",
    **_series("B1", "重型", _TRAILER_KINDS, "半挂车"),
    **_series("B2", "中型", _TRAILER_KINDS, "半挂车"),
    **_series("B3", "轻型", _TRAILER_KINDS, "半挂车"),
    **_series("G1", "重型", _TRAILER_KINDS, "全挂车"),
    **_series("G2", "中型", _TRAILER_KINDS, "全挂车"),
    **_series("G3", "轻型", _TRAILER_KINDS, "全挂车"),
    "Z11": "大型专项作业车", "Z21": "中型专项作业车", "Z31": "小型专项作业车", "Z41": "微型专项作业车",
    "Z51": "重型专项作业车", "Z71": "轻型专项作业车",
    "X99": "其它",
}
# Names people type that are not the table's spelling.
_CLLX_NAME_ALIASES = {"其他": "X99", "轿车": "K33", "面包车": "K39", "普通二轮摩托": "M21"}

# 使用性质 syxz — the newer table; older meanings are accepted on import through the aliases.
SYXZ: dict[str, str] = {
    "A": "非营运", "B": "公路客运", "C": "公交客运", "D": "出租客运", "E": "旅游客运", "F": "货运",
    "G": "租赁", "H": "警用", "I": "消防", "J": "救护", "K": "工程救险", "L": "营转非", "M": "出租转非",
    "N": "教练", "O": "幼儿校车", "P": "小学生校车", "Q": "初中生校车", "R": "危化品运输",
    "S": "中小学生校车", "T": "预约出租客运", "U": "预约出租转非",
}
# Older names (and Z, which only the older table has) → the code written today.
SYXZ_OLDER: dict[str, str] = {"工程抢险": "K", "其他校车": "Q", "其他": "Z", "其它": "Z", "网约车": "T"}
_SYXZ_OLDER_CODES = {"Z": "其他"}

# 车身颜色 csys — one letter per colour; a two-tone car holds several (e.g. "AJ" 白黑).
CSYS: dict[str, str] = {
    "A": "白", "B": "灰", "C": "黄", "D": "粉", "E": "红", "F": "紫", "G": "绿", "H": "蓝", "I": "棕",
    "J": "黑", "Z": "其他",
}
_CSYS_BY_NAME = {**{name: code for code, name in CSYS.items()}, "其它": "Z", "银": "B", "银灰": "B",
                 "咖啡": "I", "橙": "Z", "香槟": "Z"}

# 机动车状态 zt — a vehicle may be in several at once ("GH"). Older meanings in the comments.
VEHICLE_STATUS: dict[str, str] = {
    "A": "正常", "B": "转出", "C": "被盗抢", "D": "停驶", "E": "注销", "G": "违法未处理", "H": "海关监管",
    "I": "事故未处理", "J": "嫌疑车", "K": "查封",
    "L": "扣留",  # older: 暂扣
    "M": "达到报废标准",  # older: 强制注销
    "N": "事故逃逸", "O": "锁定", "P": "达到报废标准公告牌证作废", "Q": "逾期未检验",
}

_SEPARATORS = re.compile(r"[\s,，、/;；|+＋]+")


def _clean(value: object) -> str:
    return str(value or "").strip().replace("\u3000", "")


def hpzl_name(code: str) -> str:
    """号牌种类名称 for display; an unknown code shows as itself."""
    text = _clean(code)
    key = text.zfill(2) if text.isdigit() else text
    return HPZL.get(key, text)


def cllx_name(code: str) -> str:
    """车辆类型名称 for display; an unknown code shows as itself."""
    text = _clean(code)
    return CLLX.get(text.upper(), text)


def syxz_name(code: str) -> str:
    """使用性质名称 for display; an unknown code shows as itself."""
    text = _clean(code)
    return SYXZ.get(text.upper()) or _SYXZ_OLDER_CODES.get(text.upper(), text)


def csys_name(codes: str) -> str:
    """车身颜色 for display: "AJ" → "白黑"; unknown letters show as themselves."""
    return "".join(CSYS.get(letter, letter) for letter in _clean(codes).upper())


def normalize_hpzl(value: str) -> str:
    """号牌种类: "02", "2" or "小型汽车" → "02"."""
    text = _clean(value)
    key = text.zfill(2) if text.isdigit() else text
    if key in HPZL:
        return key
    by_name = {name: code for code, name in HPZL.items()}
    if text in by_name:
        return by_name[text]
    raise ValidationError("hpzl", "hpzl_unknown", f"号牌种类“{text}”不是全国代码表中的代码或名称（如 02 小型汽车）",
                          f"Plate type {text!r} is neither a national code nor its name (e.g. 02 小型汽车)")


def normalize_cllx(value: str) -> str:
    """车辆类型: "k33", "K33" or "小型轿车" → "K33"."""
    text = _clean(value)
    if text.upper() in CLLX:
        return text.upper()
    by_name = {name: code for code, name in CLLX.items()}
    code = by_name.get(text) or _CLLX_NAME_ALIASES.get(text)
    if code:
        return code
    raise ValidationError("cllx", "cllx_unknown", f"车辆类型“{text}”不是全国代码表中的代码或名称（如 K33 小型轿车）",
                          f"Vehicle type {text!r} is neither a national code nor its name (e.g. K33 小型轿车)")


def normalize_syxz(value: str) -> str:
    """使用性质: "a", "A" or "非营运" → "A"; older names (工程抢险, 其他校车) → today's code."""
    text = _clean(value)
    if text.upper() in SYXZ or text.upper() in _SYXZ_OLDER_CODES:
        return text.upper()
    by_name = {name: code for code, name in SYXZ.items()}
    code = by_name.get(text) or SYXZ_OLDER.get(text)
    if code:
        return code
    # "营运" alone is ambiguous (客运? 货运?): refused with the rest, the message asks for the exact one.
    raise ValidationError("syxz", "syxz_unknown", f"使用性质“{text}”不明确，请填写代码或名称（如 A 非营运、F 货运）",
                          f"Use {text!r} is not a national code or name (e.g. A 非营运, F 货运)")


def normalize_csys(value: str) -> str:
    """车身颜色: "A", "aj", "白", "白色", "白/黑", "白黑" → letters ("A", "AJ"), each colour once."""
    text = _clean(value)
    letters: list[str] = []
    for part in (p for p in _SEPARATORS.split(text) if p):
        found = _csys_part(part)
        if found is None:
            raise ValidationError("colour", "colour_unknown",
                                  f"车身颜色“{text}”无法识别，请填写颜色（如 白、黑）或代码（如 A、J）",
                                  f"Colour {text!r} is not recognised: enter a colour name (白, 黑) or letters (A, J)")
        letters.extend(found)
    if not letters:
        raise ValidationError("colour", "colour_required", "请填写车身颜色", "Enter the vehicle's colour")
    return "".join(dict.fromkeys(letters))


def _csys_part(part: str) -> list[str] | None:
    if part.isascii():
        upper = part.upper()
        return list(upper) if all(letter in CSYS for letter in upper) else None
    name = part.removesuffix("色")
    if name in _CSYS_BY_NAME:
        return [_CSYS_BY_NAME[name]]
    # "白黑" / "白色黑色": one-character names run together
    out: list[str] = []
    for char in name.replace("色", ""):
        if char not in _CSYS_BY_NAME:
            return None
        out.append(_CSYS_BY_NAME[char])
    return out or None


def parse_status(zt: str) -> frozenset[str]:
    """机动车状态: "GH" → {"G", "H"}; separators are tolerated, unknown letters are refused."""
    text = _SEPARATORS.sub("", _clean(zt)).upper()
    if not text:
        raise ValidationError("status", "status_required", "机动车状态为空", "The vehicle status is empty")
    unknown = sorted({letter for letter in text if letter not in VEHICLE_STATUS})
    if unknown:
        raise ValidationError("status", "status_unknown",
                              f"机动车状态“{text}”含有未知代码 {'、'.join(unknown)}",
                              f"Vehicle status {text!r} holds unknown codes {', '.join(unknown)}")
    return frozenset(text)


def status_names(zt: frozenset[str] | str) -> str:
    """机动车状态 for display: {"G", "H"} → "违法未处理、海关监管" (in table order)."""
    letters = set(zt)
    return "、".join(name for code, name in VEHICLE_STATUS.items() if code in letters)


# 两客一危一货 (key operating vehicles, 重点营运车辆). Source: 道路运输车辆动态监督管理办法 (交通运输部,
# 2014, amended 2016/2022) Art.2 and Art.7 — 旅游客车、包车客车、三类以上班线客车 (两客), 危险货物运输车辆
# (一危), 重型载货汽车 and 半挂牵引车 (一货). Mapped to the codes the register holds: passenger cars
# (K..) used for 公路客运 B or 旅游客运 E; any vehicle used for 危化品运输 R; heavy trucks H1x and heavy
# tractors Q1x, whatever their use (the hall's 重点车辆 lists include non-operating heavy trucks).
_KEY_PASSENGER = {"B": "客运", "E": "旅游"}


def key_operating_label(cllx: str, syxz: str) -> str:
    """两客一危一货 label: "客运", "旅游", "危化", "重货" or "" (not a key operating vehicle)."""
    code, use = _clean(cllx).upper(), _clean(syxz).upper()
    if use == "R":
        return "危化"
    if code.startswith("K") and use in _KEY_PASSENGER:
        return _KEY_PASSENGER[use]
    if code.startswith(("H1", "Q1")):
        return "重货"
    return ""


def is_key_operating(cllx: str, syxz: str) -> bool:
    """Is this one of the 两客一危一货 (see key_operating_label for the definition and source)?"""
    return key_operating_label(cllx, syxz) != ""
