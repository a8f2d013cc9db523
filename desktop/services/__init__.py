"""Services: one class per area; each public method is one transaction that checks the caller's
role and writes its audit entry. `Services` bundles them for the CLI and the UI (passed in, never
global)."""

from __future__ import annotations

from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING

from desktop.services.base import Clock, utc_now

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session, sessionmaker

    from desktop.services.appointments import AppointmentService
    from desktop.services.audit import AuditService
    from desktop.services.auth import AuthService
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


def _cls(module: str, name: str):
    """A service class, imported on first use: a command that takes a ticket does not load the
    PDF, spreadsheet and exam code (start-up time of every `counterdesk` command and of the GUI)."""
    return getattr(import_module(f"desktop.services.{module}"), name)


class Services:
    """Every service on one session factory, each built the first time it is used (and then kept).
    `catalogs` defaults to the bundled ones."""

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = utc_now,
                 hasher: PasswordHasher | None = None, catalogs: Catalogs | None = None,
                 plate_rng=None) -> None:
        self._factory = session_factory
        self._clock = clock
        self._hasher = hasher
        self._plate_rng = plate_rng
        if catalogs is not None:
            self.catalogs = catalogs

    @classmethod
    def build(cls, session_factory: sessionmaker[Session], clock: Clock = utc_now,
              hasher: PasswordHasher | None = None, catalogs: Catalogs | None = None,
              plate_rng=None) -> Services:
        return cls(session_factory, clock, hasher, catalogs, plate_rng)

    def _plain(self, module: str, name: str):
        """The many services that need only the session factory and the clock."""
        return _cls(module, name)(self._factory, self._clock)

    @cached_property
    def catalogs(self) -> Catalogs:
        return _cls("catalogs", "Catalogs").load()

    @cached_property
    def halls(self) -> HallService:
        return self._plain("halls", "HallService")

    @cached_property
    def documents(self) -> DocumentService:
        return _cls("documents", "DocumentService")(self._factory, self.halls.hall_keys(), self._clock)

    @cached_property
    def auth(self) -> AuthService:
        return _cls("auth", "AuthService")(self._factory, self._clock, self._hasher)

    @cached_property
    def persons(self) -> PersonService:
        return self._plain("persons", "PersonService")

    @cached_property
    def audit(self) -> AuditService:
        return self._plain("audit", "AuditService")

    @cached_property
    def tickets(self) -> TicketService:
        return _cls("tickets", "TicketService")(self._factory, self.documents, self._clock)

    @cached_property
    def calling(self) -> CallingService:
        return self._plain("calling", "CallingService")

    @cached_property
    def appointments(self) -> AppointmentService:
        return self._plain("appointments", "AppointmentService")

    @cached_property
    def vehicles(self) -> VehicleService:
        return _cls("vehicles", "VehicleService")(self._factory, self.catalogs, self._clock)

    @cached_property
    def plates(self) -> PlateService:
        return _cls("plates", "PlateService")(self._factory, self._clock, rng=self._plate_rng)

    @cached_property
    def vehicle_cases(self) -> VehicleCaseService:
        return _cls("vehicle_cases", "VehicleCaseService")(self._factory, self.catalogs, self.documents,
                                                           self.plates, self._clock)

    @cached_property
    def deferrals(self) -> DeferralService:
        return _cls("deferrals", "DeferralService")(
            self._factory, {"vehicle": self.vehicle_cases, "driver": self.driver_cases}, self._clock)

    @cached_property
    def vehicle_import(self) -> VehicleImportService:
        return self._plain("vehicle_import", "VehicleImportService")

    @cached_property
    def reports(self) -> ReportService:
        return _cls("reports", "ReportService")(self._factory, self.catalogs, self._clock)

    @cached_property
    def licences(self) -> LicenceService:
        return self._plain("licences", "LicenceService")

    @cached_property
    def driver_cases(self) -> DriverCaseService:
        return _cls("driver_cases", "DriverCaseService")(self._factory, self.catalogs, self.documents, self._clock)

    @cached_property
    def licence_import(self) -> LicenceImportService:
        return self._plain("licence_import", "LicenceImportService")

    @cached_property
    def driver_reports(self) -> DriverReportService:
        return self._plain("driver_reports", "DriverReportService")

    @cached_property
    def tallies(self) -> TallyService:
        return self._plain("tallies", "TallyService")

    @cached_property
    def exam_plans(self) -> ExamPlanService:
        return self._plain("exam_plans", "ExamPlanService")

    @cached_property
    def exam_candidates(self) -> ExamCandidateService:
        return self._plain("exam_candidates", "ExamCandidateService")

    @cached_property
    def exam_bookings(self) -> ExamBookingService:
        return _cls("exam_bookings", "ExamBookingService")(self._factory, self.documents, self._clock)

    @cached_property
    def exam_day(self) -> ExamDayService:
        return _cls("exam_day", "ExamDayService")(self._factory, self.documents, self._clock)

    @cached_property
    def candidate_import(self) -> CandidateImportService:
        return self._plain("candidate_import", "CandidateImportService")

    @cached_property
    def changes(self) -> ChangeService:
        return _cls("changes", "ChangeService")(self._factory)

    @cached_property
    def kiosk(self) -> KioskService:
        return _cls("kiosk", "KioskService")(self._factory, self.halls, self.tickets, self.exam_candidates,
                                             self.exam_bookings, self.documents, self.catalogs, self._clock,
                                             self._hasher)
