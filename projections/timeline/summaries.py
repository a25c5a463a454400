"""Human-readable lines for the timeline, in Chinese and English, one per event type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.case.aggregate import Case
from core.domain.orgunits import OrgTree

Lines = tuple[str, str]

_STATUS_ZH = {
    "reported": "已举报",
    "accepted": "已受理",
    "declined": "不予受理",
    "merged": "已合并",
    "transferred": "已交办",
    "rectifying": "整改中",
    "acceptance_requested": "申请验收",
    "verified": "已验收",
    "public_notice": "公示中",
    "closed": "已销号",
    "rebounded": "已反弹",
}

_ACCOUNTABILITY_ZH = {
    "talk": "约谈",
    "circulated_criticism": "通报批评",
    "admonition": "诫勉",
    "organisational": "组织处理",
    "disciplinary": "党纪政务处分",
    "referral": "移送",
}


_CONTACT_ZH = {"called_back": "已回电", "result_told": "已告知结果", "unreachable": "无法联系"}
_PAPER_ZH = {
    "transfer_notice": "交办单",
    "supervision_letter": "督办函",
    "acceptance_opinion": "验收意见",
    "closing_approval": "销号审批表",
}


def status_zh(status: str) -> str:
    return _STATUS_ZH.get(status, status)


class Summaries:
    """Builds (zh, en) lines for events, naming units from the org tree; one builder per
    Case event class."""

    def __init__(self, tree: OrgTree) -> None:
        self.tree = tree
        self.builders: dict[type[Any], Callable[[Any], Lines]] = {
            Case.Reported: lambda e: self.reported(e.title),
            Case.Accepted: lambda e: ("受理", "Accepted"),
            Case.Declined: lambda e: (f"不予受理：{e.reason}", f"Declined: {e.reason}"),
            Case.Merged: lambda e: (
                f"与 {e.into_reference} 合并处理",
                f"Merged into {e.into_reference}",
            ),
            Case.ComplaintLinked: lambda e: ("收到同一问题的重复举报", "Another complaint linked"),
            Case.MeasureAdded: lambda e: (
                f"新增整改措施 {e.child_reference}",
                f"Measure {e.child_reference} added",
            ),
            Case.Transferred: lambda e: (
                f"交办至{self._zh(e.unit_id)}，期限 {e.deadline}",
                f"Transferred to {self._en(e.unit_id)}, due {e.deadline}",
            ),
            Case.Acknowledged: lambda e: ("责任单位签收", "Acknowledged by the responsible unit"),
            Case.PlanSubmitted: lambda e: ("提交整改方案", "Rectification plan submitted"),
            Case.PlanApproved: lambda e: ("整改方案通过", "Plan approved"),
            Case.PlanReturned: lambda e: (
                f"整改方案退回：{e.reason}",
                f"Plan returned: {e.reason}",
            ),
            Case.ProgressReported: lambda e: (
                f"报送整改进展（{e.percent}%）",
                f"Progress reported ({e.percent}%)",
            ),
            Case.EvidenceAttached: lambda e: ("上传佐证材料", "Evidence attached"),
            Case.ExtensionRequested: lambda e: (
                f"申请延期 {e.days} 天",
                f"Extension of {e.days} days requested",
            ),
            Case.ExtensionGranted: lambda e: (
                f"同意延期至 {e.deadline}",
                f"Extension granted to {e.deadline}",
            ),
            Case.ExtensionDenied: lambda e: ("不同意延期", "Extension denied"),
            Case.CompletionClaimed: lambda e: ("整改完成，申请验收", "Completion claimed"),
            Case.SiteInspected: lambda e: ("现场核查", "Site inspected"),
            Case.Verified: lambda e: ("验收通过", "Verified"),
            Case.VerificationFailed: lambda e: (
                f"验收未通过：{e.reason}",
                f"Verification failed: {e.reason}",
            ),
            Case.PublicNoticeOpened: lambda e: (
                f"整改结果公示至 {e.ends_on}",
                f"Public notice until {e.ends_on}",
            ),
            Case.ObjectionRaised: lambda e: ("公示期间收到异议", "Objection raised"),
            Case.ObjectionResolved: lambda e: (
                "异议成立，重新整改" if e.upheld else "异议不成立",
                "Objection upheld; rectification resumes" if e.upheld else "Objection dismissed",
            ),
            Case.SignedOff: lambda e: ("领导审签", "Signed off"),
            Case.Closed: lambda e: ("销号", "Closed"),
            Case.LookBackPassed: lambda e: ("回头看：整改成效巩固", "Look-back passed"),
            Case.Rebounded: lambda e: (f"问题反弹：{e.reason}", f"Rebounded: {e.reason}"),
            Case.AccountabilityTriggered: lambda e: (
                f"启动问责（{_ACCOUNTABILITY_ZH.get(str(e.form), e.form)}）",
                f"Accountability opened ({e.form})",
            ),
            Case.AccountabilityConcluded: lambda e: ("问责办结", "Accountability concluded"),
            Case.NotePosted: lambda e: (e.text, e.text),
            Case.TypicalCaseProposed: lambda e: (
                f"拟作为典型案例公开：{e.title}",
                f"Proposed as a typical case: {e.title}",
            ),
            Case.TypicalCasePublished: lambda e: (
                f"作为典型案例公开：{e.title}",
                f"Published as a typical case: {e.title}",
            ),
            Case.ContactRecorded: lambda e: (
                f"联系记录：{_CONTACT_ZH.get(e.outcome, e.outcome)}"
                + (f"。{e.note}" if e.note else ""),
                f"Contact: {e.outcome.replace('_', ' ')}" + (f". {e.note}" if e.note else ""),
            ),
            Case.DocumentPrinted: lambda e: (
                f"打印{_PAPER_ZH.get(e.kind, e.kind)}（{e.number}）",
                f"Printed the {e.kind.replace('_', ' ')} {e.number}",
            ),
            Case.FeedbackGiven: lambda e: (
                "群众反馈：问题已解决" if e.fixed else "群众反馈：问题未解决",
                "Resident says it is fixed" if e.fixed else "Resident says it is not fixed",
            ),
        }

    @staticmethod
    def reported(title: str) -> Lines:
        return (f"登记问题：{title}", f"Reported: {title}")

    def lines(self, event: Any) -> Lines:
        """The lines of a Case event (every Case event class has its builder)."""
        return self.builders[type(event)](event)

    def _zh(self, unit_id: str) -> str:
        return self.tree.get(unit_id).name if unit_id in self.tree else unit_id

    def _en(self, unit_id: str) -> str:
        if unit_id not in self.tree:
            return unit_id
        unit = self.tree.get(unit_id)
        return unit.name_en or unit.name


#: Events a resident may see on the public timeline (notes only when posted as public).
PUBLIC_EVENTS = frozenset(
    {
        Case.Reported,
        Case.Accepted,
        Case.Transferred,
        Case.Acknowledged,
        Case.ProgressReported,
        Case.ExtensionGranted,
        Case.CompletionClaimed,
        Case.SiteInspected,
        Case.Verified,
        Case.VerificationFailed,
        Case.PublicNoticeOpened,
        Case.ObjectionResolved,
        Case.Closed,
        Case.LookBackPassed,
        Case.Rebounded,
        Case.TypicalCasePublished,
    }
)


def is_public(event: Any) -> bool:
    return type(event) in PUBLIC_EVENTS or (
        isinstance(event, Case.NotePosted) and bool(event.public)
    )
