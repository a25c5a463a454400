"""The registry of the case actions: per action its name, its label, the domain actions it
stands for, its form on the case page and its command (admin.cases.commands)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from admin.cases import commands as c
from admin.cases import forms as f
from core.case.aggregate import Case
from core.case.statuses import TRANSITIONS, Action
from core.domain.errors import DomainError
from core.domain.orgunits import OrgTree
from core.domain.roles import ROLE_ACTIONS, Actor, check_jurisdiction
from core.domain.values import COMPLAINT_ORIGINS, EvidenceKind

A = Action


@dataclass(frozen=True)
class UiAction:
    """One action on a case, as the case page and the staff API offer it."""

    name: str
    label: Any
    actions: tuple[Action, ...]
    form_class: type[f.ActionForm]
    command: c.Command
    #: the kind of evidence its photos are recorded as, when it takes uploads
    uploads: EvidenceKind | None = None
    #: whether the case holds what the action works on (a pending request, an open objection)
    ready: Callable[[Case], bool] | None = None


def _has_extension_request(case: Case) -> bool:
    return case.extension_request is not None


def _has_proposal(case: Case) -> bool:
    return getattr(case, "typical_proposal", None) is not None


def _no_proposal(case: Case) -> bool:
    return not _has_proposal(case) and not getattr(case, "typical_case", False)


REGISTRY: tuple[UiAction, ...] = (
    UiAction("accept", _l("Accept"), (A.ACCEPT,), f.AcceptForm, c.calls("accept", c.text("note"))),
    UiAction(
        "decline",
        _l("Decline"),
        (A.DECLINE,),
        f.DeclineForm,
        c.calls("decline", c.text("reason"), c.text("referral")),
    ),
    UiAction("merge", _l("Merge into another case"), (A.MERGE,), f.MergeForm, c.merge),
    UiAction(
        "transfer",
        _l("Transfer"),
        (A.TRANSFER,),
        f.TransferForm,
        c.calls("transfer", c.text("unit"), c.given("deadline"), c.text("instructions")),
    ),
    UiAction(
        "acknowledge",
        _l("Acknowledge"),
        (A.ACKNOWLEDGE,),
        f.AcknowledgeForm,
        c.calls("acknowledge", c.text("note")),
    ),
    UiAction(
        "submit_plan",
        _l("Submit the plan"),
        (A.SUBMIT_PLAN,),
        f.SubmitPlanForm,
        c.calls("submit_plan", c.text("text")),
        ready=lambda c: c.plan_status not in ("submitted", "approved"),
    ),
    UiAction(
        "approve_plan",
        _l("Approve the plan"),
        (A.APPROVE_PLAN,),
        f.ApprovePlanForm,
        c.calls("approve_plan", c.text("comment")),
        ready=lambda c: c.plan_status == "submitted",
    ),
    UiAction(
        "return_plan",
        _l("Return the plan"),
        (A.RETURN_PLAN,),
        f.ReturnPlanForm,
        c.calls("return_plan", c.text("reason")),
        ready=lambda c: c.plan_status == "submitted",
    ),
    UiAction(
        "report_progress",
        _l("Report progress"),
        (A.REPORT_PROGRESS,),
        f.ReportProgressForm,
        c.attaching("report_progress", c.text("text"), c.given("percent")),
        uploads=EvidenceKind.OTHER,
    ),
    UiAction(
        "attach_evidence",
        _l("Attach evidence"),
        (A.ATTACH_EVIDENCE,),
        f.AttachEvidenceForm,
        c.attach_evidence,
        uploads=EvidenceKind.AFTER,
    ),
    UiAction(
        "request_extension",
        _l("Request an extension"),
        (A.REQUEST_EXTENSION,),
        f.RequestExtensionForm,
        c.calls("request_extension", c.given("days"), c.text("reason")),
        ready=lambda c: c.extension_request is None,
    ),
    UiAction(
        "grant_extension",
        _l("Grant the extension"),
        (A.GRANT_EXTENSION,),
        f.GrantExtensionForm,
        c.calls("grant_extension", c.text("comment")),
        ready=_has_extension_request,
    ),
    UiAction(
        "deny_extension",
        _l("Deny the extension"),
        (A.DENY_EXTENSION,),
        f.DenyExtensionForm,
        c.calls("deny_extension", c.text("reason")),
        ready=_has_extension_request,
    ),
    UiAction(
        "claim_completion",
        _l("Claim completion"),
        (A.CLAIM_COMPLETION,),
        f.ClaimCompletionForm,
        c.attaching("claim_completion", c.text("report"), c.yes_no("substantiated")),
        uploads=EvidenceKind.AFTER,
    ),
    UiAction(
        "record_site_inspection",
        _l("Record a site inspection"),
        (A.RECORD_SITE_INSPECTION,),
        f.SiteInspectionForm,
        c.attaching(
            "record_site_inspection",
            c.text("findings"),
            c.names("inspectors"),
            c.given("lat"),
            c.given("lon"),
        ),
        uploads=EvidenceKind.OTHER,
    ),
    UiAction(
        "verify", _l("Verify"), (A.VERIFY,), f.VerifyForm, c.calls("verify", c.text("opinion"))
    ),
    UiAction(
        "fail_verification",
        _l("Fail the verification"),
        (A.FAIL_VERIFICATION,),
        f.FailVerificationForm,
        c.calls("fail_verification", c.text("reason"), c.given("deadline")),
    ),
    UiAction(
        "open_public_notice",
        _l("Open the public notice"),
        (A.OPEN_PUBLIC_NOTICE,),
        f.OpenNoticeForm,
        c.calls("open_public_notice", c.text("text"), c.given("window_days")),
    ),
    UiAction(
        "resolve_objection",
        _l("Resolve an objection"),
        (A.UPHOLD_OBJECTION, A.DISMISS_OBJECTION),
        f.ResolveObjectionForm,
        c.resolve_objection,
        ready=lambda c: bool(c.open_objections),
    ),
    UiAction(
        "sign_off",
        _l("Sign off"),
        (A.SIGN_OFF,),
        f.SignOffForm,
        c.calls("sign_off", c.text("comment")),
        ready=lambda c: not c.signed_off,
    ),
    UiAction(
        "close", _l("Close"), (A.CLOSE,), f.CloseForm, c.calls("close_case", c.text("summary"))
    ),
    UiAction(
        "pass_look_back",
        _l("Look-back passed"),
        (A.PASS_LOOK_BACK,),
        f.LookBackForm,
        c.calls("pass_look_back", c.text("findings")),
    ),
    UiAction(
        "rebound",
        _l("Record a rebound"),
        (A.REBOUND,),
        f.ReboundForm,
        c.calls("rebound", c.text("reason"), c.text("source")),
    ),
    UiAction(
        "trigger_accountability",
        _l("Trigger accountability"),
        (A.TRIGGER_ACCOUNTABILITY,),
        f.TriggerAccountabilityForm,
        c.trigger_accountability,
    ),
    UiAction(
        "conclude_accountability",
        _l("Conclude accountability"),
        (A.CONCLUDE_ACCOUNTABILITY,),
        f.ConcludeAccountabilityForm,
        c.calls("conclude_accountability", c.text("accountability"), c.text("outcome")),
        ready=lambda c: bool(c.accountability_open),
    ),
    UiAction(
        "post_note",
        _l("Post a note"),
        (A.POST_NOTE,),
        f.NoteForm,
        c.calls("post_note", c.text("text"), c.flag("public")),
    ),
    UiAction(
        "record_contact",
        _l("Record contact with the complainant"),
        (A.RECORD_CONTACT,),
        f.RecordContactForm,
        c.calls("record_contact", c.text("outcome"), c.text("note")),
        ready=lambda c: c.origin in COMPLAINT_ORIGINS,
    ),
    UiAction(
        "propose_typical_case",
        _l("Propose as a typical case"),
        (A.PROPOSE_TYPICAL_CASE,),
        f.TypicalCaseForm,
        c.calls("propose_typical_case", c.text("title"), c.text("text")),
        ready=_no_proposal,
    ),
    UiAction(
        "approve_typical_case",
        _l("Approve and publish the typical case"),
        (A.PUBLISH_TYPICAL_CASE,),
        f.TypicalCaseForm,
        c.calls("approve_typical_case", c.text("title"), c.text("text")),
        ready=_has_proposal,
    ),
)
BY_NAME: dict[str, UiAction] = {ui.name: ui for ui in REGISTRY}


def role_allows(actor: Actor, ui: UiAction) -> bool:
    return any(a in ROLE_ACTIONS[actor.role] for a in ui.actions)


def status_allows(case: Case, ui: UiAction) -> bool:
    return any(case.status in TRANSITIONS[a] for a in ui.actions)


def in_jurisdiction(tree: OrgTree, actor: Actor, case: Case) -> bool:
    try:
        check_jurisdiction(tree, actor, case.place.unit_id, case.responsible_unit)
    except DomainError:
        return False
    return True


def offered(tree: OrgTree, actor: Actor, case: Case) -> list[UiAction]:
    """The actions this official may take on this case now."""
    if not in_jurisdiction(tree, actor, case):
        return []
    return [
        ui
        for ui in REGISTRY
        if role_allows(actor, ui)
        and status_allows(case, ui)
        and (ui.ready is None or ui.ready(case))
    ]
