"""The workbench page (`xuncha serve`, GET /) in a real Chromium, driven as a clerk would.

Run by tests/workbench.rs, which starts the servers and makes the workbooks:

    python tests/workbench.py CONFIG.json

CONFIG holds: `base` (a server without a token), `token_base` and `token` (a server with one),
`register`, `bad_register`, `ledger`, `bad_ledger` (files to upload) and the cells the page must
name, `out` (the folder for screenshots and downloads), `chromium` (the browser's path), `fonts`
(the repository's fonts, so that screenshots show Chinese on machines without Chinese fonts)
and `font_cache`. Prints one line per check; exits non-zero with the reason on the first
failure.
"""

import json
import os
import re
import subprocess
import sys
import time
import traceback
import zipfile
from importlib.metadata import version
from pathlib import Path

import playwright
from playwright.sync_api import expect, sync_playwright

# Chromium's connections to Google's services are refused on the build machines.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]

# Statuses the page causes on purpose, which Chromium logs as "Failed to load resource".
EXPECTED_FAILURES = {
    "/v1/validate": {422},
    "/v1/round": {422},
    "/v1/sheet/documents": {422},
    "/v1/kinds": {401},
}

timings = {}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def log(message):
    print(message, flush=True)


def browser_versions(chromium):
    """The major of the installed Chromium and of the one this Playwright was built for."""
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    expected = next(
        b["browserVersion"]
        for b in json.loads(browsers.read_text())["browsers"]
        if b["name"] == "chromium"
    )
    said = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"(\d+)\.\d+\.\d+\.\d+", said)
    check(found, f"cannot read the version of {chromium}: {said!r}")
    return found.group(0), expected


class Watch:
    """Console errors, page errors, CSP violations and every request URL of a page."""

    def __init__(self, page, allow_unauthorized=False):
        self.problems = []
        self.urls = []
        self.failed = []
        self.allow_unauthorized = allow_unauthorized
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => "
            "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("response", self.response)

    def response(self, response):
        if response.status >= 400:
            self.failed.append((response.url, response.status))

    def console(self, message):
        if message.type not in ("error", "warning"):
            return
        text = message.text
        url = message.location.get("url", "")
        if text.startswith("Failed to load resource") and any(
            url == failed_url for failed_url, _ in self.failed
        ):
            status = next(s for u, s in self.failed if u == url)
            path = re.sub(r"^https?://[^/]+", "", url).split("?")[0]
            allowed = EXPECTED_FAILURES.get(path, set())
            if status in allowed and (status != 401 or self.allow_unauthorized):
                return
        self.problems.append(f"console {message.type}: {text} ({url})")

    def assert_clean(self):
        check(not self.problems, "the page logged problems:\n" + "\n".join(self.problems))


def download(page, action, out, name):
    with page.expect_download() as info:
        action()
    path = out / name
    info.value.save_as(path)
    return path, info.value.suggested_filename


def wait_preview(page, after):
    """Waits until the preview has been made more than `after` times; returns its count."""
    preview = page.locator(f'#doc-preview[data-state="ready"]:not([data-seq="{after}"])')
    preview.wait_for(timeout=30_000)
    return int(preview.get_attribute("data-seq"))


def round_screen(page, config, out):
    """The round: the empty register, the sample register, the zip, a unit's files, one file."""
    started = time.monotonic()
    page.get_by_role("tab", name="整轮文书").click()
    page.screenshot(path=out / "1-round-empty.png")
    template, name = download(
        page, lambda: page.get_by_role("button", name="下载空白登记表").click(), out, "template.xlsx"
    )
    check(name == "登记表.xlsx", f"the empty register is offered as {name}")
    check(zipfile.is_zipfile(template), "the empty register is a workbook")

    page.get_by_label("登记表", exact=True).set_input_files(config["register"])
    page.get_by_role("button", name="生成全部文书").click()
    link = page.get_by_role("link", name="下载全部文书")
    expect(link).to_be_visible(timeout=90_000)
    timings["round"] = time.monotonic() - started
    path, name = download(page, link.click, out, "round.zip")
    check(name.endswith(".zip"), f"the round's zip is offered as {name}")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        for document in manifest["documents"]:
            check(document["status"] == "ok", f"a document failed: {document}")
            check(archive.read(document["output"]).startswith(b"%PDF-"), document["output"])
        for workbook in manifest["workbooks"]:
            check(workbook["output"] in names, workbook["output"])
    check(manifest["rejected"] == [], "the sample register has no bad rows")
    # 44 documents (5 numbered copies of the 线索清单 among them) and 9 workbooks, as `xuncha
    # round` makes of the sample register (tests/round.rs counts them the same).
    check(len(manifest["documents"]) == 44 and len(manifest["workbooks"]) == 9,
          f"{len(manifest['documents'])} documents, {len(manifest['workbooks'])} workbooks "
          f"(expected 44 and 9)")
    expect(page.locator("#round-rejected")).to_be_hidden()
    units = page.locator("section.unit")
    check(units.count() == len(manifest["units"]) + 1, "a section per unit and one for the round")
    first_unit = manifest["units"][0]
    section = units.filter(has=page.get_by_role("heading", name=first_unit["unit"], exact=True))
    rows = section.locator("tbody tr")
    check(rows.count() == len(first_unit["files"]), "every file of the unit is listed")
    expect(rows.first).to_contain_text("巡察反馈意见")
    # Page 1 on demand, a unit's files, one file.
    rows.first.get_by_role("button", name=re.compile("首页")).click()
    expect(rows.first.get_by_role("img")).to_be_visible(timeout=30_000)
    unit_zip, _ = download(
        page, lambda: section.get_by_role("button", name=re.compile("下载“")).click(), out, "unit.zip"
    )
    with zipfile.ZipFile(unit_zip) as archive:
        check(archive.testzip() is None, "the unit's zip reads")
        check(archive.namelist() == first_unit["files"], "the unit's zip holds its files")
        check(archive.read(first_unit["files"][0]).startswith(b"%PDF-"), "its documents are PDFs")
    one, name = download(page, lambda: rows.first.get_by_role("button", name=re.compile("^下载 ")).click(), out, "one.pdf")
    check(one.read_bytes().startswith(b"%PDF-"), "one file downloads as PDF")
    check(name == first_unit["files"][0], f"one file keeps its name: {name}")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=out / "2-round-result.png")
    log(f"round: {len(manifest['documents'])} documents and {len(manifest['workbooks'])} workbooks "
        f"in {timings['round']:.1f} s; a unit's zip and one file download")
    return manifest


def rejected_rows(page, config, out):
    """A register with bad rows: the good documents, and each bad row at its cell."""
    page.get_by_label("登记表", exact=True).set_input_files(config["bad_register"])
    page.get_by_role("button", name="生成全部文书").click()
    table = page.locator("#round-rejected table")
    expect(table).to_be_visible(timeout=90_000)
    expect(table.get_by_role("columnheader", name="工作表")).to_be_visible()
    for sheet, row, column, words in config["bad_cells"]:
        cells = table.locator("tbody tr").filter(has_text=words)
        check(cells.count() >= 1, f"no row of the table says {words!r}")
        texts = cells.first.locator("td").all_inner_texts()
        check(texts[0] == sheet and texts[1] == str(row) and column in texts[2],
              f"{words!r} is told at {texts[:3]}, not {sheet} {row} {column}")
    expect(page.get_by_role("link", name="下载全部文书")).to_be_visible()
    check(page.locator("section.unit tbody tr").count() > 0, "the good documents are listed")
    page.locator("#round-rejected").scroll_into_view_if_needed()
    page.screenshot(path=out / "3-round-rejected.png")
    log(f"bad register: {table.locator('tbody tr').count()} rows at their cells, the rest made")


def document_screen(page, out):
    """One 抄告单: sample, preview, an edit that changes it, a bad date at its field, PDF."""
    page.get_by_role("tab", name="单份文书").click()
    kinds = page.get_by_label("文书种类")
    options = kinds.locator("option").all_inner_texts()
    check("巡察抄告单" in options, f"the kinds are named in Chinese: {options}")
    kinds.select_option(label="巡察抄告单")
    seen = int(page.locator("#doc-preview").get_attribute("data-seq"))
    started = time.monotonic()
    page.get_by_role("button", name="载入示例").click()
    seen = wait_preview(page, seen)
    timings["preview"] = time.monotonic() - started
    first = page.get_by_alt_text("第1页", exact=True)
    expect(first).to_be_visible()
    before = first.screenshot()
    pages = int(page.locator("#doc-preview").get_attribute("data-pages"))
    for n in range(1, pages + 1):
        expect(page.get_by_alt_text(f"第{n}页", exact=True)).to_be_visible()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=out / "4-document.png")

    # The 抄告对象 prints on page 1.
    page.locator('[data-path="/recipient/name"] input').fill("王建国")
    started = time.monotonic()
    seen = wait_preview(page, seen)
    timings["edit"] = time.monotonic() - started
    after = page.get_by_alt_text("第1页", exact=True).screenshot()
    check(before != after, "the preview changed with the field")

    # 2月30日, typed into the date control from its first field (month first in Chromium's
    # default en-US format): the control cannot hold it, and the page sends it on as empty.
    date = page.locator('[data-path="/signature/date"]')
    date_input = date.locator("input")
    date_input.click(position={"x": 8, "y": 8})
    date_input.press_sequentially("02302024")
    check(date_input.evaluate("input => input.validity.badInput"), "the typed date is impossible")
    error = date.get_by_role("alert")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text("不是有效日期")
    check(date_input.get_attribute("aria-invalid") == "true", "the field is marked invalid")
    page.screenshot(path=out / "5-document-error.png", full_page=False)
    date_input.fill("2024-07-26")
    expect(error).to_be_hidden(timeout=30_000)
    wait_preview(page, seen)
    pdf, name = download(page, lambda: page.get_by_role("button", name="下载PDF", exact=True).click(),
                         out, "document.pdf")
    check(pdf.read_bytes().startswith(b"%PDF-"), "下载PDF gives a PDF")
    ofd, _ = download(page, lambda: page.get_by_role("button", name="下载OFD").click(), out, "document.ofd")
    check(zipfile.is_zipfile(ofd) and "OFD.xml" in zipfile.ZipFile(ofd).namelist(), "下载OFD gives an OFD")
    archival, _ = download(page, lambda: page.get_by_role("button", name="下载存档版（PDF/A）").click(),
                           out, "document-a.pdf")
    check(b"pdfaid:part" in archival.read_bytes(), "the archival download claims PDF/A")
    draft, draft_name = download(page, lambda: page.get_by_role("button", name="下载Word草稿").click(),
                                 out, "document.docx")
    check(draft_name.endswith(".docx") and zipfile.is_zipfile(draft)
          and "word/document.xml" in zipfile.ZipFile(draft).namelist()
          and "王建国".encode() in zipfile.ZipFile(draft).read("word/document.xml"),
          "下载Word草稿 gives a Word draft of what was typed")
    saved, _ = download(page, lambda: page.get_by_role("button", name="下载JSON").click(), out, "document.json")
    document = json.loads(saved.read_text())
    check(document["recipient"]["name"] == "王建国" and document["signature"]["date"] == "2024-07-26",
          "下载JSON saves what was typed")
    # The JSON loaded back, after the form was cleared.
    page.get_by_role("button", name="清空").click()
    check(page.locator('[data-path="/recipient/name"] input').input_value() == "", "清空 empties the form")
    seen = int(page.locator("#doc-preview").get_attribute("data-seq"))
    page.get_by_label("载入JSON文件").set_input_files(saved)
    wait_preview(page, seen)
    check(page.locator('[data-path="/recipient/name"] input').input_value() == "王建国",
          "a saved JSON file loads back into the form")
    log(f"document: sample previewed ({pages} pages) in {timings['preview']:.1f} s, an edit in "
        f"{timings['edit']:.1f} s, a bad date at its field; {name}, OFD, PDF/A, Word draft, JSON saved and "
        f"loaded back")


def ledger_screen(page, config, manifest, out):
    """A unit's returned 台账 with the fields picked from the round: its report, or its cells."""
    page.get_by_role("tab", name="整改台账").click()
    unit = config["ledger_unit"]
    page.get_by_label("从本轮文书中选取").select_option(label=unit)
    shared = json.loads(page.get_by_label("共用字段（JSON，可直接修改）").input_value())
    check(shared["doc_kind"] == "rectification_report" and shared["signature"]["org_name"] == unit,
          f"the shared fields come from the round: {shared}")
    page.get_by_label("交回的整改台账").set_input_files(config["ledger"])
    page.get_by_role("button", name="生成整改情况报告").click()
    report = page.locator("section.report")
    expect(report).to_be_visible(timeout=30_000)
    expect(report.get_by_role("heading")).to_contain_text(unit)
    expect(report.get_by_role("img")).to_be_visible(timeout=30_000)
    pdf, _ = download(page, lambda: report.get_by_role("button", name="下载整改情况报告（PDF）").click(), out, "report.pdf")
    check(pdf.read_bytes().startswith(b"%PDF-"), "the report downloads as PDF")
    report.scroll_into_view_if_needed()
    page.screenshot(path=out / "6-ledger.png")

    page.get_by_label("交回的整改台账").set_input_files(config["bad_ledger"])
    page.get_by_role("button", name="生成整改情况报告").click()
    table = page.locator("#ledger-rejected table")
    expect(table).to_be_visible(timeout=30_000)
    sheet, row, column, words = config["bad_ledger_cell"]
    cells = table.locator("tbody tr").filter(has_text=words)
    check(cells.count() == 1, f"the bad cell is told once: {table.inner_text()}")
    texts = cells.first.locator("td").all_inner_texts()
    check(texts[0] == sheet and texts[1] == str(row) and column in texts[2], f"told at {texts}")
    page.locator("#ledger-rejected").scroll_into_view_if_needed()
    page.screenshot(path=out / "7-ledger-errors.png")
    log("ledger: the report from a returned 台账 and the round's fields; a bad cell told")


def keyboard_and_labels(page):
    """Tabs move with the arrow keys; every control has a label."""
    page.get_by_role("tab", name="整轮文书").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="单份文书")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="单份文书")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("tab", name="整轮文书")).to_have_attribute("aria-selected", "true")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label'))
            .map(c => c.outerHTML.slice(0, 120))"""
    )
    check(unlabelled == [], f"controls without a label: {unlabelled}")
    log("keyboard: tabs by arrow keys; every control labelled")


def token_screen(browser, config, out):
    """With --token: the prompt, a wrong token's 401, then the right one; the token nowhere else."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, allow_unauthorized=True)
    page.goto(config["token_base"] + "/")
    token_input = page.get_by_label("访问令牌")
    expect(token_input).to_be_visible()
    check(token_input.get_attribute("type") == "password", "the token is typed into a password input")
    token_input.fill("not-the-token")
    page.get_by_role("button", name="使用令牌").click()
    alert = page.locator("#token-alert")
    expect(alert).to_contain_text("令牌不正确")
    page.screenshot(path=out / "8-token.png", full_page=False)
    token_input.fill(config["token"])
    page.get_by_role("button", name="使用令牌").click()
    expect(page.locator("#connection")).to_contain_text("已连接")
    expect(alert).to_be_empty()
    page.get_by_role("tab", name="单份文书").click()
    page.get_by_label("文书种类").select_option(label="巡察抄告单")
    page.get_by_role("button", name="载入示例").click()
    wait_preview(page, 0)
    expect(page.get_by_alt_text("第1页", exact=True)).to_be_visible()
    token = config["token"]
    leaked = [url for url in watch.urls + [page.url] if token in url]
    check(not leaked, f"the token is in URLs: {leaked}")
    stored = page.evaluate("() => JSON.stringify(localStorage) + document.cookie + window.name")
    check(token not in stored, "the token is only in memory and sessionStorage")
    check(context.cookies() == [], "no cookies")
    in_session = page.evaluate("() => sessionStorage.getItem('xuncha-token')")
    check(in_session == token, "the token is kept for the tab in sessionStorage")
    watch.assert_clean()
    context.close()
    log("token: prompt, a wrong token's 401 message, the right one works; not in URLs, "
        "localStorage or cookies")


def run(driver, config, out):
    """Every screen, in a browser without the token, then the token in one that needs it."""
    browser = driver.chromium.launch(
        executable_path=config["chromium"],
        args=CHROMIUM_FLAGS,
        env={**os.environ, "FONTCONFIG_FILE": str(out / "fonts.conf")},
    )
    context = browser.new_context(locale="zh-CN", accept_downloads=True,
                                  viewport={"width": 1360, "height": 900})
    page = context.new_page()
    watch = Watch(page)
    page.goto(config["base"] + "/")
    expect(page.get_by_role("heading", name="巡察文书工作台")).to_be_visible()
    expect(page.locator("#connection")).to_contain_text("已连接")
    check(page.get_by_label("访问令牌").is_hidden(), "no token is asked for when none is set")
    keyboard_and_labels(page)
    manifest = round_screen(page, config, out)
    rejected_rows(page, config, out)
    document_screen(page, out)
    ledger_screen(page, config, manifest, out)
    watch.assert_clean()
    log("no console errors, page errors or CSP violations")
    context.close()
    token_screen(browser, config, out)
    browser.close()


def main():
    config = json.loads(Path(sys.argv[1]).read_text())
    out = Path(config["out"])
    out.mkdir(parents=True, exist_ok=True)
    found, expected = browser_versions(config["chromium"])
    check(found.split(".")[0] == expected.split(".")[0],
          f"Debian's chromium is {found}, but Playwright {version('playwright')} drives "
          f"Chromium {expected}: pin the Playwright whose bundled Chromium has the same major "
          f"version (in .ci/run)")
    log(f"chromium {found}, Playwright {version('playwright')} (built for {expected})")
    (out / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f'<dir>{config["fonts"]}</dir><cachedir>{config["font_cache"]}</cachedir></fontconfig>'
    )
    started = time.monotonic()
    failure = None
    with sync_playwright() as driver:
        try:
            run(driver, config, out)
        except Exception as error:  # reported again after Playwright has stopped
            failure = error
            # Said now as well: when Playwright cannot stop cleanly after a failure, its own
            # error would hide this one.
            traceback.print_exception(error)
    if failure is not None:
        raise AssertionError(str(failure))
    log(f"done in {time.monotonic() - started:.1f} s; screenshots in {out}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        sys.exit(1)
