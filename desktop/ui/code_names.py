"""The national vehicle code tables (desktop.domain.vehicle_codes: 号牌种类, 车辆类型, 使用性质, 车身颜色)
in the UI language. The codes and their Chinese names are the platform's and stay in the domain;
this is their English for the English screen. A code missing here shows its Chinese name (a test keeps
the tables in step with the domain's).

车辆类型 (146 codes) are put together from their parts, as the Chinese names are: 重型 + 厢式 + 货车 →
heavy + box + truck."""

from __future__ import annotations

from desktop.domain import vehicle_codes
from desktop.ui.notify import ui_language

HPZL_EN = {
    "01": "large vehicle", "02": "small vehicle", "03": "embassy vehicle", "04": "consulate vehicle",
    "05": "foreign (border) vehicle", "06": "foreign-owned vehicle", "07": "motorcycle", "08": "moped",
    "13": "low-speed vehicle", "14": "tractor", "15": "trailer", "16": "driving-school vehicle",
    "17": "driving-school motorcycle", "20": "temporary entry vehicle", "22": "temporary plate vehicle",
    "23": "police vehicle", "24": "police motorcycle", "26": "Hong Kong cross-border vehicle",
    "27": "Macao cross-border vehicle", "51": "large new-energy vehicle", "52": "small new-energy vehicle",
}
SYXZ_EN = {
    "A": "non-operating", "B": "highway passenger transport", "C": "public bus", "D": "taxi", "E": "tourist coach",
    "F": "goods transport", "G": "rental", "H": "police", "I": "fire service", "J": "ambulance",
    "K": "engineering rescue", "L": "ex-operating, now private", "M": "ex-taxi, now private",
    "N": "driving school", "O": "kindergarten school bus", "P": "primary school bus", "Q": "junior high school bus",
    "R": "hazardous goods transport", "S": "school bus", "T": "ride-hailing",
    "U": "ex-ride-hailing, now private",
}
CSYS_EN = {
    "A": "white", "B": "grey", "C": "yellow", "D": "pink", "E": "red", "F": "purple", "G": "green", "H": "blue",
    "I": "brown", "J": "black", "Z": "other",
}
# 两客一危一货 (VehicleView.key_operating)
KEY_OPERATING_EN = {"客运": "passenger", "旅游": "tourist", "危化": "hazardous goods", "重货": "heavy goods"}

# The parts of the 车辆类型 names, longest first when read (a part may contain a shorter one).
CLLX_PARTS = {
    "大型": "large", "中型": "medium", "小型": "small", "微型": "mini", "重型": "heavy", "轻型": "light",
    "普通": "ordinary", "双层": "double-deck", "卧铺": "sleeper", "铰接": "articulated", "越野": "off-road",
    "专用": "special-purpose", "轿车": "saloon car", "客车": "bus", "校车": "school bus", "面包车": "van",
    "厢式": "box", "封闭": "enclosed", "罐式": "tank", "平板": "flatbed", "集装厢": "container",
    "集装箱": "container", "自卸": "dump", "特殊结构": "special-structure", "仓栅式": "stake", "旅居": "caravan",
    "货车": "truck", "低速": "low-speed", "半挂牵引车": "semi-trailer tractor", "全挂牵引车": "full-trailer tractor",
    "半挂车": "semi-trailer", "全挂车": "full trailer", "正三轮": "three-wheeled", "侧三轮": "sidecar",
    "二轮": "two-wheeled", "轻便": "light", "载客": "passenger", "载货": "goods", "摩托车": "motorcycle",
    "三轮汽车": "three-wheeled vehicle", "无轨电车": "trolleybus", "有轨电车": "tram", "轮式": "wheeled",
    "拖拉机": "tractor", "手扶": "walk-behind", "变形运输机": "transporter", "专项作业车": "special-operation vehicle",
    "其它": "other",
}


def parts_in_english(name: str) -> str | None:
    """A 车辆类型 name read part by part (longest part first); None when a part is not known."""
    words, i = [], 0
    ordered = sorted(CLLX_PARTS, key=len, reverse=True)
    while i < len(name):
        part = next((p for p in ordered if name.startswith(p, i)), None)
        if part is None:
            return None
        words.append(CLLX_PARTS[part])
        i += len(part)
    return " ".join(words)


CLLX_EN = {code: english for code, name in vehicle_codes.CLLX.items()
           if (english := parts_in_english(name)) is not None}


def _name(table: dict[str, str], code: str, zh: str) -> str:
    if ui_language() == "en":
        return table.get(code, zh)
    return zh


def cllx(code: str, zh: str = "") -> str:
    return _name(CLLX_EN, code, zh or vehicle_codes.CLLX.get(code, code))


def syxz(code: str, zh: str = "") -> str:
    return _name(SYXZ_EN, code, zh or vehicle_codes.SYXZ.get(code, code))


def csys(code: str, zh: str = "") -> str:
    return _name(CSYS_EN, code, zh or vehicle_codes.CSYS.get(code, code))


def hpzl(code: str, zh: str = "") -> str:
    return _name(HPZL_EN, code, zh or vehicle_codes.HPZL.get(code, code))


def key_operating(zh: str) -> str:
    return _name(KEY_OPERATING_EN, zh, zh)
