"""业务目录: the businesses a window accepts — materials, fees, time limits — read from a TOML file
under resources/catalog/ so an office changes a fee or a material list without a code change.

Pure: the caller reads the file and passes its text to `parse_catalog`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from desktop.domain.catalog_fields import (
    FORM_FIELDS_BY_KIND,
    NEVER_DEFERRABLE_BY_KIND,
    PLATE_KINDS,
    VEHICLE_FIELDS,
    VEHICLE_NEVER_DEFERRABLE,
    VEHICLE_ONLY_BUSINESS_KEYS,
    VEHICLE_ONLY_TOP_KEYS,
)
from desktop.domain.errors import ValidationError

# The vehicle vocabularies under their original names; every kind's are in catalog_fields.py.
NEVER_DEFERRABLE = VEHICLE_NEVER_DEFERRABLE
FORM_FIELDS = VEHICLE_FIELDS
KINDS = tuple(FORM_FIELDS_BY_KIND)

PLATE_RULE = "plate"  # a fee rule priced by the 号牌种类 through [plate_fee_by_type]

# Codes and names are copied onto every case (store/vehicle_models.py: business code String(24), material
# and fee item codes String(32); names 40/60/40), so a catalogue that would not fit is refused on loading,
# not at the window in the middle of an acceptance.
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_WIDTH = {"business": (24, 40), "material": (32, 60), "fee": (32, 40)}  # (code, name)
# The English twins (name_en, note_en …) are shown on screen only, never stored on a case or printed, so
# they may be longer than the Chinese; they are optional: an office's own catalogue without them shows
# the Chinese in the English interface.
_EN_WIDTH = 200
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

_TOP_KEYS = {"kind", "never_deferrable", "fee_items", "plate_fee_by_type", "business"}
_FEE_KEYS = {"name": True, "unit": True, "amount": True, "article": True, "name_en": False, "unit_en": False}
_BUSINESS_KEYS = {"code": True, "name": True, "group": True, "article": True, "time_limit_days": True,
                  "agent_allowed": True, "needs_plate_choice": True, "needs_vehicle": True, "issued": True,
                  "materials": True, "fees": True, "fields": False, "description": False,
                  "name_en": False, "group_en": False, "description_en": False}
_MATERIAL_KEYS = {"code": True, "name": True, "key": True, "note": False, "name_en": False, "note_en": False}
_RULE_KEYS = {"item": True, "quantity": False}


@dataclass(frozen=True)
class FeeItem:
    """收费项目: one priced item (汽车号牌 100元/副)."""

    code: str
    name: str
    unit: str
    amount: Decimal
    article: str
    name_en: str = ""
    unit_en: str = ""

    def name_in(self, lang: str) -> str:
        return in_language(self.name, self.name_en, lang)

    def unit_in(self, lang: str) -> str:
        return in_language(self.unit, self.unit_en, lang)


@dataclass(frozen=True)
class Material:
    """申请材料: key (关键材料) must be in hand; non-key may be 容缺 on a signed commitment."""

    code: str
    name: str
    key: bool
    note: str = ""
    name_en: str = ""
    note_en: str = ""

    def name_in(self, lang: str) -> str:
        return in_language(self.name, self.name_en, lang)

    def note_in(self, lang: str) -> str:
        return in_language(self.note, self.note_en, lang)


@dataclass(frozen=True)
class FeeRule:
    """How many of a fee item a business charges; item "plate" is priced by the 号牌种类."""

    item: str
    quantity: int


@dataclass(frozen=True)
class BusinessType:
    """业务类型: one business of the menu with its materials, fees and 办结时限 (working days)."""

    code: str
    name: str
    group: str
    article: str
    time_limit_days: int  # 工作日 (令164 Art.92; 令162 Art.110)
    agent_allowed: bool  # 可委托代理人 (令164 Art.86; driver: DOMAIN.md §4)
    issued: tuple[str, ...]
    materials: tuple[Material, ...]
    fees: tuple[FeeRule, ...]
    needs_plate_choice: bool  # a number is chosen (选号) at the window (vehicle only; False for driver)
    needs_vehicle: bool  # False when the vehicle is not yet on this office's register (vehicle only)
    fields: tuple[str, ...]
    description: str = ""
    name_en: str = ""
    group_en: str = ""
    description_en: str = ""

    def name_in(self, lang: str) -> str:
        return in_language(self.name, self.name_en, lang)

    def group_in(self, lang: str) -> str:
        return in_language(self.group, self.group_en, lang)

    def description_in(self, lang: str) -> str:
        return in_language(self.description, self.description_en, lang)

    def menu_label(self, lang: str) -> str:
        """The business in a menu: 注册登记 alone when it names its group, else 变更登记 · 迁出."""
        if self.name.startswith(self.group):
            return self.name_in(lang)
        return f"{self.group_in(lang)} · {self.name_in(lang)}"


@dataclass(frozen=True)
class FeeLine:
    """收费明细: one line of the fee notice (号牌 100 × 1 = 100)."""

    item_code: str
    name: str
    unit: str
    quantity: int
    unit_amount: Decimal
    amount: Decimal
    name_en: str = ""

    def name_in(self, lang: str) -> str:
        return in_language(self.name, self.name_en, lang)


@dataclass(frozen=True)
class Catalog:
    """业务目录 of one kind (vehicle, driver), businesses in file order."""

    kind: str
    businesses: dict[str, BusinessType]
    fee_items: dict[str, FeeItem]
    never_deferrable: frozenset[str]
    plate_fee_by_type: dict[str, str] = field(default_factory=dict)

    @property
    def form_fields(self) -> dict[str, str]:
        """The form-field vocabulary of this kind: code → the label a clerk sees."""
        return FORM_FIELDS_BY_KIND[self.kind]

    def business(self, code: str) -> BusinessType:
        try:
            return self.businesses[code]
        except KeyError:
            raise ValidationError("business", "unknown_business", f"未知的业务类型：{code}",
                                  f"unknown business type: {code}") from None

    def groups(self) -> list[tuple[str, list[BusinessType]]]:
        """The menu: groups in the order they first appear, each with its businesses."""
        out: dict[str, list[BusinessType]] = {}
        for b in self.businesses.values():
            out.setdefault(b.group, []).append(b)
        return list(out.items())

    def plate_fee_item(self, plate_type: str | None) -> FeeItem:
        """The plate fee for a 号牌种类 (hpzl, e.g. "02" 小型汽车)."""
        if not plate_type:
            raise ValidationError("plate_type", "plate_type_required", "该业务收取号牌工本费，请选择号牌种类",
                                  "this business charges a plate fee: choose the plate type")
        code = self.plate_fee_by_type.get(plate_type)
        if code is None:
            raise ValidationError("plate_type", "plate_type_no_fee",
                                  f"号牌种类 {plate_type} 在业务目录中没有号牌工本费，本所不能核发",
                                  f"plate type {plate_type} has no plate fee in the catalogue; not issued here")
        return self.fee_items[code]

    def fees_for(self, code: str, plate_type: str | None = None) -> list[FeeLine]:
        """The fee lines of a business; plate_type is needed only when it charges a plate."""
        lines = []
        for rule in self.business(code).fees:
            item = self.plate_fee_item(plate_type) if rule.item == PLATE_RULE else self.fee_items[rule.item]
            lines.append(FeeLine(item.code, item.name, item.unit, rule.quantity, item.amount,
                                 item.amount * rule.quantity, item.name_en))
        return lines

    @staticmethod
    def total(lines: list[FeeLine]) -> Decimal:
        return sum((line.amount for line in lines), Decimal("0.00"))


def in_language(zh: str, en: str, lang: str) -> str:
    """What the screen shows in `lang` ("zh", "en"): the English twin when the catalogue has one, else
    the Chinese (an office's own catalogue may have none). Printed documents always take the Chinese."""
    return en if lang == "en" and en else zh


def deferrable_materials(business: BusinessType) -> tuple[Material, ...]:
    """The materials that may be 容缺 (non-key only)."""
    return tuple(m for m in business.materials if not m.key)


# -- parsing ------------------------------------------------------------------------------------

def _bad(code: str, zh: str, en: str) -> ValidationError:
    return ValidationError("catalog", code, f"业务目录错误：{zh}", f"catalogue error: {en}")


def _keys(table: object, spec: dict[str, bool], where_zh: str, where_en: str) -> dict:
    """The table, after refusing a missing required key or an unknown (mistyped) one."""
    if not isinstance(table, dict):
        raise _bad("catalog_bad_value", f"{where_zh} 应为表", f"{where_en} must be a table")
    for key, required in spec.items():
        if required and key not in table:
            raise _bad("catalog_missing_key", f"{where_zh} 缺少 {key}", f"{where_en} lacks '{key}'")
    for key in table:
        if key not in spec:
            raise _bad("catalog_unknown_key", f"{where_zh} 有未知的键 {key}", f"{where_en} has unknown key '{key}'")
    return table


def _typed(value: object, kind: type, key: str, where_zh: str, where_en: str):
    # bool is an int in Python; a time limit of `true` is still a mistake
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _bad("catalog_bad_value", f"{where_zh} 的 {key} 类型错误", f"{where_en}: '{key}' has the wrong type")
    return value


def _strings(value: object, key: str, where_zh: str, where_en: str) -> tuple[str, ...]:
    items = _typed(value, list, key, where_zh, where_en)
    return tuple(_typed(v, str, key, where_zh, where_en) for v in items)


def _code(value: object, what: str, zh: str, en: str) -> str:
    code, width = _typed(value, str, "code", zh, en), _WIDTH[what][0]
    if not _CODE.fullmatch(code) or len(code) > width:
        raise _bad("catalog_bad_code", f"{zh} 的代码应为小写 ASCII snake_case，不超过 {width} 个字符",
                   f"{en}: the code must be lower-case ASCII snake_case of at most {width} characters")
    return code


def _name(value: object, what: str, zh: str, en: str) -> str:
    name, width = _typed(value, str, "name", zh, en).strip(), _WIDTH[what][1]
    if not name or len(name) > width:
        raise _bad("catalog_bad_value", f"{zh} 的 name 应为 1—{width} 个字", f"{en}: name must be 1 to {width} characters")
    return name


def _english(table: dict, key: str, zh: str, en: str) -> str:
    """An optional English twin ("" when absent): text without Chinese characters, 1 to _EN_WIDTH long."""
    if key not in table:
        return ""
    text = _typed(table[key], str, key, zh, en).strip()
    if not text or len(text) > _EN_WIDTH:
        raise _bad("catalog_bad_value", f"{zh} 的 {key} 应为 1—{_EN_WIDTH} 个字符",
                   f"{en}: {key} must be 1 to {_EN_WIDTH} characters")
    if _CJK.search(text):
        raise _bad("catalog_bad_english", f"{zh} 的 {key} 含有中文字符：{text}",
                   f"{en}: {key} holds Chinese characters: {text}")
    return text


def _fee_item(code: str, table: object) -> FeeItem:
    zh, en = f"收费项目 {code}", f"fee item '{code}'"
    t = _keys(table, _FEE_KEYS, zh, en)
    raw = t["amount"]
    try:  # a quoted string only: a TOML float (0.1) would already have lost the exact amount
        amount = Decimal(raw) if isinstance(raw, str) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise _bad("catalog_bad_amount", f"{zh} 的金额应为带引号的小数，如 \"100.00\"",
                   f"{en}: amount must be a quoted decimal such as \"100.00\"")
    if amount.as_tuple().exponent < -2:  # 元 to the 分: the case tables keep two places
        raise _bad("catalog_bad_amount", f"{zh} 的金额最多两位小数", f"{en}: amount has more than two decimals")
    if amount < 0:
        raise _bad("catalog_negative_amount", f"{zh} 的金额为负数", f"{en}: amount is negative")
    return FeeItem(_code(code, "fee", zh, en), _name(t["name"], "fee", zh, en),
                   _typed(t["unit"], str, "unit", zh, en), amount, _typed(t["article"], str, "article", zh, en),
                   _english(t, "name_en", zh, en), _english(t, "unit_en", zh, en))


def _vehicle_only(what_zh: str, what_en: str, kind: str) -> ValidationError:
    return _bad("catalog_vehicle_only", f"{what_zh} 仅用于机动车业务目录，不能出现在 {kind} 目录中",
                f"{what_en} belongs to the vehicle catalogue only, not to a '{kind}' catalogue")


def _business(t: dict, fee_items: dict[str, FeeItem], never: frozenset[str], kind: str) -> BusinessType:
    code = _typed(t["code"], str, "code", "业务", "business")
    zh, en = f"业务 {code}", f"business '{code}'"
    _code(code, "business", zh, en)
    limit = t["time_limit_days"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise _bad("catalog_bad_time_limit", f"{zh} 的 time_limit_days 应为非负整数（工作日）",
                   f"{en}: time_limit_days must be a non-negative whole number of working days")
    materials, seen = [], set()
    for m in _typed(t["materials"], list, "materials", zh, en):
        m = _keys(m, _MATERIAL_KEYS, f"{zh} 的材料 {_label(m)}", f"{en} material '{_label(m)}'")
        mcode = _typed(m["code"], str, "code", zh, en)
        mzh, men = f"{zh} 的材料 {mcode}", f"{en} material '{mcode}'"
        _code(mcode, "material", mzh, men)
        if mcode in seen:
            raise _bad("catalog_duplicate_code", f"{zh} 的材料代码 {mcode} 重复",
                       f"{en}: material code '{mcode}' appears twice")
        seen.add(mcode)
        key = _typed(m["key"], bool, "key", mzh, men)
        if mcode in never and not key:
            raise _bad("catalog_never_deferrable", f"{mzh} 不得容缺，必须为关键材料（key = true）",
                       f"{men} may never be deferred (容缺): it must be key = true")
        note = _typed(m.get("note", ""), str, "note", mzh, men)
        note_en = _english(m, "note_en", mzh, men)
        if note_en and not note:
            raise _bad("catalog_bad_value", f"{mzh} 有 note_en 而没有 note", f"{men} has note_en but no note")
        materials.append(Material(mcode, _name(m["name"], "material", mzh, men), key, note,
                                  _english(m, "name_en", mzh, men), note_en))
    fees = []
    for r in _typed(t["fees"], list, "fees", zh, en):
        r = _keys(r, _RULE_KEYS, f"{zh} 的收费", f"{en} fee")
        item = _typed(r["item"], str, "item", zh, en)
        if item == PLATE_RULE and kind not in PLATE_KINDS:
            raise _vehicle_only(f"{zh} 的收费项目 {item}（号牌工本费）",
                                f"{en}: fee item '{item}' (the plate fee)", kind)
        if item != PLATE_RULE and item not in fee_items:
            raise _bad("catalog_unknown_fee_item", f"{zh} 引用了未定义的收费项目 {item}",
                       f"{en} refers to unknown fee item '{item}'")
        qty = r.get("quantity", 1)
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            raise _bad("catalog_bad_value", f"{zh} 的收费项目 {item} 数量应为正整数",
                       f"{en}: quantity of fee item '{item}' must be a positive whole number")
        fees.append(FeeRule(item, qty))
    fields = _strings(t.get("fields", []), "fields", zh, en)
    for f in fields:
        if f not in FORM_FIELDS_BY_KIND[kind]:
            other = [k for k, v in FORM_FIELDS_BY_KIND.items() if f in v]
            zh_, en_ = (f"（{other[0]} 目录的字段）", f" (a {other[0]} field)") if other else ("", "")
            raise _bad("catalog_unknown_field", f"{zh} 有未知的表单字段 {f}{zh_}",
                       f"{en} has unknown form field '{f}'{en_} for a '{kind}' catalogue")
    description = _typed(t.get("description", ""), str, "description", zh, en)
    if "description_en" in t and not description:
        raise _bad("catalog_bad_value", f"{zh} 有 description_en 而没有 description",
                   f"{en} has description_en but no description")
    return BusinessType(
        code=code, name=_name(t["name"], "business", zh, en), group=_typed(t["group"], str, "group", zh, en),
        article=_typed(t["article"], str, "article", zh, en), time_limit_days=limit,
        agent_allowed=_typed(t["agent_allowed"], bool, "agent_allowed", zh, en),
        issued=_strings(t["issued"], "issued", zh, en), materials=tuple(materials), fees=tuple(fees),
        needs_plate_choice=_typed(t.get("needs_plate_choice", False), bool, "needs_plate_choice", zh, en),
        needs_vehicle=_typed(t.get("needs_vehicle", False), bool, "needs_vehicle", zh, en), fields=fields,
        description=description, name_en=_english(t, "name_en", zh, en), group_en=_english(t, "group_en", zh, en),
        description_en=_english(t, "description_en", zh, en))


def parse_catalog(text: str, kind: str = "vehicle") -> Catalog:
    """The catalogue in `text`, fully checked; a ValidationError(field="catalog") names the culprit.

    `kind` picks the vocabularies (catalog_fields.py): form fields, the never-deferrable minimum, and
    whether 号牌 pricing and the plate/vehicle flags exist (vehicle only)."""
    if kind not in FORM_FIELDS_BY_KIND:
        raise ValueError(f"unknown catalogue kind {kind!r}; known: {', '.join(KINDS)}")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad("catalog_bad_toml", f"TOML 语法错误：{exc}", f"TOML syntax error: {exc}") from None
    if doc.get("kind") != kind:
        raise _bad("catalog_kind_mismatch", f"kind 应为 {kind}", f"kind must be '{kind}'")
    for key in doc:
        if key in VEHICLE_ONLY_TOP_KEYS and kind not in PLATE_KINDS:
            raise _vehicle_only(f"顶层的键 {key}", f"top-level key '{key}'", kind)
        if key not in _TOP_KEYS:
            raise _bad("catalog_unknown_key", f"顶层有未知的键 {key}", f"unknown top-level key '{key}'")
    never = frozenset(_strings(doc.get("never_deferrable", []), "never_deferrable", "目录", "catalogue"))
    minimum = NEVER_DEFERRABLE_BY_KIND[kind]
    if missing := sorted(minimum - never):
        raise _bad("catalog_never_deferrable_incomplete",
                   f"never_deferrable 缺少不得容缺的材料 {'、'.join(missing)}（DOMAIN §8）",
                   f"never_deferrable lacks materials that may never be deferred: {', '.join(missing)}")
    fee_tables = _typed(doc.get("fee_items", {}), dict, "fee_items", "目录", "catalogue")
    if PLATE_RULE in fee_tables:
        raise _bad("catalog_duplicate_code", f"收费项目代码 {PLATE_RULE} 保留给按号牌种类计价",
                   f"fee item code '{PLATE_RULE}' is reserved for pricing by plate type")
    fee_items = {code: _fee_item(code, t) for code, t in fee_tables.items()}
    plate_fees = _typed(doc.get("plate_fee_by_type", {}), dict, "plate_fee_by_type", "目录", "catalogue")
    for hpzl, item in plate_fees.items():
        if not re.fullmatch(r"\d\d", hpzl):  # 号牌种类 are two-digit codes (DOMAIN.md §9): "02", not "2"
            raise _bad("catalog_bad_code", f"plate_fee_by_type 的号牌种类 {hpzl} 应为两位数字，如 \"02\"",
                       f"plate_fee_by_type: plate type {hpzl} must be two digits such as \"02\"")
        if not isinstance(item, str) or item not in fee_items:
            raise _bad("catalog_unknown_fee_item", f"plate_fee_by_type 的号牌种类 {hpzl} 引用了未定义的收费项目 {item}",
                       f"plate_fee_by_type: plate type {hpzl} refers to unknown fee item '{item}'")
    spec = _BUSINESS_KEYS if kind in PLATE_KINDS else \
        {k: v for k, v in _BUSINESS_KEYS.items() if k not in VEHICLE_ONLY_BUSINESS_KEYS}
    businesses: dict[str, BusinessType] = {}
    for i, t in enumerate(_typed(doc.get("business", []), list, "business", "目录", "catalogue"), 1):
        where_zh, where_en = f"第 {i} 项业务（{_label(t)}）", f"business #{i} ({_label(t)})"
        if isinstance(t, dict) and (extra := sorted(VEHICLE_ONLY_BUSINESS_KEYS & set(t) - set(spec))):
            raise _vehicle_only(f"{where_zh} 的键 {extra[0]}", f"{where_en}: key '{extra[0]}'", kind)
        t = _keys(t, spec, where_zh, where_en)
        b = _business(t, fee_items, never, kind)
        if b.code in businesses:
            raise _bad("catalog_duplicate_code", f"业务代码 {b.code} 重复", f"business code '{b.code}' appears twice")
        if any(r.item == PLATE_RULE for r in b.fees) and not plate_fees:
            raise _bad("catalog_missing_key", f"业务 {b.code} 收取号牌费，但目录缺少 plate_fee_by_type",
                       f"business '{b.code}' charges a plate fee but plate_fee_by_type is missing")
        businesses[b.code] = b
    if not businesses:
        raise _bad("catalog_missing_key", "目录中没有业务", "the catalogue has no business")
    businesses = _group_english(businesses)
    listed = {m.code for b in businesses.values() for m in b.materials}
    if stray := sorted(never - minimum - listed):  # an added code no business lists: a typo
        raise _bad("catalog_unknown_material", f"never_deferrable 中的 {'、'.join(stray)} 不是任何业务的材料",
                   f"never_deferrable names {', '.join(stray)}, which no business lists as a material")
    return Catalog(kind, businesses, fee_items, never, dict(plate_fees))


def _group_english(businesses: dict[str, BusinessType]) -> dict[str, BusinessType]:
    """One English name per group: written once (on any of its businesses) it holds for all of them;
    two different ones for the same group are refused."""
    names: dict[str, str] = {}
    for b in businesses.values():
        if b.group_en:
            seen = names.setdefault(b.group, b.group_en)
            if seen != b.group_en:
                raise _bad("catalog_group_english", f"业务组 {b.group} 有两个英文名：{seen}、{b.group_en}",
                           f"group {b.group} has two English names: '{seen}' and '{b.group_en}'")
    return {code: replace(b, group_en=names.get(b.group, "")) for code, b in businesses.items()}


def _label(t: object) -> str:
    return str(t.get("code", "?")) if isinstance(t, dict) else "?"
