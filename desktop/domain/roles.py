"""Roles and what each may do. The services check these; the UI only hides what they refuse."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # 窗口民警/辅警
    EXAM = "exam"  # 考试员
    SUPERVISOR = "supervisor"  # 科长
    ADMIN = "admin"


ROLE_NAMES = {
    Role.CLERK: ("窗口人员", "Counter clerk"),
    Role.EXAM: ("考试员", "Exam officer"),
    Role.SUPERVISOR: ("科长", "Supervisor"),
    Role.ADMIN: ("系统管理员", "Administrator"),
}

# action → roles allowed. Keep one row per capability; services name the action they perform.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "staff.manage": frozenset({Role.ADMIN}),
    "staff.list": frozenset({Role.ADMIN, Role.SUPERVISOR}),
    "counter.manage": frozenset({Role.ADMIN}),
    "hall.manage": frozenset({Role.ADMIN}),
    "person.register": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "person.view": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    # Viewing a full, unmasked ID number is itself audited (PIPL; 令164 Art83, 令162 Art103).
    "person.reveal_id": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "document.issue": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "document.revoke": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "audit.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "queue.serve": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "queue.supervise": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "queue.configure": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "appointment.manage": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "vehicle.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "vehicle.business": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "vehicle.import": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "deferral.manage": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "report.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "exam.view": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "exam.request": frozenset({Role.CLERK, Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),  # requests, bookings, cancels
    "exam.plan": frozenset({Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),  # sites, plans, the allocation run
    "exam.checkin": frozenset({Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "exam.result": frozenset({Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),
    "exam.release": frozenset({Role.SUPERVISOR, Role.ADMIN}),  # unlock a candidate after 3 failed checks
    "exam.import": frozenset({Role.EXAM, Role.SUPERVISOR, Role.ADMIN}),  # driving schools' lists
}


def allowed(role: str, action: str) -> bool:
    return Role(role) in PERMISSIONS.get(action, frozenset())
