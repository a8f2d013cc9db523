"""The catalogues as the office edits them: the bundled files under resources/catalog/, each
replaceable by a file of the same name in the data directory's `catalog/` folder (an office changes a
fee or a material list there, without touching code)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from desktop.domain.catalog import Catalog, parse_catalog
from desktop.domain.errors import ValidationError
from desktop.domain.inspection import InspectionTable, parse_inspection_table


def _read(name: str, override_dir: Path | None) -> tuple[str, str]:
    if override_dir is not None:
        path = Path(override_dir) / name
        if path.is_file():
            return path.read_text(encoding="utf-8"), str(path)
    bundled = resources.files("desktop.resources").joinpath("catalog", name)
    return bundled.read_text(encoding="utf-8"), f"resources/catalog/{name}"


def _parsed(name: str, override_dir: Path | None, parse):
    text, where = _read(name, override_dir)
    try:
        return parse(text)
    except ValidationError as exc:
        raise ValidationError(exc.field, exc.code, f"{where}：{exc.message_zh}",
                              f"{where}: {exc.message_en}") from exc


@dataclass(frozen=True)
class Catalogs:
    """Every catalogue the services read, loaded once at start-up and passed in."""

    vehicle: Catalog
    driver: Catalog
    inspection: InspectionTable

    @classmethod
    def load(cls, override_dir: Path | None = None) -> Catalogs:
        return cls(
            vehicle=_parsed("vehicle.toml", override_dir, lambda t: parse_catalog(t, "vehicle")),
            driver=_parsed("driver.toml", override_dir, lambda t: parse_catalog(t, "driver")),
            inspection=_parsed("inspection.toml", override_dir, parse_inspection_table),
        )
