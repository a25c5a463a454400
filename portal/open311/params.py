"""The query parameters of GET requests and request updates, checked as the spec says.

An optional parameter passed empty counts as absent. Dates are W3C date-times that must carry a
zone; a range may span at most 90 days, and with no range the last 90 days are meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import cast

from core.domain.values import Category
from portal.open311.formats import Open311Error
from projections.public.open311 import MAX_REQUESTS, RequestQuery

MAX_SPAN = timedelta(days=90)
MAX_IDS = 100
#: Dates outside these years are refused: 90 days around them could leave datetime's range.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


def _given(args: Mapping[str, str], name: str) -> str | None:
    value = (args.get(name) or "").strip()
    return value or None


def parse_moment(args: Mapping[str, str], name: str) -> datetime | None:
    value = _given(args, name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        message = f"{name} must be a W3C date-time such as 2026-11-02T00:00:00Z"
        raise Open311Error(400, message) from None
    if moment.tzinfo is None:
        raise Open311Error(400, f"{name} must carry a time zone (Z or +08:00)")
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise Open311Error(400, f"{name} must lie between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment


def date_range(
    args: Mapping[str, str], now: datetime, *, default: bool = True
) -> tuple[datetime | None, datetime | None]:
    """start_date and end_date; one alone reaches 90 days from it; none means the last 90 days
    (or no range when `default` is False)."""
    given_start, given_end = parse_moment(args, "start_date"), parse_moment(args, "end_date")
    if given_start is None and given_end is None:
        return (now - MAX_SPAN, now) if default else (None, None)
    if given_start is not None:
        start = given_start
        end = given_end if given_end is not None else start + MAX_SPAN
    else:
        end = cast(datetime, given_end)
        start = end - MAX_SPAN
    if end < start:
        raise Open311Error(400, "end_date lies before start_date")
    if end - start > MAX_SPAN:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return start, end


def _number(args: Mapping[str, str], name: str, default: int, high: int) -> int:
    value = _given(args, name)
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= high:
        raise Open311Error(400, f"{name} must be a whole number from 1 to {high}")
    return int(value)


def _status(args: Mapping[str, str]) -> bool | None:
    value = _given(args, "status")
    if value is None:
        return None
    wanted = {s.strip().lower() for s in value.split(",") if s.strip()}
    if not wanted <= {"open", "closed"}:
        raise Open311Error(400, "status must be open, closed or both (comma-separated)")
    return None if len(wanted) != 1 else "closed" in wanted


def _categories(args: Mapping[str, str]) -> set[str] | None:
    value = _given(args, "service_code")
    if value is None:
        return None
    codes = {c.strip() for c in value.split(",") if c.strip()}
    unknown = sorted(codes - {c.value for c in Category})
    if unknown:
        raise Open311Error(404, f"service_code {', '.join(unknown)} not found")
    return codes


def request_query(args: Mapping[str, str], now: datetime) -> RequestQuery:
    """The filters of GET requests; service_request_id overrides every other one."""
    page = _number(args, "page", 1, 1_000_000)
    page_size = _number(args, "page_size", MAX_REQUESTS, MAX_REQUESTS)
    ids = _given(args, "service_request_id")
    if ids is not None:
        references = [i.strip() for i in ids.split(",") if i.strip()][: MAX_IDS + 1]
        if len(references) > MAX_IDS:
            raise Open311Error(400, f"at most {MAX_IDS} service_request_id values at once")
        return RequestQuery(references=references, page=1, page_size=MAX_REQUESTS)
    after, before = parse_moment(args, "updated_after"), parse_moment(args, "updated_before")
    # an incremental sync reaches older requests, so it drops the default 90 days
    start, end = date_range(args, now, default=after is None and before is None)
    return RequestQuery(
        categories=_categories(args),
        closed=_status(args),
        start=start,
        end=end,
        updated_after=after,
        updated_before=before,
        page=page,
        page_size=page_size,
    )
