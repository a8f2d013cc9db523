"""The papers of a window case: 受理凭证 (A4), 收费收据 (80 mm), 容缺受理通知书 (A4) and, for an issued
driving licence, the 领证凭证 (80 mm).

Registered and signed inside the case's transaction; the content is gathered there too, and the
PDFs are rendered after the commit so that no write lock is held while ReportLab draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import deferral as deferral_rules
from desktop.domain import masking
from desktop.documents.notice import NoticeContent, render_notice
from desktop.documents.receipt import FeeLineText, ReceiptContent, render_receipt
from desktop.documents.slip import SlipContent, render_slip
from desktop.services.base import HALL_ZONE, Actor
from desktop.services.documents import DocumentService, next_serial
from desktop.store.models import Company, Hall, HallSetting, IssuedDocument, Person
from desktop.store.vehicle_models import CaseFee, CaseMaterial, Deferral, Vehicle

STATUS_MARK = {"received": "✓", "deferred": "容缺", "supplied": "✓ 已补", "not_applicable": "不适用"}
TITLES = {"AN": "受理凭证", "RC": "收费收据", "RN": "容缺受理通知书", "LQ": "领证凭证"}


@dataclass(frozen=True)
class RenderedDocument:
    kind: str  # AN / RC / RN
    serial: str
    title: str
    pdf: bytes


def hall_closed_days(session: Session, hall_code: str) -> frozenset[date]:
    """The hall's own closed days (setting `closed_days`: ISO dates, comma separated)."""
    text = session.execute(select(HallSetting.value).where(HallSetting.hall_code == hall_code,
                                                           HallSetting.key == "closed_days")).scalar_one_or_none()
    days = set()
    for part in (text or "").replace("，", ",").split(","):
        try:
            days.add(date.fromisoformat(part.strip()))
        except ValueError:
            continue
    return frozenset(days)


def _money(value: Decimal) -> str:
    return f"¥{value:,.2f}"


class CaseDocuments:
    def __init__(self, documents: DocumentService) -> None:
        self._documents = documents

    def next_case_no(self, session: Session, hall_code: str, day: date, prefix: str = "VC") -> str:
        """受理编号: VC (vehicle) or DC (driver) + yymmdd + a daily running number."""
        return next_serial(session, hall_code, prefix, day)

    def issue_in(self, session: Session, actor: Actor, case, *, deadline: date | None,
                 case_type: str = "vehicle") -> list:
        """Register and sign the case's documents; returns their content for rendering."""
        subject, record_type = case.case_no, f"{case_type}_case"
        notice = self._documents.issue_in(session, actor, "AN", subject=subject, record_type=record_type,
                                          record_id=case.case_no)
        case.notice_serial = notice.serial
        if case.fee_total > 0:
            receipt = self._documents.issue_in(session, actor, "RC", subject=subject, record_type=record_type,
                                               record_id=case.case_no)
            case.receipt_serial = receipt.serial
        if case.state == "deferred":
            rn = self._documents.issue_in(session, actor, "RN", subject=subject, record_type=record_type,
                                          record_id=case.case_no)
            session.execute(select(Deferral).where(Deferral.case_type == case_type, Deferral.case_id == case.id)
                            ).scalar_one().notice_serial = rn.serial
        if case_type == "driver" and case.state == "completed" and getattr(case, "pickup", False):
            pickup = self._documents.issue_in(session, actor, "LQ", subject=subject, record_type=record_type,
                                              record_id=case.case_no)
            case.pickup_serial = pickup.serial
        session.flush()
        return self.contents_for(session, case, case_type)

    def issue_pickup_in(self, session: Session, actor: Actor, case) -> list:
        """The 领证凭证 of a driver case completed after its exams (the other papers were issued at 受理)."""
        pickup = self._documents.issue_in(session, actor, "LQ", subject=case.case_no, record_type="driver_case",
                                          record_id=case.case_no)
        case.pickup_serial = pickup.serial
        session.flush()
        return [c for c in self.contents_for(session, case, "driver") if c[0] == "LQ"]

    def _parties(self, session: Session, case, case_type: str):
        """(person, company, subject rows) of a case: the vehicle's plate and VIN, or the licence."""
        if case_type == "driver":
            from desktop.store.driver_models import DrivingLicence

            person = session.get(Person, case.person_id)
            licence = session.get(DrivingLicence, case.licence_id) if case.licence_id else None
            rows = [("驾驶证号", masking.mask_id_number(person.id_number) if person else ""),
                    ("准驾车型", case.classes or "")]
            if licence is not None:
                rows.append(("有效期至", f"{licence.valid_until:%Y-%m-%d}" if licence.valid_until else "长期"))
            return person, None, rows
        vehicle = session.get(Vehicle, case.vehicle_id) if case.vehicle_id else None
        person = session.get(Person, case.applicant_person_id) if case.applicant_person_id else None
        company = session.get(Company, case.applicant_company_id) if case.applicant_company_id else None
        plate = case.plate or (vehicle.plate if vehicle else "") or "（未登记）"
        return person, company, [("号牌号码", plate), ("车辆识别代号", vehicle.vin if vehicle else "")]

    def contents_for(self, session: Session, case, case_type: str = "vehicle") -> list[tuple[str, str, object]]:
        hall = session.get(Hall, case.hall_code)
        person, company, subject_rows = self._parties(session, case, case_type)
        agent = session.get(Person, case.agent_person_id) if case.agent_person_id else None
        materials = list(session.execute(select(CaseMaterial).where(
            CaseMaterial.case_type == case_type, CaseMaterial.case_id == case.id).order_by(CaseMaterial.id)).scalars())
        fees = list(session.execute(select(CaseFee).where(CaseFee.case_type == case_type, CaseFee.case_id == case.id)
                                    .order_by(CaseFee.id)).scalars())
        deferral = session.execute(select(Deferral).where(Deferral.case_type == case_type,
                                                          Deferral.case_id == case.id)).scalar_one_or_none()
        issued = {d.serial: d for d in session.execute(select(IssuedDocument).where(
            IssuedDocument.hall_code == case.hall_code,
            IssuedDocument.serial.in_([s for s in (case.notice_serial, case.receipt_serial,
                                                   getattr(case, "pickup_serial", ""),
                                                   deferral.notice_serial if deferral else "") if s]))).scalars()}
        clerk = case.accepted_by
        when = case.accepted_at.astimezone(HALL_ZONE).strftime("%Y-%m-%d %H:%M")
        applicant = masking.mask_name(person.name) if person else (company.name if company else "")
        applicant_no = masking.mask_id_number(person.id_number) if person else (
            masking.mask_uscc(company.uscc) if company else "")
        fields = [("受理编号", case.case_no), ("业务类型", case.business_name), *subject_rows,
                  ("申请人", f"{applicant}　{applicant_no}".strip())]
        if agent is not None:
            fields.append(("代理人", f"{masking.mask_name(agent.name)}　{masking.mask_id_number(agent.id_number)}"))
        fields += [("受理时间", when), ("承诺办结时限", f"{case.due_on:%Y年%m月%d日}前" if case.due_on else "即时办结"),
                   ("收费合计", _money(case.fee_total))]
        out: list[tuple[str, str, object]] = []
        office = hall.name if hall else case.hall_code
        mats = [(m.name, STATUS_MARK.get(m.status, m.status)) for m in materials]

        def payload(serial: str) -> str | None:
            doc = issued.get(serial)
            return self._documents.payload_for(case.hall_code, doc.kind, doc.serial, doc.issued_on) if doc else None

        if case.notice_serial:
            notes = ["凭本凭证查询办理进度、领取办理结果；扫描二维码可验证本凭证真伪。"]
            if deferral is not None:
                notes.insert(0, "本业务为容缺受理：补齐容缺材料后方可出具办理结果。")
            out.append(("AN", case.notice_serial, NoticeContent(
                office_name=office, title="机动车驾驶证业务受理凭证" if case_type == "driver" else "机动车业务受理凭证", fields=fields, materials=mats,
                deadline=(f"请于{deferral.deadline:%Y年%m月%d日}前补交容缺材料" if deferral else None), notes=notes,
                qr_payload=payload(case.notice_serial), serial=case.notice_serial, clerk=clerk, issued_at=when)))
        if case.receipt_serial:
            out.append(("RC", case.receipt_serial, ReceiptContent(
                office_name=office, title="收费收据", payer=applicant, case_no=case.case_no,
                business=case.business_name,
                lines=[FeeLineText(f.name, f.quantity, f.unit_amount, f.amount) for f in fees],
                total=case.fee_total, clerk=clerk, qr_payload=payload(case.receipt_serial),
                serial=case.receipt_serial, issued_at=when)))
        pickup_serial = getattr(case, "pickup_serial", "")
        if pickup_serial:
            out.append(("LQ", pickup_serial, SlipContent(
                hall_name=office, title="领证凭证", big_text=case.classes or case.business_name,
                fields=[("受理编号", case.case_no), ("业务", case.business_name), ("持证人", applicant),
                        ("驾驶证号", applicant_no), ("领取", "凭本凭证及身份证到发证窗口领取驾驶证")],
                qr_payload=payload(pickup_serial), serial=pickup_serial, issued_at=when)))
        if deferral is not None and deferral.notice_serial:
            out.append(("RN", deferral.notice_serial, NoticeContent(
                office_name=office, title="容缺受理通知书",
                fields=fields[:3 + len(subject_rows)] + [("容缺材料", deferral.missing), ("受理时间", when)],
                materials=[(m.name, STATUS_MARK.get(m.status, m.status)) for m in materials
                           if m.status in ("deferred", "supplied")],
                deadline=f"请于{deferral.deadline:%Y年%m月%d日}前补交容缺材料",
                notes=[deferral.commitment, deferral_rules.consequence_text(deferral.deadline,
                                                                           deferral_rules.DeferralPolicy()),
                       "申请人（签名）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"],
                qr_payload=payload(deferral.notice_serial), serial=deferral.notice_serial, clerk=clerk,
                issued_at=when)))
        return out

    def render(self, contents: list[tuple[str, str, object]]):
        for kind, serial, content in contents:
            if kind == "RC":
                pdf = render_receipt(content)
            elif kind == "LQ":
                pdf = render_slip(content)
            else:
                pdf = render_notice(content)
            yield RenderedDocument(kind, serial, TITLES[kind], pdf)
