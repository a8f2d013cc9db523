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
from desktop.services.documents import DocumentService
from desktop.services.halls import HallService
from desktop.services.persons import PersonService
from desktop.services.tickets import TicketService


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

    @classmethod
    def build(cls, session_factory: sessionmaker[Session], clock: Clock = utc_now,
              hasher: PasswordHasher | None = None) -> Services:
        halls = HallService(session_factory, clock)
        documents = DocumentService(session_factory, halls.hall_keys(), clock)
        return cls(
            auth=AuthService(session_factory, clock, hasher),
            halls=halls,
            persons=PersonService(session_factory, clock),
            documents=documents,
            audit=AuditService(session_factory, clock),
            tickets=TicketService(session_factory, documents, clock),
            calling=CallingService(session_factory, clock),
            appointments=AppointmentService(session_factory, clock),
        )
