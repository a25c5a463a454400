"""What each route answers each identity: the declarations tests/test_access.py checks.

`everyone(s)`: every identity gets `s`. `staff(anonymous, others, **exceptions)`: anonymous
visitors get the first, staff the second, except the identities named (a role with a grant
that reaches the Donghu case and the campaign's group 1, or `_away`, one granted in Xishan).
A new route needs a line here before the test passes.

Worth knowing when reading it: auditors read every case wherever their grant lies (DESIGN §2),
but a campaign's group and its secret sample only in their district; a file outside the
official's jurisdiction is "not found" (its existence is not confirmed); the campaign's pages,
report and scorecards answer a district grant with its own districts only; a case act that the
role may take answers 400 (the note is empty), one it may not 403; city-wide campaign acts
answer 409 (a stale version or the wrong status) to the city's office and 403 to a district's.
"""

from __future__ import annotations

from tests.access_world import IDENTITIES

STAFF = [i for i in IDENTITIES if i != "anon"]
#: The staff roles whose "_away" identity a case in Donghu is out of reach for.
_ROLES = ("intake", "office", "unit", "inspector", "leader")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(IDENTITIES, status)


def staff(anonymous: int, others: int, **exceptions: int) -> dict[str, int]:
    unknown = set(exceptions) - set(STAFF)
    assert not unknown, f"no such identity: {unknown}"
    return {"anon": anonymous, **dict.fromkeys(STAFF, others), **exceptions}


#: Those whose grant reaches the Donghu case (auditors: every case), and the rest.
CASE_READERS = staff(302, 200, **dict.fromkeys([f"{r}_away" for r in _ROLES], 403))
#: The same for the case's files, which are "not found" outside the jurisdiction.
FILE_READERS = staff(302, 200, **dict.fromkeys([f"{r}_away" for r in _ROLES], 404))
#: The office, the leaders and the auditors read the campaign's report, a district its part.
CITY_REPORT = staff(
    302,
    403,
    **dict.fromkeys(["office", "leader", "auditor"], 200),
    **dict.fromkeys(["office_away", "leader_away", "auditor_away"], 200),
)
#: Units and the intake desk are inspected, they do not read the campaign.
CAMPAIGN_READERS = staff(
    302, 200, **dict.fromkeys(["intake", "intake_away", "unit", "unit_away"], 403)
)
AUDITORS = staff(302, 403, auditor=200, auditor_away=200)

EXPECTED: dict[str, dict[str, int]] = {
    "DELETE /api/v1/<path:unknown>": everyone(404),
    "GET /": everyone(200),
    "GET /admin/": staff(302, 200),
    "GET /admin/campaigns": CAMPAIGN_READERS,
    "GET /admin/campaigns/<uuid:campaign_id>": CAMPAIGN_READERS,
    "GET /admin/campaigns/<uuid:campaign_id>/groups/<group_id>": staff(
        302, 403, office=200, inspector=200, leader=200, auditor=200
    ),
    "GET /admin/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>": staff(
        302, 403, office=200, inspector=200
    ),
    "GET /admin/campaigns/<uuid:campaign_id>/report": CITY_REPORT,
    "GET /admin/campaigns/<uuid:campaign_id>/report.pdf": CITY_REPORT,
    "GET /admin/campaigns/<uuid:campaign_id>/scorecards": CAMPAIGN_READERS,
    "GET /admin/cases.<fmt>": staff(302, 200),
    "GET /admin/cases/<reference>": CASE_READERS,
    "GET /admin/cases/<reference>/papers/<int:version>": staff(
        302,
        404,
        intake_away=403,
        office_away=403,
        unit_away=403,
        inspector_away=403,
        leader_away=403,
    ),
    "GET /admin/cases/<reference>/papers/<int:version>.pdf": staff(
        302,
        404,
        intake_away=403,
        office_away=403,
        unit_away=403,
        inspector_away=403,
        leader_away=403,
    ),
    "GET /admin/cases/new": staff(
        302,
        403,
        intake=200,
        intake_away=200,
        office=200,
        office_away=200,
        inspector=200,
        inspector_away=200,
    ),
    "GET /admin/cases/new/done": staff(302, 302),
    "GET /audit/contact-reads": staff(302, 403, auditor=200, auditor_away=200),
    "POST /admin/cases/<reference>/contact": staff(302, 403, intake=400),
    "POST /admin/cases/<reference>/papers/<kind>": staff(
        302,
        400,
        intake_away=403,
        office_away=403,
        unit_away=403,
        inspector_away=403,
        leader_away=403,
    ),
    "POST /admin/cases/new": staff(
        302,
        403,
        intake=400,
        intake_away=400,
        office=400,
        office_away=400,
        inspector=400,
        inspector_away=400,
    ),
    "POST /api/v1/cases": staff(
        403,
        403,
        intake=400,
        intake_away=400,
        office=400,
        office_away=400,
        inspector=400,
        inspector_away=400,
    ),
    "GET /admin/assets/<path:filename>": everyone(200),
    # search: every official, each within their own jurisdiction
    "GET /admin/cases": staff(302, 200),
    # saved phrases: the office and units keep their own
    "GET /admin/phrases": staff(302, 403, office=200, office_away=200, unit=200, unit_away=200),
    "POST /admin/phrases": staff(302, 403, office=400, office_away=400, unit=400, unit_away=400),
    "POST /admin/phrases/<int:phrase_id>/remove": staff(
        302, 403, office=404, office_away=404, unit=404, unit_away=404
    ),
    "GET /admin/evidence/<name>.jpg": FILE_READERS,
    "GET /admin/evidence/<name>.pdf": FILE_READERS,
    "GET /admin/evidence/<name>/thumb.jpg": FILE_READERS,
    "GET /admin/import": staff(302, 403, office=200, office_away=200),
    "GET /admin/indicators": CAMPAIGN_READERS,
    "GET /admin/login": staff(200, 302),
    "GET /admin/queues/<name>": staff(302, 403, intake=200, intake_away=200),
    "GET /admin/staff": staff(302, 403, office=200, office_away=200),
    "GET /admin/staff/<username>": staff(302, 403, office=200, office_away=200),
    "GET /api/v1/<path:unknown>": everyone(404),
    "GET /api/v1/cases": staff(403, 200),
    "GET /api/v1/cases/<reference>": staff(
        403,
        200,
        intake_away=403,
        office_away=403,
        unit_away=403,
        inspector_away=403,
        leader_away=403,
    ),
    "GET /api/v1/openapi.json": everyone(200),
    "GET /assets/<path:filename>": everyone(200),
    "GET /audit/": AUDITORS,
    "GET /audit/cases/<reference>": AUDITORS,
    "GET /audit/cases/<reference>/diff": staff(302, 403, auditor=400, auditor_away=400),
    "GET /audit/cases/<reference>/export.html": AUDITORS,
    "GET /audit/cases/<reference>/export.json": AUDITORS,
    "GET /audit/cases/<reference>/export.pdf": AUDITORS,
    "GET /audit/cases/<reference>/state": AUDITORS,
    "GET /audit/dashboard": AUDITORS,
    "GET /audit/flags": AUDITORS,
    "GET /audit/flags/<flag_id>": staff(302, 403, auditor=404, auditor_away=404),
    "GET /cases": everyone(200),
    "GET /cases/<reference>": everyone(200),
    "GET /cases/<reference>/feed.atom": everyone(200),
    "GET /feed.atom": everyone(200),
    "GET /healthz": everyone(200),
    "GET /map": everyone(200),
    "GET /map/cases.geojson": everyone(200),
    "GET /map/districts.geojson": everyone(200),
    "GET /metrics": everyone(200),
    "GET /open311/v2/<path:unknown>": everyone(404),
    "GET /open311/v2/discovery.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/requests.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/requests/<request_id>.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/servicerequestupdates.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/services.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/services/<code>.<any(xml, json):fmt>": everyone(200),
    "GET /open311/v2/tokens/<token>.<any(xml, json):fmt>": everyone(404),
    "GET /photos/<name>.jpg": everyone(200),
    "GET /readyz": everyone(200),
    "GET /report": everyone(200),
    "GET /report/done": everyone(302),
    "GET /static/<path:filename>": everyone(404),
    "GET /stats": everyone(200),
    "GET /track": everyone(200),
    "GET /track/<reference>": everyone(303),
    "GET /typical": everyone(200),
    "GET /typical/<reference>": everyone(404),
    "PATCH /api/v1/<path:unknown>": everyone(404),
    "POST /admin/act-as": staff(302, 303),
    "POST /admin/campaigns": staff(302, 403, office=303),
    "POST /admin/campaigns/<uuid:campaign_id>/groups": staff(302, 403, office=303),
    "POST /admin/campaigns/<uuid:campaign_id>/groups/<group_id>/report": staff(
        302, 403, inspector=409
    ),
    "POST /admin/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>/check": staff(
        302, 403, inspector=409
    ),
    "POST /admin/campaigns/<uuid:campaign_id>/groups/<group_id>/samples/<district_id>/draw": staff(
        302, 403, office=400, inspector=400
    ),
    "POST /admin/campaigns/<uuid:campaign_id>/groups/<group_id>/sign-off": staff(
        302, 403, leader=409
    ),
    "POST /admin/campaigns/<uuid:campaign_id>/move": staff(302, 403, office=409),
    "POST /admin/campaigns/<uuid:campaign_id>/outcomes": staff(302, 403, office=409),
    "POST /admin/cases/<reference>/act/<action>": staff(
        302, 403, intake=400, office=400, unit=400, inspector=400, leader=400
    ),
    "POST /admin/import": staff(302, 403, office=400, office_away=400),
    "POST /admin/import/<upload>": staff(302, 403, office=404, office_away=404),
    "POST /admin/indicators/apply": staff(302, 403, office=400, office_away=400),
    "POST /admin/indicators/preview": staff(302, 403, office=400, office_away=400),
    "POST /admin/login": everyone(401),
    "POST /admin/staff": staff(302, 403, office=400, office_away=400),
    "POST /admin/staff/<username>/grant": staff(302, 403, office=303, office_away=400),
    "POST /admin/staff/<username>/reset-password": staff(302, 403, office=200),
    "POST /admin/staff/<username>/revoke": staff(302, 403, office=409, office_away=409),
    "POST /api/v1/<path:unknown>": everyone(404),
    # the staff API checks the body's shape first (a 400 names each wrong field); this body is
    # wrong for everyone, and an identity with no API key is refused before (403)
    "POST /api/v1/cases/<reference>/actions/<action>": staff(403, 400),
    "POST /api/v1/cases/<reference>/evidence": staff(403, 403, unit=400, inspector=400),
    "POST /audit/flags/<flag_id>/review": staff(302, 403, auditor=404, auditor_away=404),
    "POST /open311/v2/<path:unknown>": everyone(404),
    "POST /open311/v2/requests.<any(xml, json):fmt>": everyone(403),
    "POST /report": everyone(400),
    "POST /report/confirm": everyone(400),
    "POST /track": everyone(400),
    "POST /track/<reference>/feedback": everyone(303),
    "POST /track/<reference>/material": everyone(303),
    "POST /track/<reference>/objection": everyone(303),
    "PUT /api/v1/<path:unknown>": everyone(404),
    "POST /admin/logout": everyone(303),
}
