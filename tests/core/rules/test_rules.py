"""Every rule: a history that must trigger it, and a near miss that must not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from core.domain.roles import Actor, Role
from core.domain.values import Place
from core.rules.catalogue import Neighbours, Setting, evaluate
from core.rules.history import facts_of
from core.rules.monitoring import Reading
from core.rules.photos import photo_record
from core.rules.recurrence import complaint_record
from core.rules.speed import claim_records
from core.rules.texts import text_record
from core.rules.thresholds import Thresholds
from tests.core.rules.build import START, History, full_case
from tests.helpers import INSPECTOR, LEADER, OFFICE, UNIT

SETTING = Setting()
PLAN = "一、全面排查沿河排污口并建立台账；二、完成截污纳管改造工程；三、建立河长巡查长效机制。"


NOTHING = Neighbours()


def rules_hit(
    h: History, neighbours: Neighbours = NOTHING, setting: Setting = SETTING
) -> list[str]:
    return [f.rule for f in evaluate(h.steps, neighbours, setting)]


def test_a_clean_history_raises_nothing() -> None:
    assert rules_hit(full_case()) == []


# R1 ------------------------------------------------------------------------------------------


def test_r1_a_verifier_who_worked_on_the_case_in_an_earlier_round() -> None:
    h = full_case()
    h.add("Rebounded", INSPECTOR, reason="回头看", source="look_back")
    h.transfer().rectify()
    h.add("SiteInspected", INSPECTOR)
    h.add("Verified", Actor(UNIT.user_id, "jc.dcz1", Role.INSPECTOR))
    flags = [f for f in evaluate(h.steps, Neighbours(), SETTING) if f.rule == "R1"]
    assert len(flags) == 1 and "after working on it" in flags[0].explanation


def test_r1_a_closer_from_a_unit_below_the_responsible_one() -> None:
    h = full_case()
    h.steps[-1] = replace(h.steps[-1], actor=Actor("x", "jc.donghu.hubin", Role.OFFICE))
    assert "R1" in rules_hit(h)


def test_r1_near_miss_an_independent_verifier_of_another_unit() -> None:
    h = full_case()
    h.steps = [s if s.kind != "Verified" else replace(s, actor=INSPECTOR) for s in h.steps]
    assert "R1" not in rules_hit(h)


def test_r1_an_extension_granted_by_its_requester() -> None:
    h = History().report().transfer()
    h.add("ExtensionRequested", UNIT, days=10, reason="雨季")
    h.add(
        "ExtensionGranted",
        Actor(UNIT.user_id, "jc", Role.LEADER),
        days=10,
        deadline=date(2026, 5, 1),
    )
    assert rules_hit(h) == ["R1"]
    h.steps[-1] = replace(h.steps[-1], actor=LEADER)
    assert rules_hit(h) == []


# R2 ------------------------------------------------------------------------------------------


def test_r2_closed_without_inspection_or_notice() -> None:
    h = History().report().transfer().advance(days=40).rectify()
    h.add("Verified", INSPECTOR)
    h.add("SignedOff", LEADER)
    h.add("Closed", OFFICE, summary="已销号")
    flags = [f for f in evaluate(h.steps, Neighbours(), SETTING) if f.rule == "R2"]
    assert len(flags) == 1
    assert "site inspection" in flags[0].explanation and "public notice" in flags[0].explanation


def test_r2_signed_off_before_the_notice_window_ended() -> None:
    h = History().report().transfer().advance(days=40).rectify()
    h.add("SiteInspected", INSPECTOR)
    h.add("Verified", INSPECTOR)
    h.add(
        "PublicNoticeOpened",
        OFFICE,
        text="公示",
        window_days=5,
        ends_on=h.now.date() + timedelta(days=7),
    )
    h.add("SignedOff", LEADER)
    h.add("Closed", OFFICE, summary="已销号")
    assert rules_hit(h) == ["R2"]


def test_r2_an_objection_left_open_at_sign_off() -> None:
    h = full_case()
    h.steps.insert(-3, replace(h.steps[-3], kind="ObjectionRaised", data={"objection_id": "o1"}))
    assert "R2" in rules_hit(h)


# R3 ------------------------------------------------------------------------------------------


def test_r3_completion_claimed_for_a_day_before_the_transfer() -> None:
    h = History().report().transfer().advance(days=40)
    h.add("Acknowledged", UNIT)
    h.photo()
    h.add(
        "CompletionClaimed", UNIT, effective_date=START.date() - timedelta(days=30), report="完成"
    )
    assert rules_hit(h) == ["R3"]


def test_r3_a_claimed_date_far_from_the_recording() -> None:
    h = History().report().transfer().advance(days=80)
    h.add("ProgressReported", UNIT, effective_date=h.now.date() - timedelta(days=45), text="进展")
    assert rules_hit(h) == ["R3"]


def test_r3_near_miss_a_claimed_date_a_week_back() -> None:
    h = History().report().transfer().advance(days=80)
    h.add("ProgressReported", UNIT, effective_date=h.now.date() - timedelta(days=7), text="进展")
    assert rules_hit(h) == []


def test_r3_an_after_photo_taken_before_the_transfer() -> None:
    h = History().report().transfer().advance(days=40)
    h.photo(exif_time=(START - timedelta(days=20)).replace(tzinfo=None).isoformat())
    assert rules_hit(h) == ["R3"]
    h.steps[-1] = replace(
        h.steps[-1],
        data={
            **h.steps[-1].data,
            "metadata": {"exif_time": h.now.replace(tzinfo=None).isoformat()},
        },
    )
    assert rules_hit(h) == []


# R4 ------------------------------------------------------------------------------------------


def test_r4_an_after_photo_that_is_the_before_photo() -> None:
    h = History().report()
    h.photo(kind="before", sha="cd" * 32, actor=OFFICE)
    h.transfer().advance(days=40)
    h.photo(sha="cd" * 32)
    assert rules_hit(h) == ["R4"]


def test_r4_near_identical_by_perceptual_hash_and_the_near_miss() -> None:
    h = History().report()
    h.photo(kind="before", sha="cd" * 32, actor=OFFICE, perceptual_hash="ffff0000ffff0000")
    h.transfer().advance(days=40)
    h.photo(perceptual_hash="ffff0000ffff0007")  # 3 bits apart
    assert rules_hit(h) == ["R4"]
    h.steps[-1] = replace(
        h.steps[-1], data={**h.steps[-1].data, "metadata": {"perceptual_hash": "00ff00ff00ff00ff"}}
    )
    assert rules_hit(h) == []


def test_r4_a_photo_of_another_case_recorded_earlier() -> None:
    other = History(START - timedelta(days=5)).report()
    earlier = other.photo(kind="after", sha="ee" * 32)
    h = History().report().transfer().advance(days=40)
    h.photo(sha="ee" * 32)
    assert rules_hit(h, Neighbours(photos=[photo_record(earlier)])) == ["R4"]
    # the other case, recorded first, is not the one flagged
    assert rules_hit(other, Neighbours(photos=[photo_record(h.steps[-1])])) == []


def test_r4_edited_exif_and_gps_far_from_the_site() -> None:
    place = Place("jc.donghu", "jc.donghu.hubin", "湖滨路", lat=30.0, lon=114.0)
    h = History().report(place=place).transfer().advance(days=40)
    h.photo(software="Adobe Photoshop 25.0", gps_lat=30.0, gps_lon=114.2)
    flags = evaluate(h.steps, Neighbours(), SETTING)
    assert [f.rule for f in flags] == ["R4", "R4"]
    assert any("editor" in f.explanation for f in flags) and any(
        " m from" in f.explanation for f in flags
    )
    h.steps[-1] = replace(
        h.steps[-1],
        data={
            **h.steps[-1].data,
            "metadata": {"software": "HDR+ 1.0", "gps_lat": 30.001, "gps_lon": 114.0},
        },
    )
    assert rules_hit(h) == []


# R5 ------------------------------------------------------------------------------------------


def test_r5_a_plan_copied_from_another_case() -> None:
    other = History(START - timedelta(days=3)).report()
    copied = other.add("PlanSubmitted", Actor("u-9", "jc.xishan.a", Role.UNIT), text=PLAN)
    h = History().report().transfer().advance(days=40).rectify(plan=PLAN.replace("；", "，") + "。")
    record = text_record(copied, SETTING.thresholds)
    assert record is not None
    assert rules_hit(h, Neighbours(texts=[record])) == ["R5"]


def test_r5_near_miss_a_different_plan_or_a_short_one() -> None:
    other = History(START - timedelta(days=3)).report()
    theirs = other.add(
        "PlanSubmitted",
        UNIT,
        text="一、拆除违建农家乐和房屋；二、复绿水源保护区；三、设置隔离网和警示牌并定期巡查。",
    )
    h = History().report().transfer().advance(days=40).rectify(plan=PLAN)
    assert rules_hit(h, Neighbours(texts=[text_record(theirs, SETTING.thresholds)])) == []  # type: ignore[list-item]
    assert (
        text_record(replace(theirs, data={"text": "同意，按方案整改。"}), SETTING.thresholds)
        is None
    )


# R6 ------------------------------------------------------------------------------------------


def test_r6_water_work_claimed_done_in_two_days() -> None:
    assert rules_hit(full_case(speed_days=2)) == ["R6"]


def test_r6_near_miss_noise_has_no_minimum() -> None:
    h = (
        History()
        .report(categories=("noise",))
        .transfer()
        .advance(days=1)
        .rectify()
        .close_properly()
    )
    assert rules_hit(h) == []


# R7 ------------------------------------------------------------------------------------------


def test_r7_two_extensions_over_half_the_period() -> None:
    h = History().report().transfer(days=40)
    for days in (15, 10):
        h.add("ExtensionRequested", UNIT, days=days, reason="雨季")
        h.add("ExtensionGranted", LEADER, days=days, deadline=date(2026, 6, 1))
    flags = [f.explanation for f in evaluate(h.steps, Neighbours(), SETTING)]
    assert len(flags) == 2 and "2 extensions" in " ".join(flags) and "over 50%" in " ".join(flags)


def test_r7_an_extension_requested_after_the_deadline_and_a_near_miss() -> None:
    h = History().report().transfer(days=10).advance(days=12)
    h.add("ExtensionRequested", UNIT, days=5, reason="材料未到")
    assert rules_hit(h) == ["R7"]
    h = History().report().transfer(days=10).advance(days=8)
    h.add("ExtensionRequested", UNIT, days=5, reason="材料未到")
    h.add("ExtensionGranted", LEADER, days=5, deadline=date(2026, 3, 17))
    assert rules_hit(h) == []


# R8 ------------------------------------------------------------------------------------------


def _complaint(days_after: int, categories: tuple[str, ...] = ("water",), lat: float = 30.0005):
    place = Place("jc.donghu", "jc.donghu.hubin", "湖滨路", lat=lat, lon=114.0)
    h = History(START + timedelta(days=days_after)).report(
        categories=categories, place=place, reference="GZ-2026-0099"
    )
    record = complaint_record(facts_of(h.steps), h.steps[0].at)
    assert record is not None
    return record


def _closed_near_the_lake() -> History:
    place = Place("jc.donghu", "jc.donghu.hubin", "湖滨路", lat=30.0, lon=114.0)
    h = History().report(place=place).transfer().advance(days=40)
    return h.rectify().close_properly()


def test_r8_a_new_complaint_nearby_after_closing_proposes_a_rebound() -> None:
    flags = evaluate(
        _closed_near_the_lake().steps, Neighbours(complaints=[_complaint(90)]), SETTING
    )
    assert [(f.rule, f.proposal) for f in flags] == [("R8", "rebound")]
    assert "GZ-2026-0099" in flags[0].explanation


def test_r8_near_misses_other_category_too_far_or_too_late() -> None:
    h = _closed_near_the_lake()
    for complaint in (_complaint(90, ("noise",)), _complaint(90, lat=30.02), _complaint(500)):
        assert rules_hit(h, Neighbours(complaints=[complaint])) == []


# R9 ------------------------------------------------------------------------------------------


def test_r9_a_reading_over_the_limit_after_closing() -> None:
    h = full_case()
    after = h.now + timedelta(days=20)
    bad = Reading("断面 3", "COD", after, 42.0, 30.0)
    assert rules_hit(h, Neighbours(readings=[bad])) == ["R9"]
    fine = [replace(bad, value=25.0), replace(bad, measured_at=START)]  # within limit; before
    assert rules_hit(h, Neighbours(readings=fine)) == []


# R10 -----------------------------------------------------------------------------------------


def test_r10_a_unit_claiming_five_completions_days_before_their_deadlines() -> None:
    histories = []
    for k in range(5):
        h = (
            History(START + timedelta(hours=k))
            .report()
            .transfer(days=30)
            .advance(days=28)
            .rectify()
        )
        histories.append(h)
    claims = [c for h in histories for c in claim_records(h.steps)]
    assert rules_hit(histories[-1], Neighbours(claims=claims)) == ["R10"]
    assert rules_hit(histories[-1], Neighbours(claims=claims[1:])) == []  # four are no burst
    early = (
        History(START + timedelta(hours=5)).report().transfer(days=30).advance(days=20).rectify()
    )
    assert rules_hit(early, Neighbours(claims=claims)) == []  # ten days before: not a rush


# R11 -----------------------------------------------------------------------------------------


def test_r11_unsubstantiated_then_a_failed_verification() -> None:
    h = History().report().transfer().advance(days=40)
    h.photo()
    h.add("CompletionClaimed", UNIT, report="经核查，反映问题不属实。", substantiated=False)
    h.add("SiteInspected", INSPECTOR)
    h.add("VerificationFailed", INSPECTOR, reason="现场仍有直排", deadline=None)
    assert rules_hit(h) == ["R11"]


def test_r11_near_miss_unsubstantiated_and_confirmed_by_feedback() -> None:
    h = History().report().transfer().advance(days=40)
    h.photo()
    h.add("CompletionClaimed", UNIT, report="不属实", substantiated=False)
    h.add("FeedbackGiven", Actor("public", "jc", Role.RESIDENT), fixed=True, text="好了")
    assert rules_hit(h) == []


# R16 -----------------------------------------------------------------------------------------


def test_r16_closed_on_a_fine_with_only_a_document() -> None:
    h = History().report().transfer().advance(days=40)
    h.add("Acknowledged", UNIT)
    h.add(
        "EvidenceAttached",
        UNIT,
        sha256="12" * 32,
        media_type="application/pdf",
        kind="document",
        metadata={},
    )
    h.add("CompletionClaimed", UNIT, report="已对企业罚款 5 万元并责令改正。", substantiated=True)
    h.close_properly()
    assert rules_hit(h) == ["R16"]


def test_r16_near_miss_a_fine_and_an_after_photo() -> None:
    h = History().report().transfer().advance(days=40).rectify(report="已罚款并完成整改。")
    h.close_properly()
    assert rules_hit(h) == []


def test_thresholds_are_configuration() -> None:
    strict = replace(SETTING, thresholds=Thresholds(min_days="noise=5"))
    h = History().report(categories=("noise",)).transfer().advance(days=1).rectify()
    assert rules_hit(h) == [] and rules_hit(h, setting=strict) == ["R6"]
