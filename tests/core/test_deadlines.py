"""Working days, deadline profiles per origin, and overdue derived from deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.case.aggregate import Case
from core.domain.deadlines import (
    Clock,
    DayUnit,
    DeadlinePolicy,
    WorkCalendar,
    default_profiles,
)
from core.domain.errors import InvalidInput
from core.domain.values import Category, Origin
from tests.core.conftest import START, Flow

FRI = date(2026, 3, 6)
SAT = date(2026, 3, 7)
MON = date(2026, 3, 9)
TUE = date(2026, 3, 10)


# --- WorkCalendar ------------------------------------------------------------------------------


def test_a_working_day_after_friday_is_monday() -> None:
    assert WorkCalendar().add_working_days(FRI, 1) == MON


def test_five_working_days_span_a_weekend() -> None:
    assert WorkCalendar().add_working_days(date(2026, 3, 4), 5) == date(2026, 3, 11)


def test_a_holiday_is_skipped() -> None:
    assert WorkCalendar(holidays=[MON]).add_working_days(FRI, 1) == TUE


def test_a_make_up_saturday_counts() -> None:
    assert WorkCalendar(workdays=[SAT]).add_working_days(FRI, 1) == SAT


def test_zero_working_days_is_the_start() -> None:
    assert WorkCalendar().add_working_days(SAT, 0) == SAT


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(InvalidInput):
        WorkCalendar().add_working_days(FRI, -1)


def test_working_days_between_skips_the_weekend() -> None:
    assert WorkCalendar().working_days_between(FRI, date(2026, 3, 13)) == 5


def test_working_days_between_skips_holidays_and_counts_make_up_days() -> None:
    calendar = WorkCalendar(holidays=[MON, TUE], workdays=[SAT])
    assert calendar.working_days_between(FRI, date(2026, 3, 13)) == 4


def test_working_days_between_a_day_and_itself_is_zero() -> None:
    assert WorkCalendar().working_days_between(FRI, FRI) == 0


def test_a_date_both_holiday_and_workday_is_refused() -> None:
    with pytest.raises(InvalidInput):
        WorkCalendar(holidays=[SAT], workdays=[SAT])


def test_a_malformed_calendar_is_refused() -> None:
    with pytest.raises(InvalidInput):
        WorkCalendar.from_mapping({"holidays": ["2026-13-01"]})


@pytest.mark.parametrize("day", range(1, 8))
def test_the_default_calendar_rests_on_national_day(day: int) -> None:
    assert not WorkCalendar.default().is_working_day(date(2026, 10, day))


def test_the_default_calendar_works_on_the_make_up_saturday() -> None:
    saturday = date(2026, 10, 10)
    assert saturday.weekday() == 5
    assert WorkCalendar.default().is_working_day(saturday)


def test_the_default_calendar_rests_on_an_ordinary_sunday() -> None:
    assert not WorkCalendar.default().is_working_day(date(2026, 10, 11))


def test_the_default_calendar_skips_the_national_day_week() -> None:
    assert WorkCalendar.default().add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_calendar_days_ignore_holidays() -> None:
    calendar = WorkCalendar.default()
    assert calendar.add(date(2026, 9, 30), 15, DayUnit.CALENDAR) == date(2026, 10, 15)


# --- profiles ----------------------------------------------------------------------------------


def test_complaint_accept_deadline_is_fifteen_calendar_days() -> None:
    policy = DeadlinePolicy(calendar=WorkCalendar.default())
    profile = policy.profile(Origin.RESIDENT_COMPLAINT)
    assert policy.due(date(2026, 9, 28), profile.accept) == date(2026, 10, 13)


def test_a_reported_complaint_must_be_accepted_within_fifteen_days(flow: Flow) -> None:
    assert flow.reported().deadline == START.date() + timedelta(days=15)


def test_complaint_close_deadline_is_sixty_days_after_acceptance(flow: Flow) -> None:
    case = flow.reported()
    case.accept(flow.ctx(flow.intake, 3))
    assert case.deadline == START.date() + timedelta(days=63)


def test_a_profile_without_a_clock_has_no_deadline() -> None:
    assert DeadlinePolicy().due(FRI, None) is None


def test_a_working_day_clock_counts_working_days() -> None:
    assert DeadlinePolicy().due(FRI, Clock(1, DayUnit.WORKING)) == MON


def petition(flow: Flow, origin: Origin) -> Case:
    """A petition registered and accepted by intake, then transferred a day later."""
    case = Case.report(
        flow.ctx(flow.intake),
        reference="XF-2026-0001",
        origin=origin,
        title="Dust from the quarry",
        description="Trucks raise dust all day.",
        categories=[Category.AIR],
        place=flow.place,
    )
    case.accept(flow.ctx(flow.intake))
    case.transfer(flow.ctx(flow.office, 1), flow.unit_id)
    return case


def test_central_petition_result_is_due_ten_days_after_transfer(flow: Flow) -> None:
    case = petition(flow, Origin.CENTRAL_PETITION)
    assert case.deadline == START.date() + timedelta(days=1 + 10)


def test_provincial_petition_result_is_due_seven_days_by_default(flow: Flow) -> None:
    case = petition(flow, Origin.PROVINCIAL_PETITION)
    assert case.deadline == START.date() + timedelta(days=1 + 7)


def test_a_province_may_set_five_days_for_its_petitions(flow: Flow) -> None:
    flow.policy = DeadlinePolicy(
        calendar=WorkCalendar.default(), profiles=default_profiles(provincial_result_days=5)
    )
    case = petition(flow, Origin.PROVINCIAL_PETITION)
    assert case.deadline == START.date() + timedelta(days=1 + 5)


def test_an_explicit_transfer_deadline_wins(flow: Flow) -> None:
    case = flow.accepted()
    case.transfer(flow.ctx(flow.office, 1), flow.unit_id, deadline=date(2026, 3, 31))
    assert case.deadline == date(2026, 3, 31)


def test_complaints_allow_one_extension_of_at_most_thirty_days() -> None:
    profile = default_profiles()[Origin.RESIDENT_COMPLAINT]
    assert (profile.max_extensions, profile.max_extension_days) == (1, 30)


# --- overdue -----------------------------------------------------------------------------------


def test_a_case_is_not_overdue_on_its_deadline(flow: Flow) -> None:
    case = flow.rectifying()
    assert not case.is_overdue(case.deadline)


def test_a_case_is_overdue_the_day_after_its_deadline(flow: Flow) -> None:
    case = flow.rectifying()
    assert case.is_overdue(case.deadline + timedelta(days=1))


def test_an_unaccepted_complaint_is_overdue_after_fifteen_days(flow: Flow) -> None:
    case = flow.reported()
    assert case.is_overdue(START.date() + timedelta(days=16))


def test_claiming_completion_stops_the_clock(flow: Flow) -> None:
    case = flow.claimed()
    assert not case.is_overdue(case.deadline + timedelta(days=1))


# --- public notice window ----------------------------------------------------------------------


def open_notice_on(flow: Flow, day: date, window_days: int = 5) -> Case:
    case = flow.verified()
    case.open_public_notice(flow.ctx(flow.office, flow.day_of(day)), "Rectified", window_days)
    return case


def test_notice_window_spans_a_weekend_and_a_holiday(flow: Flow) -> None:
    # Thu 2 April 2026: Fri 3 works; Sat 4 - Mon 6 is Qingming; Tue 7 to Fri 10 work.
    assert open_notice_on(flow, date(2026, 4, 2)).notice_ends_on == date(2026, 4, 10)


def test_notice_window_counts_the_make_up_saturday(flow: Flow) -> None:
    # Wed 30 Sept: 1-7 Oct rest; Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13.
    assert open_notice_on(flow, date(2026, 9, 30)).notice_ends_on == date(2026, 10, 13)


@pytest.mark.parametrize("window_days", [4, 61])
def test_a_notice_window_outside_the_limits_is_refused(flow: Flow, window_days: int) -> None:
    with pytest.raises(InvalidInput):
        open_notice_on(flow, date(2026, 4, 2), window_days)
