"""Scripted cheating histories (domain.md §7): cases whose histories the anti-fake rules flag.

Played through the application like real work, by the demo (`demo load`) and by the flag
tests; every step is one the domain allows, which is the point: the cheating is in what the
steps say, not in a refused command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import Engine

from admin.audit.rules_cli import import_readings_file
from core.domain.roles import Actor, Role
from core.domain.values import Category, EvidenceKind, Origin, Place
from core.service.application import Ducha

#: A long plan that a second unit copies word for word (R5).
PLAN = (
    "一、全面排查沿河排污口，建立问题台账，逐一明确责任人和完成时限；二、完成截污纳管改造工程，"
    "杜绝生活污水直排；三、开展河道清淤和生态修复；四、建立河长巡查长效机制，每周巡查一次。"
)
REUSED_PHOTO = "5e" * 32


@dataclass(frozen=True)
class Cast:
    """Who plays the histories: staff of one district, its township unit, and the site."""

    intake: Actor
    office: Actor
    unit: Actor
    inspector: Actor
    leader: Actor
    place: Place  # with a point: the recurrence (R8) is found by distance


@dataclass(frozen=True)
class Cheats:
    """The case ids of the scripted histories, by the rule each was written to trigger."""

    cases: dict[str, UUID]


def _photo(sha: str, **metadata: object) -> dict[str, object]:
    return {
        "sha256": sha,
        "media_type": "image/jpeg",
        "size_bytes": 120_000,
        "kind": EvidenceKind.AFTER,
        "caption": "整改后照片",
        "metadata": metadata,
    }


class _Script:
    def __init__(self, app: Ducha, cast: Cast, advance: Callable[[int], None]) -> None:
        self.app, self.cast, self.advance = app, cast, advance

    def open(self, title: str, place: Place, categories: list[Category], days: int = 30) -> UUID:
        """Register a provincial problem and transfer it to the township unit."""
        c = self.cast
        cid = self.app.report(
            c.office,
            origin=Origin.PROVINCIAL_PROBLEM,
            title=title,
            description=f"{title}（督察反馈问题）",
            categories=categories,
            place=place,
        ).case_id
        if self.app.get(cid).status.value == "reported":
            self.app.accept(c.intake, cid, "受理")
        self.app.transfer(c.office, cid, c.unit.unit_id, self.due(days), "限期整改")
        self.app.acknowledge(c.unit, cid, "已签收")
        return cid

    def due(self, days: int) -> date:
        """A deadline `days` ahead: of the wall clock too, whose time every event records."""
        today = max(self.app.context(self.cast.office).today, datetime.now(self.app.zone).date())
        return today + timedelta(days=days)

    def claim(self, cid: UUID, plan: str, photo: dict[str, object], **claim: object) -> None:
        unit = self.cast.unit
        self.app.submit_plan(unit, cid, plan)
        self.app.approve_plan(self.cast.office, cid, "同意")
        self.app.attach_evidence(unit, cid, **photo)  # type: ignore[arg-type]
        report = str(claim.pop("report", "已按方案完成整改，申请验收。"))
        self.app.claim_completion(unit, cid, report, **claim)  # type: ignore[arg-type]

    def close(self, cid: UUID, verifier: Actor | None = None) -> None:
        c = self.cast
        self.app.record_site_inspection(c.inspector, cid, "现场核查：已整改。", ["王敏"])
        self.app.verify(verifier or c.inspector, cid, "同意通过验收。")
        self.app.open_public_notice(c.office, cid, "整改结果公示。", 5)
        self.advance(16)  # five working days, even across a holiday week
        self.app.sign_off(c.leader, cid, "同意销号")
        self.app.close_case(c.office, cid, "整改到位，予以销号。")


def play_cheats(app: Ducha, cast: Cast, advance: Callable[[int], None]) -> Cheats:
    """Play the histories; `advance(days)` moves the application's clock forward."""
    s, c, place = _Script(app, cast, advance), cast, cast.place
    lat, lon = place.lat or 30.0, place.lon or 114.0

    def elsewhere(k: int) -> Place:
        return replace(place, address=f"{place.address}（{k}）", lat=lat + 0.05 * k, lon=lon)

    cases: dict[str, UUID] = {}

    # R6 (and later R8, R9): a river declared clean two days after the transfer.
    river = s.open("河道黑臭水体整治", place, [Category.WATER])
    advance(2)
    s.claim(river, PLAN, _photo(REUSED_PHOTO, has_exif=True, software="HDR+ 1.0"))
    s.close(river)
    cases["R6"] = cases["R8"] = cases["R9"] = river

    # R5, R4, R3: another unit's plan copied, the first river's photo reused and retouched,
    # completion dated before the transfer.
    copier = s.open("沟渠生活污水直排", elsewhere(1), [Category.WATER])
    day_before = app.context(c.office).today - timedelta(days=40)
    s.claim(copier, PLAN, _photo(REUSED_PHOTO), effective_date=day_before)
    app.attach_evidence(c.unit, copier, **_photo("7a" * 32, software="Adobe Photoshop 25.1"))  # type: ignore[arg-type]
    cases["R5"] = cases["R4"] = cases["R3"] = copier

    # R8: a resident reports the same river again, 100 m from the closed case's site.
    near = replace(place, address=f"{place.address}附近", lat=lat + 0.0009, lon=lon)
    app.report(
        Actor("public", "jc", Role.RESIDENT),
        origin=Origin.RESIDENT_COMPLAINT,
        title="河道又发黑发臭",
        description="河道又出现黑臭，排污口仍在排水。",
        categories=[Category.WATER],
        place=near,
    )

    # R11: judged unsubstantiated (不属实), then the site inspection finds it real.
    denied = s.open("养殖场粪污直排", elsewhere(2), [Category.SOIL])
    s.claim(
        denied,
        "经核查，未发现粪污直排。",
        _photo("3c" * 32),
        report="经核查，群众反映问题不属实。",
        substantiated=False,
    )
    app.record_site_inspection(c.inspector, denied, "现场仍有粪污直排入沟渠。", ["李强"])
    app.fail_verification(c.inspector, denied, "现场核查发现问题属实，整改未到位。")
    cases["R11"] = denied

    # R16: closed on a fine, with a penalty decision as its only evidence.
    fined = s.open("企业废气超标排放", elsewhere(3), [Category.AIR])
    app.submit_plan(c.unit, fined, "依法立案查处。")
    app.approve_plan(c.office, fined, "同意")
    app.attach_evidence(
        c.unit,
        fined,
        sha256="9d" * 32,
        media_type="application/pdf",
        size_bytes=80_000,
        kind=EvidenceKind.DOCUMENT,
        caption="行政处罚决定书",
    )
    app.claim_completion(c.unit, fined, "已对企业罚款5万元，责令改正。", True)
    s.close(fined)
    cases["R16"] = fined

    # R7, then R1: an extension of 15 days on a 20-day period; after a rebound, the unit's
    # own official verifies the new round as an inspector.
    slow = s.open("工地扬尘未覆盖", elsewhere(4), [Category.AIR], days=20)
    app.request_extension(c.unit, slow, 15, "雨季无法施工")
    app.grant_extension(c.leader, slow, "同意延期")
    s.claim(slow, "覆盖裸土，设置冲洗平台。", _photo("4b" * 32))
    s.close(slow)
    app.rebound(c.inspector, slow, "回头看发现扬尘问题反弹", "look_back")
    app.transfer(c.office, slow, c.unit.unit_id, s.due(30), "再次整改")
    second = Actor(f"{c.unit.user_id}-2", c.unit.unit_id, Role.UNIT)
    app.acknowledge(second, slow, "已签收")
    app.attach_evidence(second, slow, **_photo("4c" * 32))  # type: ignore[arg-type]
    app.claim_completion(second, slow, "已重新覆盖。", True)
    s.close(slow, verifier=Actor(c.unit.user_id, c.inspector.unit_id, Role.INSPECTOR))
    cases["R7"] = cases["R1"] = slow

    # R10: the unit rushes five noise cases to "done" within the hour, each two days before
    # its deadline.
    for k in range(5):
        rushed = s.open(f"夜间施工噪声扰民（{k + 1}）", elsewhere(6 + k), [Category.NOISE], days=2)
        s.claim(rushed, "限制夜间施工，更换低噪声设备。", _photo(f"{k + 1:02x}" * 32))
    cases["R10"] = rushed
    return Cheats(cases)


def readings_csv(reference: str, after: datetime) -> str:
    """Monitoring of the closed river: one reading within the limit, one over it (R9)."""
    first, second = (after + timedelta(hours=h) for h in (1, 2))
    return (
        "case,station,metric,time,value,limit\n"
        f"{reference},断面 1,COD,{first.isoformat()},18,30\n"
        f"{reference},断面 1,COD,{second.isoformat()},46,30\n"
    )


def load_demo_cheats(
    app: Ducha,
    engine: Engine,
    cast: Cast,
    clock: Callable[[datetime], None],
    advance: Callable[[int], None],
) -> int:
    """The histories and the river's monitoring, for the demo; how many cases they made.

    `clock(moment)` sets the demo's clock: the histories start months back, so that no
    command's day lies after the day its event is recorded.
    """
    clock(datetime.now(app.zone) - timedelta(days=80))
    cheats = play_cheats(app, cast, advance)
    river = app.get(cheats.cases["R9"])
    import_readings_file(app, engine, readings_csv(river.reference, river.modified_on))
    return len(set(cheats.cases.values())) + 5  # the repeat report, four rushed cases
