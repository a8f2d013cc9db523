"""Reminder lists (提醒清单): vehicles due or overdue for inspection, 两客一危一货 first, owners masked;
written as CSV, XLSX or PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from desktop.domain import vehicle_codes
from desktop.domain.errors import ValidationError
from desktop.domain.inspection import next_inspection
from desktop.documents.table_report import TableReport, render_table_report
from desktop.exports.tables import Sheet, write_csv, write_xlsx
from desktop.services.base import HALL_ZONE, Actor, Clock, Service, require, utc_now
from desktop.services.catalogs import Catalogs
from desktop.services.vehicles import for_inspection, load_views
from desktop.store.models import Hall
from desktop.store.vehicle_models import Vehicle

FORMATS = ("csv", "xlsx", "pdf")
KIND_NAMES = {"physical": "上线检验", "label": "免检领标"}


@dataclass(frozen=True)
class InspectionDueRow:
    plate: str
    plate_type: str
    vehicle_type: str
    use: str
    owner_masked: str
    due: date
    kind: str  # 上线检验 / 免检领标
    overdue_days: int  # 0 when not overdue
    key_operating: str  # "" or 客运 / 旅游 / 危化 / 重货


@dataclass(frozen=True)
class InspectionDueReport:
    hall_name: str
    on: date
    within_days: int
    rows: list[InspectionDueRow]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue_days)


HEADERS = ["号牌号码", "号牌种类", "车辆类型", "使用性质", "所有人", "检验有效期止", "检验方式", "逾期天数", "重点车辆"]


class ReportService(Service):
    def __init__(self, session_factory, catalogs: Catalogs, clock: Clock = utc_now) -> None:
        super().__init__(session_factory, clock)
        self.catalogs = catalogs

    def inspection_due(self, actor: Actor, on: date, within_days: int = 30) -> InspectionDueReport:
        """检验到期提醒: registered vehicles whose inspection validity ends by `on` + `within_days`
        (overdue ones included), 两客一危一货 first, then the most overdue."""
        require(actor, "report.view")
        if not isinstance(within_days, int) or not 0 <= within_days <= 366:
            raise ValidationError("within_days", "within_days_range", "提前天数应在0到366之间",
                                  "--within-days must be between 0 and 366")
        until = on + timedelta(days=within_days)
        rows: list[InspectionDueRow] = []
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, actor.hall_code)
            query = select(Vehicle).where(Vehicle.hall_code == actor.hall_code, Vehicle.registered.is_(True),
                                          Vehicle.cancelled.is_(False), Vehicle.moved_out.is_(False),
                                          Vehicle.inspection_valid_until <= until)
            for chunk in _chunks(list(session.execute(query).scalars()), 2000):
                views = load_views(session, chunk)
                for vehicle, view in zip(chunk, views, strict=True):
                    facts = for_inspection(vehicle)
                    if facts is None:
                        continue
                    due = next_inspection(facts, on, self.catalogs.inspection)
                    if due.due > until:
                        continue
                    rows.append(InspectionDueRow(
                        view.plate, vehicle_codes.hpzl_name(vehicle.hpzl), view.cllx_name, view.syxz_name,
                        view.owner_masked, due.due, KIND_NAMES.get(due.kind, due.kind),
                        max(0, (on - due.due).days), view.key_operating))
        rows.sort(key=lambda r: (not r.key_operating, -r.overdue_days, r.due, r.plate))
        return InspectionDueReport(hall.name if hall else actor.hall_code, on, within_days, rows)

    def render_inspection_due(self, report: InspectionDueReport, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise ValidationError("format", "format_unknown", f"不支持的格式：{fmt}（可选 csv、xlsx、pdf）",
                                  f"Unknown format {fmt} (csv, xlsx or pdf)")
        table = [[r.plate, r.plate_type, r.vehicle_type, r.use, r.owner_masked, r.due, r.kind, r.overdue_days,
                  r.key_operating] for r in report.rows]
        if fmt == "csv":
            return write_csv(HEADERS, table)
        if fmt == "xlsx":
            return write_xlsx([Sheet("检验到期提醒", HEADERS, table)])
        now = self._clock().astimezone(HALL_ZONE)
        return render_table_report(TableReport(
            office_name=report.hall_name, title="机动车检验到期提醒",
            subtitle=f"截至 {report.on:%Y年%m月%d日}，{report.within_days} 日内到期及已逾期　共 {len(report.rows)} 辆，"
                     f"其中逾期 {report.overdue} 辆",
            columns=[("号牌号码", 1.2, "left"), ("号牌种类", 1.2, "left"), ("车辆类型", 1.4, "left"),
                     ("使用性质", 1.1, "left"), ("所有人", 1.6, "left"), ("检验有效期止", 1.2, "center"),
                     ("检验方式", 1.0, "center"), ("逾期天数", 0.9, "right"), ("重点车辆", 0.9, "center")],
            rows=[[str(c) if not isinstance(c, date) else f"{c:%Y-%m-%d}" for c in row] for row in table],
            highlight_rows={i for i, r in enumerate(report.rows) if r.key_operating},
            notes=["重点车辆：两客一危一货（客运、旅游客运、危化品运输、重型货车），优先提醒。", "所有人信息已脱敏。"],
            generated_at=f"{now:%Y-%m-%d %H:%M}"))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
