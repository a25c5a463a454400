"""Every visible string of the portal has its Simplified Chinese translation, and zh-CN is
what a visitor sees unless they choose English."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po
from flask import Flask

from core.campaign.rules import CampaignAction, CampaignStatus
from core.case.statuses import Action, Status
from core.domain.errors import IllegalTransition
from core.domain.roles import Role
from tests.refusals import REFUSAL_MODULES, domain_error_names

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "portal" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def used_msgids() -> set[str]:
    found = set()
    for package in ("portal", "admin"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, METHODS, keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found | refusal_templates()


def refusal_templates() -> set[str]:
    """The English templates of the domain's refusals, which pages show translated, and the
    domain words they insert (marked with `term`)."""
    keywords = dict.fromkeys([*domain_error_names(), "term"])
    return {
        message if isinstance(message, str) else message[0]
        for path in REFUSAL_MODULES
        for _line, message, _comments, _context in extract_from_file("python", path, keywords)
    }


def test_refusal_templates_are_extracted() -> None:
    templates = refusal_templates()
    assert "at most %(count)s extension(s) may be granted" in templates
    assert "the staff account %(username)s already exists" in templates
    assert "a closing summary" in templates  # a marked term


def domain_words() -> set[str]:
    """Statuses, roles and actions as refusals insert them ("cannot %(action)s a case that is
    %(status)s"): each has its Chinese, so a refusal reads as one language."""
    words = {s.value for s in Status} | {r.value for r in Role}
    words |= {a.value.replace("_", " ") for a in Action}
    words |= {s.value for s in CampaignStatus} | {a.value.replace("_", " ") for a in CampaignAction}
    return words


def test_the_words_refusals_insert_are_translated_and_the_whole_message_is_chinese() -> None:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    translations = {m.id: m.string for m in catalog if isinstance(m.id, str) and m.string}
    assert not sorted(domain_words() - set(translations))
    error = IllegalTransition(
        "cannot %(action)s a case that is %(status)s", action="verify", status="rectifying"
    )
    text = error.text(lambda s: translations.get(s, s))
    assert text.isascii() is False and "verify" not in text and "rectifying" not in text


def test_every_used_string_has_a_chinese_translation() -> None:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN")
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    missing = sorted(used_msgids() - translated)
    assert not missing, f"{len(missing)} strings lack a zh_CN translation: {missing[:10]}"


def test_chinese_is_the_default_and_english_is_a_choice(web: Flask) -> None:
    client = web.test_client()
    chinese = client.get("/").get_data(as_text=True)
    assert 'lang="zh-CN"' in chinese and "我要举报" in chinese
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Report a problem" in english.get_data(as_text=True)
    assert "lang=en" in english.headers["Set-Cookie"]
    assert 'lang="en"' in client.get("/").get_data(as_text=True)  # the choice is remembered
