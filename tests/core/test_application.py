"""The application service on a real store (SQLite and PostgreSQL): history, replay, references,
privacy and optimistic concurrency."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.domain.errors import CaseNotFound, ConcurrentModification, PermissionDenied
from core.domain.values import Category, Origin, Place
from core.service.application import Ducha, hash_secret
from core.service.contacts import Contact
from stores.contacts import contact_reads_table
from tests.helpers import INTAKE, OFFICE, PLACE, drive, report


def state(case: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(case).items() if k != "_pending_events"}


def test_a_complaint_runs_its_whole_lifecycle(ducha: Ducha, clock: Any) -> None:
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="closed")
    names = [type(e).__name__ for e in ducha.history(receipt.case_id)]
    assert names == [
        "Reported", "Accepted", "Transferred", "Acknowledged", "PlanSubmitted", "PlanApproved",
        "EvidenceAttached", "CompletionClaimed", "SiteInspected", "Verified",
        "PublicNoticeOpened", "SignedOff", "Closed",
    ]  # fmt: skip
    assert ducha.get(receipt.case_id).status == "closed"


def test_state_at_each_version_equals_the_state_built_step_by_step(
    ducha: Ducha, clock: Any
) -> None:
    receipt = report(ducha)
    seen = {1: state(ducha.get(receipt.case_id))}
    for target in ["accepted", "transferred", "rectifying", "acceptance_requested", "closed"]:
        drive(ducha, receipt.case_id, clock, until=target)
        case = ducha.get(receipt.case_id)
        seen[case.version] = state(case)
    for version, expected in seen.items():
        assert state(ducha.get(receipt.case_id, version=version)) == expected


def test_state_as_of_a_moment_between_two_events_is_the_earlier_state(ducha: Ducha) -> None:
    receipt = report(ducha)
    ducha.accept(INTAKE, receipt.case_id)
    first, second = ducha.history(receipt.case_id)
    between = first.timestamp + (second.timestamp - first.timestamp) / 2
    assert ducha.state_as_of(receipt.case_id, between).status == "reported"
    assert ducha.state_as_of(receipt.case_id, second.timestamp).status == "accepted"
    with pytest.raises(CaseNotFound):
        ducha.state_as_of(receipt.case_id, first.timestamp - timedelta(seconds=1))


def test_a_snapshot_gives_the_same_state_as_replaying_events(ducha: Ducha, clock: Any) -> None:
    receipt = report(ducha)
    drive(ducha, receipt.case_id, clock, until="rectifying")
    for i in range(30):
        ducha.post_note(OFFICE, receipt.case_id, f"督办第 {i} 次")
    replayed = state(ducha.get(receipt.case_id))
    ducha.take_snapshot(receipt.case_id)
    snapshots = list(ducha.snapshots.get(receipt.case_id)) if ducha.snapshots else []
    assert snapshots, "a snapshot was stored"
    from_snapshot = ducha.get(receipt.case_id)
    assert state(from_snapshot) == replayed
    assert from_snapshot.status == "rectifying" and from_snapshot.categories == [Category.WATER]


def test_references_number_complaints_per_day_and_items_per_year(ducha: Ducha, clock: Any) -> None:
    first, second = report(ducha), report(ducha)
    assert (first.reference, second.reference) == ("GZ-20261102-0001", "GZ-20261102-0002")
    clock.advance(days=1)
    assert report(ducha).reference == "GZ-20261103-0001"
    item = ducha.report(
        OFFICE,
        origin=Origin.CENTRAL_FEEDBACK,
        title="城市污水管网建设滞后",
        description="第二轮中央督察反馈问题第 7 项。",
        categories=[Category.WATER],
        place=PLACE,
        external_ref="D3SX202505280018",
    )
    assert item.reference == "ZY-FK-2026-0001"
    case = ducha.get_by_reference(item.reference.lower())
    assert case.external_ref == "D3SX202505280018" and case.id == item.case_id
    assert case.status == "accepted"


def test_a_measure_is_saved_with_its_parent_and_blocks_its_closing(ducha: Ducha) -> None:
    problem = ducha.report(
        OFFICE,
        origin=Origin.CENTRAL_FEEDBACK,
        title="黑臭水体整治不到位",
        description="反馈问题。",
        categories=[Category.WATER],
        place=Place("jc.xishan"),
    )
    measure = ducha.add_measure(OFFICE, problem.case_id, title="截污纳管", description="完成截污。")
    parent = ducha.get(problem.case_id)
    assert parent.children == [str(measure.case_id)]
    child = ducha.get(measure.case_id)
    assert child.parent_id == problem.case_id and child.origin == Origin.MEASURE
    assert measure.reference.startswith("ZY-CS-2026-")


def test_complainant_identity_never_enters_an_event(ducha: Ducha) -> None:
    planted = Contact(name="王秀英", phone="13912345678", email="wang.xiuying@example.cn")
    receipt = report(ducha, contact=planted)
    ducha.accept(INTAKE, receipt.case_id)
    stored = ducha.recorder.select_notifications(start=1, limit=1000)
    assert stored, "events were stored"
    blob = b"".join(n.state for n in stored)
    for value in ("王秀英", "13912345678", "wang.xiuying@example.cn"):
        assert value.encode() not in blob
        assert value.encode("unicode_escape") not in blob
    assert ducha.contacts is not None
    assert ducha.contacts.read(receipt.case_id, INTAKE, "回访") == [planted]  # type: ignore[attr-defined]


def test_reading_an_identity_is_for_intake_only_and_logged(ducha: Ducha) -> None:
    receipt = report(ducha, contact=Contact(phone="13912345678"))
    store: Any = ducha.contacts
    with pytest.raises(PermissionDenied):
        store.read(receipt.case_id, OFFICE, "curious")
    store.read(receipt.case_id, INTAKE, "回访")
    with store.engine.connect() as conn:
        rows = conn.execute(select(contact_reads_table)).all()
    assert [(r.reader_user_id, r.purpose) for r in rows] == [(INTAKE.user_id, "回访")]


def test_an_erased_identity_is_gone_and_the_case_remains(ducha: Ducha) -> None:
    receipt = report(ducha, contact=Contact(name="王秀英", phone="13912345678"))
    store: Any = ducha.contacts
    assert store.erase(receipt.case_id)
    assert store.read(receipt.case_id, INTAKE, "复核") == [Contact()]
    assert ducha.get(receipt.case_id).title == "河道黑臭水体"


def test_the_tracking_secret_is_returned_once_and_stored_only_as_a_hash(ducha: Ducha) -> None:
    receipt = report(ducha)
    assert receipt.tracking_secret and len(receipt.tracking_secret) >= 20
    case = ducha.get(receipt.case_id)
    assert case.secret_matches(hash_secret(receipt.tracking_secret))
    assert not case.secret_matches(hash_secret("not-the-secret"))
    blob = b"".join(n.state for n in ducha.recorder.select_notifications(start=1, limit=100))
    assert receipt.tracking_secret.encode() not in blob


def test_a_command_on_a_stale_version_is_refused(ducha: Ducha) -> None:
    receipt = report(ducha)
    ducha.accept(INTAKE, receipt.case_id, version=1)
    with pytest.raises(ConcurrentModification, match="changed since you opened it"):
        ducha.transfer(OFFICE, receipt.case_id, "jc.donghu.hubin", version=1)
    assert ducha.get(receipt.case_id).version == 2


def test_two_writers_on_the_same_version_one_wins(ducha: Ducha) -> None:
    receipt = report(ducha)
    ducha.accept(INTAKE, receipt.case_id)
    original_get = ducha.get
    loaded = [original_get(receipt.case_id), original_get(receipt.case_id)]
    ducha.get = lambda case_id, version=None: loaded.pop()  # type: ignore[method-assign]
    try:
        ducha.post_note(OFFICE, receipt.case_id, "第一位")
        with pytest.raises(ConcurrentModification, match="changed by someone else"):
            ducha.post_note(OFFICE, receipt.case_id, "第二位")
    finally:
        del ducha.get
    assert [type(e).__name__ for e in ducha.history(receipt.case_id)][-1] == "NotePosted"
    assert ducha.get(receipt.case_id).version == 3


def test_an_unknown_case_is_a_domain_error(ducha: Ducha) -> None:
    with pytest.raises(CaseNotFound):
        ducha.get_by_reference("GZ-20260101-9999")


def test_a_report_and_its_photos_are_saved_together(ducha: Ducha) -> None:
    from core.domain.values import Evidence, EvidenceKind
    from tests.helpers import RESIDENT

    photo = Evidence(
        "cd" * 32, "image/jpeg", 2048, EvidenceKind.BEFORE, "河道", {"exif_time": None}
    )
    receipt = ducha.report(
        RESIDENT,
        origin=Origin.RESIDENT_COMPLAINT,
        title="河道黑臭",
        description="黑臭。",
        categories=[Category.WATER],
        place=PLACE,
        evidence=[photo, photo],
    )
    names = [type(e).__name__ for e in ducha.history(receipt.case_id)]
    assert names == ["Reported", "EvidenceAttached", "EvidenceAttached"]
    assert receipt.notification_id == ducha.recorder.max_notification_id()


def test_a_resident_adds_a_report_to_an_existing_case_with_a_secret_of_their_own(
    ducha: Ducha,
) -> None:
    from tests.helpers import RESIDENT

    first = report(ducha, contact=Contact(phone="13912345678"))
    ducha.accept(INTAKE, first.case_id)
    again = ducha.add_complaint(
        RESIDENT, first.case_id, summary="又闻到臭味", contact=Contact(email="b@example.cn")
    )
    case = ducha.get(first.case_id)
    assert (again.case_id, again.reference) == (first.case_id, first.reference)
    assert again.tracking_secret and again.tracking_secret != first.tracking_secret
    assert case.linked_complaints == 1
    assert case.secret_matches(hash_secret(again.tracking_secret))
    assert first.tracking_secret and case.secret_matches(hash_secret(first.tracking_secret))
    contacts = ducha.contacts.read(first.case_id, INTAKE, "回访")  # type: ignore[union-attr, attr-defined]
    assert [c.phone or c.email for c in contacts] == ["13912345678", "b@example.cn"]
