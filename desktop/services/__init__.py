"""Services: one class per area; each public method is one transaction that checks the caller's
role and writes its audit entry. `Services` bundles them for the CLI and the UI (passed in, never
global)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy.orm import Session, sessionmaker

from desktop.services.appointments import AppointmentService
from desktop.services.audit import AuditService
from desktop.services.auth import AuthService
from desktop.services.base import Clock, utc_now
from desktop.services.calling import CallingService
from desktop.services.candidate_import import CandidateImportService
from desktop.services.catalogs import Catalogs
from desktop.services.changes import ChangeService
from desktop.services.deferrals import DeferralService
from desktop.services.documents import DocumentService
from desktop.services.driver_cases import DriverCaseService
from desktop.services.driver_reports import DriverReportService
from desktop.services.exam_bookings import ExamBookingService
from desktop.services.exam_candidates import ExamCandidateService
from desktop.services.exam_day import ExamDayService
from desktop.services.exam_plans import ExamPlanService
from desktop.services.halls import HallService
from desktop.services.kiosk import KioskService
from desktop.services.licence_import import LicenceImportService
from desktop.services.licences import LicenceService
from desktop.services.persons import PersonService
from desktop.services.plates import PlateService
from desktop.services.reports import ReportService
from desktop.services.tallies import TallyService
from desktop.services.tickets import TicketService
from desktop.services.vehicle_cases import VehicleCaseService
from desktop.services.vehicle_import import VehicleImportService
from desktop.services.vehicles import VehicleService


@dataclass
class Services:
    auth: AuthService
    halls: HallService
    persons: PersonService
    documents: DocumentService
    audit: AuditService
    tickets: TicketService
    calling: CallingService
    appointments: AppointmentService
    catalogs: Catalogs
    vehicles: VehicleService
    plates: PlateService
    vehicle_cases: VehicleCaseService
    deferrals: DeferralService
    vehicle_import: VehicleImportService
    reports: ReportService
    licences: LicenceService
    driver_cases: DriverCaseService
    licence_import: LicenceImportService
    driver_reports: DriverReportService
    tallies: TallyService
    exam_plans: ExamPlanService
    exam_candidates: ExamCandidateService
    exam_bookings: ExamBookingService
    exam_day: ExamDayService
    candidate_import: CandidateImportService
    changes: ChangeService
    kiosk: KioskService

    @classmethod
    def build(cls, session_factory: sessionmaker[Session], clock: Clock = utc_now,
              hasher: PasswordHasher | None = None, catalogs: Catalogs | None = None,
              plate_rng=None) -> Services:
        """Every service on one session factory; `catalogs` defaults to the bundled ones."""
        halls = HallService(session_factory, clock)
        documents = DocumentService(session_factory, halls.hall_keys(), clock)
        catalogs = catalogs or Catalogs.load()
        plates = PlateService(session_factory, clock, rng=plate_rng)
        vehicle_cases = VehicleCaseService(session_factory, catalogs, documents, plates, clock)
        driver_cases = DriverCaseService(session_factory, catalogs, documents, clock)
        tickets = TicketService(session_factory, documents, clock)
        exam_candidates = ExamCandidateService(session_factory, clock)
        exam_bookings = ExamBookingService(session_factory, documents, clock)
        return cls(
            auth=AuthService(session_factory, clock, hasher),
            halls=halls,
            persons=PersonService(session_factory, clock),
            documents=documents,
            audit=AuditService(session_factory, clock),
            tickets=tickets,
            calling=CallingService(session_factory, clock),
            appointments=AppointmentService(session_factory, clock),
            catalogs=catalogs,
            vehicles=VehicleService(session_factory, catalogs, clock),
            plates=plates,
            vehicle_cases=vehicle_cases,
            deferrals=DeferralService(session_factory, {"vehicle": vehicle_cases, "driver": driver_cases}, clock),
            vehicle_import=VehicleImportService(session_factory, clock),
            reports=ReportService(session_factory, catalogs, clock),
            licences=LicenceService(session_factory, clock),
            driver_cases=driver_cases,
            licence_import=LicenceImportService(session_factory, clock),
            driver_reports=DriverReportService(session_factory, clock),
            tallies=TallyService(session_factory, clock),
            exam_plans=ExamPlanService(session_factory, clock),
            exam_candidates=exam_candidates,
            exam_bookings=exam_bookings,
            exam_day=ExamDayService(session_factory, documents, clock),
            candidate_import=CandidateImportService(session_factory, clock),
            changes=ChangeService(session_factory),
            kiosk=KioskService(session_factory, halls, tickets, exam_candidates, exam_bookings, documents, catalogs,
                               clock, hasher),
        )
