"""Value types of the case: origin, categories, place, verdicts, accountability forms."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from core.domain.errors import InvalidInput, term
from core.domain.text import check_storable


class Origin(StrEnum):
    """Where a problem came from (问题来源)."""

    CENTRAL_FEEDBACK = "central_feedback"  # 中央督察反馈问题
    MEASURE = "measure"  # 整改措施 (a child of a problem)
    LOOK_BACK = "look_back"  # 回头看发现问题
    CENTRAL_PETITION = "central_petition"  # 中央督察组交办信访件
    PROVINCIAL_PROBLEM = "provincial_problem"  # 省级督察反馈问题
    PROVINCIAL_PETITION = "provincial_petition"  # 省级督察交办件
    ON_SITE = "on_site"  # 现场检查发现问题
    SELF_FOUND = "self_found"  # 自查发现问题
    RESIDENT_COMPLAINT = "resident_complaint"  # 群众举报


class Channel(StrEnum):
    """How a complaint reached the office (受理渠道)."""

    PORTAL = "portal"  # 网上举报 (the portal and Open311)
    PHONE = "phone"  # 来电
    LETTER = "letter"  # 来信
    VISIT = "visit"  # 来访
    EMAIL = "email"  # 电子邮件
    HOTLINE_12345 = "12345"  # 12345 政务服务便民热线转办
    HOTLINE_12369 = "12369"  # 12369 生态环境举报平台转办


#: Channels whose complaints come with the platform's own number (kept as `external_ref`).
PLATFORM_CHANNELS = frozenset({Channel.HOTLINE_12345, Channel.HOTLINE_12369})
#: Origins that are a person's complaint or petition: they may have a channel and a contact.
COMPLAINT_ORIGINS = frozenset(
    {Origin.RESIDENT_COMPLAINT, Origin.CENTRAL_PETITION, Origin.PROVINCIAL_PETITION}
)


class ContactOutcome(StrEnum):
    """What came of contacting the complainant (联系记录)."""

    CALLED_BACK = "called_back"  # 已回电
    RESULT_TOLD = "result_told"  # 已告知结果
    UNREACHABLE = "unreachable"  # 无法联系


#: Reference prefixes per origin (reference/domain.md §4.2).
REFERENCE_PREFIX: dict[Origin, str] = {
    Origin.CENTRAL_FEEDBACK: "ZY-FK",
    Origin.MEASURE: "ZY-CS",
    Origin.LOOK_BACK: "ZY-HTK",
    Origin.CENTRAL_PETITION: "ZY-XF",
    Origin.PROVINCIAL_PROBLEM: "SJ-FK",
    Origin.PROVINCIAL_PETITION: "SJ-XF",
    Origin.ON_SITE: "XC",
    Origin.SELF_FOUND: "ZC",
    Origin.RESIDENT_COMPLAINT: "GZ",
}


class Category(StrEnum):
    """Problem category tags (several per case)."""

    WATER = "water"  # 水
    AIR = "air"  # 大气
    SOIL = "soil"  # 土壤
    SOLID_WASTE = "solid_waste"  # 固废
    NOISE = "noise"  # 噪声
    ECOLOGY = "ecology"  # 生态
    RADIATION = "radiation"  # 辐射
    OTHER = "other"  # 其他


class AccountabilityForm(StrEnum):
    """Forms of accountability (问责)."""

    TALK = "talk"  # 约谈
    CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评
    ADMONITION = "admonition"  # 诫勉
    ORGANISATIONAL = "organisational"  # 组织处理
    DISCIPLINARY = "disciplinary"  # 党纪政务处分
    REFERRAL = "referral"  # 移送


class EvidenceKind(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    DOCUMENT = "document"
    MONITORING = "monitoring"
    OTHER = "other"


@dataclass(frozen=True)
class Evidence:
    """A stored file's record; the file itself lives in the evidence store, keyed by SHA-256.

    `metadata` carries what the anti-fake rules read (EXIF time, GPS, software, perceptual hash)
    and is never shown on a public page.
    """

    sha256: str
    media_type: str
    size_bytes: int
    kind: EvidenceKind
    caption: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)


_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


@dataclass(frozen=True)
class Place:
    """Where the problem is: district and township unit ids, address, optional point and enterprise.

    The enterprise is a legal person (name and 统一社会信用代码), never a private individual.
    """

    district_id: str
    township_id: str | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    enterprise_name: str | None = None
    enterprise_credit_code: str | None = None

    def __post_init__(self) -> None:
        if (self.lat is None) != (self.lon is None):
            raise InvalidInput("give both latitude and longitude, or neither")
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise InvalidInput("latitude must lie between -90 and 90")
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise InvalidInput("longitude must lie between -180 and 180")
        check_storable(self.address, term("the address"))
        check_storable(self.enterprise_name or "", term("the enterprise's name"))
        code = self.enterprise_credit_code
        if code is not None and not _CREDIT_CODE.match(code):
            raise InvalidInput("a unified social credit code has 18 characters (digits, capitals)")

    @property
    def unit_id(self) -> str:
        """The most precise org unit of the place."""
        return self.township_id or self.district_id

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(**data)
