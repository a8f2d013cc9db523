"""The catalogue's words on screen, in the UI language.

A case stores the Chinese names it was accepted under (business_name, the 容缺 materials joined by
"、"): they are what the printed papers say. The screen shows the catalogue's English twin for a name
the catalogue still holds, and the stored Chinese otherwise (an office's own catalogue without English,
or a business renamed since)."""

from __future__ import annotations

from desktop.domain.catalog import BusinessType, Catalog, FeeLine
from desktop.ui import formats
from desktop.ui.notify import ui_language


def fee_detail(lines: list[FeeLine], separator: str) -> str:
    """行驶证 ¥10.00，号牌 ¥100.00 — each line in the UI language."""
    lang = ui_language()
    return separator.join(f"{line.name_in(lang)} {formats.money(line.amount)}" for line in lines)


def menu_items(catalog: Catalog, keep=lambda biz: True) -> list[tuple[str, str]]:
    """(label, code) for a business combo box, in menu order."""
    lang = ui_language()
    return [(biz.menu_label(lang), biz.code) for _, items in catalog.groups() for biz in items if keep(biz)]


class CatalogNames:
    """Stored Chinese names → the UI language, through the catalogues."""

    def __init__(self, *catalogs: Catalog) -> None:
        self._business: dict[str, BusinessType] = {}
        self._material: dict[str, str] = {}
        for catalog in catalogs:
            for biz in catalog.businesses.values():
                self._business.setdefault(biz.name, biz)
                for m in biz.materials:
                    if m.name_en:
                        self._material.setdefault(m.name, m.name_en)

    def business(self, name: str) -> str:
        biz = self._business.get(name)
        return biz.name_in(ui_language()) if biz is not None else name

    def materials(self, joined: str) -> str:
        """"车船税纳税或免税证明、居住证明" → "Vehicle and vessel tax …; Proof of residence" in English."""
        if ui_language() != "en" or not joined:
            return joined
        return "; ".join(self._material.get(name, name) for name in joined.split("、"))
