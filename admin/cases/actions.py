"""The registry of the case page's actions: per action its form, its label, the domain actions
it stands for, and how the form's data become an application command.

Every call records its event(s) in one save, against the version the official saw. Actions
with uploads record the evidence first and the command after, in the same save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from admin.cases import forms as f
from core.case.aggregate import Case
from core.case.statuses import TRANSITIONS, Action
from core.domain.context import Context
from core.domain.errors import CaseNotFound, DomainError, InvalidInput
from core.domain.orgunits import OrgTree
from core.domain.roles import ROLE_ACTIONS, Actor, check_jurisdiction
from core.domain.values import COMPLAINT_ORIGINS, AccountabilityForm, Evidence, EvidenceKind
from core.service.application import Ducha

#: (application, actor, case, form, uploaded evidence, version) -> notification id
Call = Callable[[Ducha, Actor, Case, Any, list[Evidence], int], int]
A = Action


@dataclass(frozen=True)
class UiAction:
    """One form of the case page."""

    name: str
    label: Any
    actions: tuple[Action, ...]
    form_class: type[f.ActionForm]
    call: Call
    #: the kind of evidence its photos are recorded as, when it takes uploads
    uploads: EvidenceKind | None = None
    #: whether the case holds what the action works on (a pending request, an open objection)
    ready: Callable[[Case], bool] | None = None


def _text(value: Any) -> str:
    return str(value or "").strip()


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _with_evidence(
    app: Ducha,
    actor: Actor,
    case: Case,
    evidence: list[Evidence],
    version: int,
    command: Callable[[Case, Context], Any],
) -> int:
    """Attach the uploads, then run the command, in one save."""

    def both(target: Case, ctx: Context) -> None:
        for item in evidence:
            target.attach(ctx, item)
        command(target, ctx)

    return app.run(actor, case.id, both, version)


def _merge(app: Ducha, actor: Actor, case: Case, form: Any, _e: list[Evidence], v: int) -> int:
    try:
        target = app.get_by_reference(form.into.data)
    except CaseNotFound:
        raise InvalidInput(
            "no case with reference %(reference)s", reference=form.into.data.strip()
        ) from None
    return app.merge(actor, case.id, target.id, version=v)


def _progress(app: Ducha, actor: Actor, case: Case, form: Any, ev: list[Evidence], v: int) -> int:
    text, percent = form.text.data, int(form.percent.data)
    return _with_evidence(app, actor, case, ev, v, lambda c, x: c.report_progress(x, text, percent))


def _evidence(app: Ducha, actor: Actor, case: Case, form: Any, ev: list[Evidence], v: int) -> int:
    if not ev:
        raise InvalidInput("choose at least one photo or document")
    return _with_evidence(app, actor, case, ev, v, lambda c, x: None)


def _claim(app: Ducha, actor: Actor, case: Case, form: Any, ev: list[Evidence], v: int) -> int:
    report, substantiated = form.report.data, _yes_no(form.substantiated.data)
    return _with_evidence(
        app, actor, case, ev, v, lambda c, x: c.claim_completion(x, report, substantiated)
    )


def _inspect(app: Ducha, actor: Actor, case: Case, form: Any, ev: list[Evidence], v: int) -> int:
    findings = form.findings.data
    names = [n.strip() for n in form.inspectors.data.replace("，", ",").split(",") if n.strip()]
    lat, lon = form.lat.data, form.lon.data
    return _with_evidence(
        app,
        actor,
        case,
        ev,
        v,
        lambda c, x: c.record_site_inspection(x, findings, names, lat, lon),
    )


def _resolve(app: Ducha, actor: Actor, case: Case, form: Any, _e: list[Evidence], v: int) -> int:
    upheld = form.upheld.data == "yes"
    return app.resolve_objection(
        actor, case.id, form.objection.data, upheld, form.resolution.data, version=v
    )


def _trigger(app: Ducha, actor: Actor, case: Case, form: Any, _e: list[Evidence], v: int) -> int:
    return app.trigger_accountability(
        actor,
        case.id,
        AccountabilityForm(form.form.data),
        form.target_unit.data,
        form.target_post.data,
        form.basis.data,
        version=v,
    )


def _simple(method: str, *fields: str) -> Call:
    """A command whose arguments are the form's fields, in order."""

    def call(app: Ducha, actor: Actor, case: Case, form: Any, _e: list[Evidence], v: int) -> int:
        args = [getattr(form, name).data for name in fields]
        return int(getattr(app, method)(actor, case.id, *args, version=v))

    return call


def _stripped(method: str, *fields: str) -> Call:
    def call(app: Ducha, actor: Actor, case: Case, form: Any, _e: list[Evidence], v: int) -> int:
        args = [_text(getattr(form, name).data) for name in fields]
        return int(getattr(app, method)(actor, case.id, *args, version=v))

    return call


def _has_extension_request(case: Case) -> bool:
    return case.extension_request is not None


def _has_proposal(case: Case) -> bool:
    return getattr(case, "typical_proposal", None) is not None


def _no_proposal(case: Case) -> bool:
    return not _has_proposal(case) and not getattr(case, "typical_case", False)


REGISTRY: tuple[UiAction, ...] = (
    UiAction("accept", _l("Accept"), (A.ACCEPT,), f.AcceptForm, _stripped("accept", "note")),
    UiAction(
        "decline",
        _l("Decline"),
        (A.DECLINE,),
        f.DeclineForm,
        _stripped("decline", "reason", "referral"),
    ),
    UiAction("merge", _l("Merge into another case"), (A.MERGE,), f.MergeForm, _merge),
    UiAction(
        "transfer",
        _l("Transfer"),
        (A.TRANSFER,),
        f.TransferForm,
        _simple("transfer", "unit", "deadline", "instructions"),
    ),
    UiAction(
        "acknowledge",
        _l("Acknowledge"),
        (A.ACKNOWLEDGE,),
        f.AcknowledgeForm,
        _stripped("acknowledge", "note"),
    ),
    UiAction(
        "submit_plan",
        _l("Submit the plan"),
        (A.SUBMIT_PLAN,),
        f.SubmitPlanForm,
        _stripped("submit_plan", "text"),
        ready=lambda c: c.plan_status not in ("submitted", "approved"),
    ),
    UiAction(
        "approve_plan",
        _l("Approve the plan"),
        (A.APPROVE_PLAN,),
        f.ApprovePlanForm,
        _stripped("approve_plan", "comment"),
        ready=lambda c: c.plan_status == "submitted",
    ),
    UiAction(
        "return_plan",
        _l("Return the plan"),
        (A.RETURN_PLAN,),
        f.ReturnPlanForm,
        _stripped("return_plan", "reason"),
        ready=lambda c: c.plan_status == "submitted",
    ),
    UiAction(
        "report_progress",
        _l("Report progress"),
        (A.REPORT_PROGRESS,),
        f.ReportProgressForm,
        _progress,
        uploads=EvidenceKind.OTHER,
    ),
    UiAction(
        "attach_evidence",
        _l("Attach evidence"),
        (A.ATTACH_EVIDENCE,),
        f.AttachEvidenceForm,
        _evidence,
        uploads=EvidenceKind.AFTER,
    ),
    UiAction(
        "request_extension",
        _l("Request an extension"),
        (A.REQUEST_EXTENSION,),
        f.RequestExtensionForm,
        _simple("request_extension", "days", "reason"),
        ready=lambda c: c.extension_request is None,
    ),
    UiAction(
        "grant_extension",
        _l("Grant the extension"),
        (A.GRANT_EXTENSION,),
        f.GrantExtensionForm,
        _stripped("grant_extension", "comment"),
        ready=_has_extension_request,
    ),
    UiAction(
        "deny_extension",
        _l("Deny the extension"),
        (A.DENY_EXTENSION,),
        f.DenyExtensionForm,
        _stripped("deny_extension", "reason"),
        ready=_has_extension_request,
    ),
    UiAction(
        "claim_completion",
        _l("Claim completion"),
        (A.CLAIM_COMPLETION,),
        f.ClaimCompletionForm,
        _claim,
        uploads=EvidenceKind.AFTER,
    ),
    UiAction(
        "record_site_inspection",
        _l("Record a site inspection"),
        (A.RECORD_SITE_INSPECTION,),
        f.SiteInspectionForm,
        _inspect,
        uploads=EvidenceKind.OTHER,
    ),
    UiAction("verify", _l("Verify"), (A.VERIFY,), f.VerifyForm, _stripped("verify", "opinion")),
    UiAction(
        "fail_verification",
        _l("Fail the verification"),
        (A.FAIL_VERIFICATION,),
        f.FailVerificationForm,
        _simple("fail_verification", "reason", "deadline"),
    ),
    UiAction(
        "open_public_notice",
        _l("Open the public notice"),
        (A.OPEN_PUBLIC_NOTICE,),
        f.OpenNoticeForm,
        _simple("open_public_notice", "text", "window_days"),
    ),
    UiAction(
        "resolve_objection",
        _l("Resolve an objection"),
        (A.UPHOLD_OBJECTION, A.DISMISS_OBJECTION),
        f.ResolveObjectionForm,
        _resolve,
        ready=lambda c: bool(c.open_objections),
    ),
    UiAction(
        "sign_off",
        _l("Sign off"),
        (A.SIGN_OFF,),
        f.SignOffForm,
        _stripped("sign_off", "comment"),
        ready=lambda c: not c.signed_off,
    ),
    UiAction("close", _l("Close"), (A.CLOSE,), f.CloseForm, _stripped("close_case", "summary")),
    UiAction(
        "pass_look_back",
        _l("Look-back passed"),
        (A.PASS_LOOK_BACK,),
        f.LookBackForm,
        _stripped("pass_look_back", "findings"),
    ),
    UiAction(
        "rebound",
        _l("Record a rebound"),
        (A.REBOUND,),
        f.ReboundForm,
        _simple("rebound", "reason", "source"),
    ),
    UiAction(
        "trigger_accountability",
        _l("Trigger accountability"),
        (A.TRIGGER_ACCOUNTABILITY,),
        f.TriggerAccountabilityForm,
        _trigger,
    ),
    UiAction(
        "conclude_accountability",
        _l("Conclude accountability"),
        (A.CONCLUDE_ACCOUNTABILITY,),
        f.ConcludeAccountabilityForm,
        _simple("conclude_accountability", "accountability", "outcome"),
        ready=lambda c: bool(c.accountability_open),
    ),
    UiAction(
        "post_note",
        _l("Post a note"),
        (A.POST_NOTE,),
        f.NoteForm,
        _simple("post_note", "text", "public"),
    ),
    UiAction(
        "record_contact",
        _l("Record contact with the complainant"),
        (A.RECORD_CONTACT,),
        f.RecordContactForm,
        _stripped("record_contact", "outcome", "note"),
        ready=lambda c: c.origin in COMPLAINT_ORIGINS,
    ),
    UiAction(
        "propose_typical_case",
        _l("Propose as a typical case"),
        (A.PROPOSE_TYPICAL_CASE,),
        f.TypicalCaseForm,
        _simple("propose_typical_case", "title", "text"),
        ready=_no_proposal,
    ),
    UiAction(
        "approve_typical_case",
        _l("Approve and publish the typical case"),
        (A.PUBLISH_TYPICAL_CASE,),
        f.TypicalCaseForm,
        _simple("approve_typical_case", "title", "text"),
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
