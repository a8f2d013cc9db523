"""Driver reminder list (驾驶证到期提醒): what each holder must do by a day — 期满换证, 提交身体条件证明,
审验 — due within the window or already overdue; holders of A1 A2 A3 B1 B2 first, then the most
overdue; names and ID numbers masked; written as CSV, XLSX or PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from desktop.domain import licensing, masking
from desktop.domain.errors import ValidationError
from desktop.documents.table_report import TableReport, render_table_report
from desktop.exports.tables import Sheet, write_csv, write_xlsx
from desktop.services.base import HALL_ZONE, Actor, Service, require
from desktop.services.licences import class_order
from desktop.store.driver_models import DrivingLicence, LicenceClass
from desktop.store.models import Hall, Person

FORMATS = ("csv", "xlsx", "pdf")
ITEM_RENEWAL, ITEM_HEALTH, ITEM_REVIEW = "期满换证", "提交身体条件证明", "审验"
ITEM_ORDER = {ITEM_RENEWAL: 0, ITEM_HEALTH: 1, ITEM_REVIEW: 2}
HEADERS = ["姓名", "证件号", "准驾车型", "事项", "到期日", "逾期天数"]


@dataclass(frozen=True)
class RenewalDueRow:
    name_masked: str
    id_masked: str
    classes: str  # e.g. "B2 D"
    item: str  # 期满换证 / 提交身体条件证明 / 审验
    due: date
    overdue_days: int  # 0 when not overdue
    professional: bool  # holds A1 A2 A3 B1 or B2


@dataclass(frozen=True)
class RenewalDueReport:
    hall_name: str
    on: date
    within_days: int
    rows: list[RenewalDueRow]
    holders: int = 0  # distinct holders in rows

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue_days)


class DriverReportService(Service):
    def renewal_due(self, actor: Actor, on: date, within_days: int = 90) -> RenewalDueReport:
        """换证、体检、审验提醒: licences of the hall whose 有效期止 (not 长期), 身体条件证明 due day or
        审验 due day is at most `on` + `within_days` (overdue ones included). Licences that are closed
        (转出, 撤销, 吊销, 注销) are left out. One row per holder and item."""
        require(actor, "report.view")
        if not isinstance(within_days, int) or isinstance(within_days, bool) or not 0 <= within_days <= 366:
            raise ValidationError("within_days", "within_days_range", "提前天数应在0到366之间",
                                  "--within-days must be between 0 and 366")
        until = on + timedelta(days=within_days)
        closed = licensing.DEFAULT_POLICY.closed_statuses
        rows: list[RenewalDueRow] = []
        holders: set[int] = set()
        with self._sessions() as session, session.begin():
            hall = session.get(Hall, actor.hall_code)
            query = (select(DrivingLicence, Person).join(Person, Person.id == DrivingLicence.person_id)
                     .where(DrivingLicence.hall_code == actor.hall_code,
                            or_(DrivingLicence.valid_until <= until, DrivingLicence.health_due <= until,
                                DrivingLicence.review_due <= until)))
            found = [(lic, person) for lic, person in session.execute(query)
                     if not set(lic.status or "A") & closed]
            classes: dict[int, list[str]] = {}
            ids = [lic.id for lic, _ in found]
            for start in range(0, len(ids), 2000):
                for licence_id, cls in session.execute(select(LicenceClass.licence_id, LicenceClass.cls).where(
                        LicenceClass.licence_id.in_(ids[start:start + 2000]))):
                    classes.setdefault(licence_id, []).append(cls)
            for lic, person in found:
                codes = class_order(classes.get(lic.id, ()))
                professional = bool(set(codes) & licensing.PROFESSIONAL_CLASSES)
                for item, due in ((ITEM_RENEWAL, lic.valid_until), (ITEM_HEALTH, lic.health_due),
                                  (ITEM_REVIEW, lic.review_due)):
                    if due is None or due > until:
                        continue
                    holders.add(person.id)
                    rows.append(RenewalDueRow(masking.mask_name(person.name), masking.mask_id_number(person.id_number),
                                              " ".join(codes), item, due, max(0, (on - due).days), professional))
        rows.sort(key=lambda r: (not r.professional, -r.overdue_days, r.due, r.id_masked, ITEM_ORDER[r.item]))
        return RenewalDueReport(hall.name if hall else actor.hall_code, on, within_days, rows, len(holders))

    def render_renewal_due(self, report: RenewalDueReport, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise ValidationError("format", "format_unknown", f"不支持的格式：{fmt}（可选 csv、xlsx、pdf）",
                                  f"Unknown format {fmt} (csv, xlsx or pdf)")
        table = [[r.name_masked, r.id_masked, r.classes, r.item, r.due, r.overdue_days] for r in report.rows]
        if fmt == "csv":
            return write_csv(HEADERS, table)
        if fmt == "xlsx":
            return write_xlsx([Sheet("驾驶证到期提醒", HEADERS, table)])
        now = self._clock().astimezone(HALL_ZONE)
        return render_table_report(TableReport(
            office_name=report.hall_name, title="机动车驾驶证换证、体检、审验提醒",
            subtitle=f"截至 {report.on:%Y年%m月%d日}，{report.within_days} 日内到期及已逾期　共 {len(report.rows)} 项"
                     f"（{report.holders} 人），其中逾期 {report.overdue} 项",
            columns=[("姓名", 1.0, "left"), ("证件号", 2.0, "left"), ("准驾车型", 1.2, "left"),
                     ("事项", 1.6, "left"), ("到期日", 1.2, "center"), ("逾期天数", 0.9, "right")],
            rows=[[str(c) if not isinstance(c, date) else f"{c:%Y-%m-%d}" for c in row] for row in table],
            highlight_rows={i for i, r in enumerate(report.rows) if r.professional},
            notes=["加粗底色行：持有大中型客货车准驾车型（A1、A2、A3、B1、B2）的驾驶人，优先提醒。",
                   "期满换证：有效期满前九十日内可申请；超过有效期一年以上未换证的，驾驶证将被注销。",
                   "姓名、证件号已脱敏；长期有效的驾驶证不列期满换证。"],
            generated_at=f"{now:%Y-%m-%d %H:%M}"))
