"""End to end in headless Chromium: the web app served by uvicorn, driven by Selenium.

Skipped when Debian's chromium and chromedriver are not installed (``make browser``
installs them).  Saves screenshots of the main pages to docs/screenshots/.
"""

from __future__ import annotations

import base64
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest
from brief_fixture import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="needs /usr/bin/chromium and /usr/bin/chromedriver (make browser)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from newsprism.web.app import WebOptions, create_app
    from newsprism.web.compare import CompareOptions

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    build_store(db).close()
    app = create_app(db, options=WebOptions(compare=CompareOptions(method="fuzzy")))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield app, f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newsprism-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,900"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name: str) -> None:
    """The whole page (not just the window), 1280 px wide."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 4000)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    (SHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def wait_for(driver, css: str, timeout: float = 60):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def no_alert(driver) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        driver.switch_to.alert.text  # noqa: B018 - raises when there is no alert
    except NoAlertPresentException:
        return True
    return False


def test_stories_story_contradiction_and_compare(server, browser):
    from selenium.webdriver.common.by import By

    _app, url = server
    browser.get(url + "/")
    stories = browser.find_elements(By.CSS_SELECTOR, ".story h3 a")
    assert [a.text for a in stories][0] == "Port Avalon dock strike"
    screenshot(browser, "stories")

    stories[0].click()
    wait_for(browser, "#timeline-svg")
    assert browser.find_element(By.ID, "story-title").text == "Port Avalon dock strike"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline-svg circle")) == 2
    # The matrix is coloured: red for contradicts, green for supports.
    red = browser.find_element(By.CSS_SELECTOR, "td.cell.contradicts").value_of_css_property("background-color")
    green = browser.find_element(By.CSS_SELECTOR, "td.cell.supports").value_of_css_property("background-color")
    assert red != green and red.startswith("rgba(251, 225, 222") and green.startswith("rgba(220, 242, 228")

    # Open a contradiction: both sides' evidence appears, quoted with article and span.
    finding = browser.find_element(By.ID, "f-f2")
    evidence = finding.find_element(By.CSS_SELECTOR, "blockquote.oppose")
    assert not evidence.is_displayed()
    finding.find_element(By.TAG_NAME, "summary").click()
    assert evidence.is_displayed() and "Port director Maria Lopez" in evidence.text and "local03:56-81" in evidence.text
    screenshot(browser, "story")

    finding.find_element(By.CSS_SELECTOR, "a.compare-link").click()
    table = wait_for(browser, "#compare-table")
    assert "/compare?a=wire01&b=local03" in browser.current_url
    differs = table.find_elements(By.CSS_SELECTOR, "tr.differs")
    assert differs and "union leader" in differs[0].text and "Port director" in differs[0].text
    assert differs[0].find_elements(By.TAG_NAME, "mark")
    screenshot(browser, "compare")


def test_compare_two_ticked_sources(server, browser):
    from selenium.webdriver.common.by import By

    _app, url = server
    browser.get(url + "/stories/sl-port")
    boxes = browser.find_elements(By.CSS_SELECTOR, "input.pick")
    boxes[0].click()
    boxes[3].click()
    browser.find_element(By.ID, "compare-picked").click()
    wait_for(browser, "#compare-table")
    assert "a=wire01" in browser.current_url and "b=blog04" in browser.current_url
    assert "opinion: first-person" in browser.find_element(By.ID, "compare-table").text


def test_article_page_highlights_and_removed_lines(server, browser):
    from selenium.webdriver.common.by import By

    _app, url = server
    browser.get(url + "/articles/copy02?hl=112-131#hl")
    hl = wait_for(browser, "#hl")
    assert hl.text == "About 4,000 workers"
    removed = browser.find_element(By.ID, "removed")
    row = removed.find_element(By.CSS_SELECTOR, "table")
    assert not row.is_displayed()
    removed.find_element(By.TAG_NAME, "summary").click()
    assert row.is_displayed() and "share-widget" in row.text
    # Hiding a kind of highlight is done by the page script.
    browser.find_element(By.CSS_SELECTOR, "#toggles input[data-kind=quote]").click()
    assert "hide-quote" in browser.find_element(By.ID, "article-text").get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, "#toggles input[data-kind=quote]").click()
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, "article")


def test_script_injection_renders_as_text(server, browser):
    from selenium.webdriver.common.by import By

    _app, url = server
    browser.get(url + "/articles/evil05")
    text = wait_for(browser, "#article-text").text
    assert no_alert(browser)
    assert "<script>alert('pwned')</script>" in text
    assert "<img src=x onerror=\"alert('img')\">" in text
    assert not browser.find_elements(By.CSS_SELECTOR, "#article-text img, #article-text a, #article-text script")
    assert browser.find_element(By.ID, "article-title").text == "<script>alert('title')</script>Harbour notice"
    for page in ("/", "/stories/sl-evil", "/compare?a=evil05&b=wire01"):
        browser.get(url + page)
        assert no_alert(browser), page
        assert "<script>alert(" in browser.find_element(By.TAG_NAME, "main").text, page
    # Only the app's own script is on the page.
    sources = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
    assert sources == [url + "/static/app.js"]


@pytest.mark.model
def test_upload_a_file_and_see_it_appear(server, browser, nlp, tmp_path):
    from selenium.webdriver.common.by import By

    from newsprism.read import Reader

    app, url = server
    app.state.reader.reader = Reader(nlp=nlp)  # reuse the session's loaded pipeline
    upload = tmp_path / "lighthouse.txt"
    upload.write_text(
        "Lighthouse on Cape Mirren to reopen\n\nThe lighthouse on Cape Mirren will reopen to visitors in May "
        "after a three-year restoration, the coastal trust said on Friday. Some 30 volunteers repaired the "
        "lamp room, trust director Elena Ruiz said.\n",
        encoding="utf-8",
    )
    browser.get(url + "/ingest")
    browser.find_element(By.ID, "files").send_keys(str(upload))
    browser.find_element(By.ID, "upload-button").click()
    result = wait_for(browser, "#ingest-result", timeout=120)
    assert "1 article added" in result.text
    # Grouping and cross-checking go on in the background (issue 8): the status page reloads
    # itself until the article's stories are there.
    if result.find_elements(By.ID, "status-link"):
        result.find_element(By.ID, "status-link").click()
    wait_for(browser, "a.new-story", timeout=300).click()
    title = wait_for(browser, "#story-title")
    assert "Lighthouse" in title.text
    browser.get(url + "/")
    assert "Lighthouse on Cape Mirren" in browser.find_element(By.CSS_SELECTOR, ".story-list").text


@pytest.mark.parametrize("width", [390, 1400])
def test_no_page_spills_sideways_from_a_phone_to_a_desktop(server, browser, width):
    # Issue 13 item 9: at 390 px the sources table, the claims grid and the story list's badges
    # pushed the story and list pages sideways; wide tables now scroll inside themselves.
    from selenium.webdriver.common.by import By

    _app, url = server
    browser.get(url + "/")
    story = browser.find_element(By.CSS_SELECTOR, ".story h3 a").get_attribute("href")
    pages = {"stories": url + "/", "story": story, "compare": url + "/compare?a=wire01&b=local03",
             "article": url + "/articles/wire01"}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500})
    try:
        widths = {}
        for name, page in pages.items():
            browser.get(page)
            wait_for(browser, "main")
            widths[name] = browser.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert {name: sw <= cw for name, (sw, cw) in widths.items()} == dict.fromkeys(pages, True), widths
