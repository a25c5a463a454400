"""Screenshots of the portal's main pages (zh-CN, a 360 px phone), for the README.

Usage: start Ducha (`make run`), then
    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000
It files one report through the form (so the receipt and tracking pages have something to show)
and writes PNG files next to this script. Needs Debian's chromium and a CJK font
(fonts-wqy-microhei).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
    print(HERE / f"{name}.png")


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="zh-CN", device_scale_factor=2
        ).new_page()
        page.goto(base + "/")
        shot(page, "home")
        page.goto(base + "/report")
        shot(page, "report")
        page.check("input[value=air]")
        page.select_option("#district", "jc.nanhe")
        page.fill("#address", "滨江路 88 号附近")
        page.fill("#description", "每天傍晚工厂烟囱冒黑烟，附近能闻到刺鼻气味。")
        page.click("button[type=submit]")
        if page.locator("#tracking-code").count() == 0:  # "is it one of these?" comes first
            shot(page, "report-nearby")
            page.click("form:last-of-type button[type=submit]")
        shot(page, "report-done")
        page.click("main .button")
        shot(page, "track")
        page.goto(base + "/cases")
        shot(page, "cases")
        page.click("ul.cases li a")
        shot(page, "case")
        for name in ("map", "stats", "typical"):
            page.goto(f"{base}/{name}")
            page.wait_for_timeout(500)
            shot(page, name)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
