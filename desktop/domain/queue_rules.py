"""Queue rules other than the calling order: hours, caps, green channel, no-show, ratings.
Numbers are policy values (hall settings may override them); their source is said beside each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from desktop.domain.errors import RefusedError, ValidationError

GREEN_CHANNEL_AGE = 60  # 60+ served first (common 车管所 绿色通道 practice; hall may change)
PRIORITY_REASONS = {
    "age": ("60岁以上老人", "aged 60 or over"),
    "disability": ("残疾人", "person with a disability"),
    "military": ("军人/退役军人", "military or veteran"),
    "pregnant": ("孕妇", "pregnant"),
    "other": ("其他（民警确认）", "other (confirmed by staff)"),
}
NO_SHOW_MIN_WAIT = timedelta(minutes=2)  # a no-show only after two minutes since the call (QSystem)
REQUEUE_LIMIT = 1  # a no-show ticket may be put back once
REQUEUE_PLACES_BACK = 3  # … this many places behind the head of its queue
APPOINTMENT_EARLY = timedelta(minutes=30)  # check-in window before the booked time (Qmatic/Novo SGA)
APPOINTMENT_LATE = timedelta(minutes=15)  # after this a late arrival gets an ordinary ticket
PAUSE_REASONS = ("休息", "会议", "后台业务", "设备故障", "其他")

# Satisfaction scale shown to the person after service (UI language first).
RATINGS = {
    4: ("非常满意", "Very satisfied"),
    3: ("满意", "Satisfied"),
    2: ("基本满意", "Fairly satisfied"),
    1: ("不满意", "Dissatisfied"),
}


@dataclass(frozen=True)
class Hours:
    opens: time
    closes: time | None  # None = until midnight ("24:00")

    def contains(self, moment: time) -> bool:
        return self.opens <= moment and (self.closes is None or moment < self.closes)

    def text(self) -> str:
        return f"{self.opens:%H:%M}-{'24:00' if self.closes is None else format(self.closes, '%H:%M')}"


def parse_hours(text: str) -> Hours:
    """"08:30-17:30" → Hours; "00:00-24:00" means all day."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})\s*", text or "")
    bad = ValidationError("hours", "hours_invalid", "取号时间格式应为 HH:MM-HH:MM，例如 08:30-17:30",
                          "Hours are HH:MM-HH:MM, for example 08:30-17:30")
    if not match:
        raise bad
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if not (0 <= h1 < 24 and 0 <= m1 < 60 and (0 <= h2 < 24 and 0 <= m2 < 60 or (h2, m2) == (24, 0))):
        raise bad
    opens = time(h1, m1)
    closes = None if (h2, m2) == (24, 0) else time(h2, m2)
    if closes is not None and closes <= opens:
        raise ValidationError("hours", "hours_order", "结束时间须晚于开始时间", "The closing time must be after the opening time")
    return Hours(opens, closes)


def check_positive(value: object, field: str, zh: str, en: str, maximum: int = 9999) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= maximum:
        raise ValidationError(field, f"{field}_invalid", f"{zh}须为1至{maximum}的整数",
                              f"{en} is a whole number from 1 to {maximum}")
    return number


def is_green_channel(birth: date, today: date) -> bool:
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return years >= GREEN_CHANNEL_AGE


def ticket_label(prefix: str, number: int) -> str:
    return f"{prefix}{number:03d}"


def check_rating(value: object, reason: str) -> tuple[int, str]:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if rating not in RATINGS:
        raise ValidationError("rating", "rating_invalid", "请选择评价：非常满意、满意、基本满意或不满意",
                              "Choose a rating: very satisfied, satisfied, fairly satisfied or dissatisfied")
    reason = (reason or "").strip()
    if rating == 1 and not reason:
        raise ValidationError("reason", "rating_reason_required", "选择“不满意”时请说明原因",
                              "Please say why you are dissatisfied")
    return rating, reason[:200]


def no_show_allowed(called_at: datetime, now: datetime, minimum: timedelta = NO_SHOW_MIN_WAIT) -> None:
    waited = now - called_at
    if waited < minimum:
        seconds = int((minimum - waited).total_seconds()) + 1
        raise RefusedError("no_show_too_early", f"叫号后需等待满{int(minimum.total_seconds() // 60)}分钟才能过号，"
                           f"还需{seconds}秒", f"A no-show is allowed {int(minimum.total_seconds() // 60)} minutes "
                           f"after the call; {seconds} s to go")
