"""Open311 service requests read back: the list with the spec's filters, one request, tokens,
and mySociety's request updates. Served from the public read model only.

Our statuses map to the spec's two: `closed` is closed, every other public status is open, and
`status_notes` says where the case stands in plain words. A resident complaint that is not
public (not yet accepted, declined or merged) is answered only when asked for by id, with its
status and dates and nothing else.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import get_locale

from core.case.kinds import EventKind
from core.domain.values import Category
from portal.helpers import CATEGORY_LABELS, STATUS_WORDS, services, unit_name
from portal.open311.blueprint import bp
from portal.open311.formats import Open311Error, respond
from portal.open311.params import date_range, request_query
from projections.public.open311 import (
    PrivateComplaint,
    PublicUpdate,
    RequestQuery,
    private_complaints,
    public_updates,
    service_requests,
)
from projections.public.queries import PublicCase

#: mySociety's extended status of an update, by the kind of event it reports (the timeline's
#: event_type); others are "unchanged".
UPDATE_STATUS: dict[str, str] = {
    EventKind.ACCEPTED: "open",
    EventKind.TRANSFERRED: "action_scheduled",
    EventKind.ACKNOWLEDGED: "in_progress",
    EventKind.PLAN_SUBMITTED: "in_progress",
    EventKind.PLAN_APPROVED: "in_progress",
    EventKind.PROGRESS_REPORTED: "in_progress",
    EventKind.COMPLETION_CLAIMED: "in_progress",
    EventKind.SITE_INSPECTED: "investigating",
    EventKind.VERIFICATION_FAILED: "in_progress",
    EventKind.VERIFIED: "fixed",
    EventKind.PUBLIC_NOTICE_OPENED: "fixed",
    EventKind.OBJECTION_RESOLVED: "in_progress",
    EventKind.CLOSED: "closed",
    EventKind.LOOK_BACK_PASSED: "closed",
    EventKind.REBOUNDED: "reopen",
}


def zone() -> ZoneInfo:
    return ZoneInfo(services().settings.timezone)


class Words:
    """The names a response repeats, looked up once per request: statuses, services, units."""

    def __init__(self) -> None:
        self.zone = zone()
        self.status = {k: str(v) for k, v in STATUS_WORDS.items()}
        self.service = {c.value: str(label) for c, label in CATEGORY_LABELS.items()}
        self._units: dict[str | None, str] = {}

    def unit(self, unit_id: str | None) -> str:
        if unit_id not in self._units:
            self._units[unit_id] = unit_name(unit_id)
        return self._units[unit_id]

    def stamp(self, moment: datetime | None) -> str | None:
        """A W3C date-time in the city's zone, with its offset."""
        return None if moment is None else moment.astimezone(self.zone).isoformat("T", "seconds")

    def common(self, reference: str, status: str, categories: tuple[str, ...]) -> dict[str, Any]:
        code = categories[0] if categories else Category.OTHER.value
        return {
            "service_request_id": reference,
            "status": "closed" if status in ("closed", "declined", "merged") else "open",
            "status_notes": self.status.get(status, status),
            "service_name": self.service.get(code, code),
            "service_code": code,
        }


def public_request(case: PublicCase, words: Words) -> dict[str, Any]:
    place = [case.address, words.unit(case.township_id), words.unit(case.district_id)]
    expected = None
    if case.deadline is not None and case.status != "closed":
        expected = datetime.combine(case.deadline, time(23, 59, 59), words.zone)
    return {
        **words.common(case.reference, case.status, case.categories),
        "description": case.description,
        "agency_responsible": words.unit(case.responsible_unit) or None,
        "service_notice": None,
        "requested_datetime": words.stamp(case.reported_at),
        "updated_datetime": words.stamp(case.closed_at or case.updated_at),
        "expected_datetime": words.stamp(expected),
        "address": ", ".join(part for part in place if part),
        "lat": case.lat,
        "long": case.lon,
    }


def private_request(complaint: PrivateComplaint, words: Words) -> dict[str, Any]:
    return {
        **words.common(complaint.reference, complaint.status, complaint.categories),
        "requested_datetime": words.stamp(complaint.reported_at),
        "updated_datetime": words.stamp(complaint.updated_at),
    }


def find_requests(query: RequestQuery) -> list[dict[str, Any]]:
    engine, words = services().engine, Words()
    found = [public_request(c, words) for c in service_requests(engine, query)]
    if query.references is not None:
        found += [private_request(c, words) for c in private_complaints(engine, query.references)]
    return found


@bp.get("/requests.<any(xml, json):fmt>", endpoint="requests")
def request_list(fmt: str) -> Any:
    query = request_query(request.args, datetime.now(zone()))
    return respond(fmt, "service_requests", find_requests(query))


@bp.get("/requests/<request_id>.<any(xml, json):fmt>", endpoint="request")
def one_request(request_id: str, fmt: str) -> Any:
    found = find_requests(RequestQuery(references=[request_id]))
    if not found:
        raise Open311Error(404, f"service_request_id {request_id} not found")
    return respond(fmt, "service_requests", found)


@bp.get("/tokens/<token>.<any(xml, json):fmt>", endpoint="token")
def token(token: str, fmt: str) -> Any:
    """Every service is realtime: a POST answers with the id at once and issues no token."""
    raise Open311Error(404, f"token {token} not found: this server issues no tokens")


def update(item: PublicUpdate, words: Words) -> dict[str, Any]:
    return {
        "update_id": str(item.notification_id),
        "service_request_id": item.reference,
        "status": UPDATE_STATUS.get(item.event_type, "unchanged"),
        "updated_datetime": words.stamp(item.recorded_at),
        "description": item.text,
        "media_url": "",
        "external_status_code": item.event_type,
    }


@bp.get("/servicerequestupdates.<any(xml, json):fmt>", endpoint="request_updates")
def request_updates(fmt: str) -> Any:
    """mySociety's extension: public updates between start_date and end_date (≤ 90 days)."""
    start, end = date_range(request.args, datetime.now(zone()))
    english = str(get_locale()) == "en"
    items = public_updates(services().engine, start, end, english=english)
    words = Words()
    return respond(fmt, "service_request_updates", [update(i, words) for i in items])
