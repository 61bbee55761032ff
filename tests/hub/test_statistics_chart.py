"""The statistics bar charts draw every label whole (no « endre en main du matériel » cut on the left, no
« démarches administrati… »): wrapped at word boundaries inside the picture, checked in the SVG text and,
in headless Chromium against a real hub, with the browser's own measure of each drawn label."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import requests
from selenium.webdriver.common.by import By
from test_console_browser import _phone
from test_dashboard_browser import ARTIFACTS, _login

from kiosk.domain.cra import THEMES
from kiosk.hub.stats.report import bar_chart
from kiosk.hub.stats.svg_text import text_width

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Anticonstitutionnellement-intergouvernementalisation"  # one word wider than any label column


def _labels(svg: str) -> tuple[float, list[tuple[str, list[tuple[float, str]]]]]:
    """The picture's width and each label: its text, and its lines as (right edge x, text)."""
    root = ET.fromstring(svg)  # noqa: S314 (our own SVG, made in this test)
    width = float(root.get("viewBox", "").split()[2])
    labels = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") == "label":
            lines = [(float(s.get("x", "0")), s.text or "") for s in text.iter(f"{SVG}tspan")]
            labels.append((" ".join(line for _x, line in lines), lines))
    return width, labels


def _drawn_whole(svg: str, labels_in: list[str]) -> dict[str, list[tuple[float, str]]]:
    width, labels = _labels(svg)
    assert [text for text, _lines in labels] == labels_in  # whole, in order, no « … »
    for _text, lines in labels:
        for right, line in lines:  # right-aligned at ``right``: it starts at right - its width
            assert right - text_width(line, 17) >= 0 and right <= width, line
    return dict(labels)


@pytest.mark.parametrize("label_width", [230, 90])
def test_every_theme_label_is_drawn_whole_inside_the_picture(label_width):
    themes = list(THEMES.values())
    svg = bar_chart(
        "Demandes par thématique", [(t, n + 1) for n, t in enumerate(themes)], label_width=label_width
    )
    wrapped = _drawn_whole(svg, themes)["Aide aux démarches administratives"]
    assert [line for _x, line in wrapped] == ["Aide aux démarches", "administratives"]  # wrapped, not cut
    assert _labels(svg)[0] == 640
    svg = bar_chart("Demandes par site", [(LONG, 3), ("Médiathèque", 1)], label_width=label_width)
    _drawn_whole(svg, [LONG, "Médiathèque"])
    assert _labels(svg)[0] > 640  # the one very long word widened the picture instead of being cut


def test_short_labels_keep_one_line_and_the_usual_size():
    width, labels = _labels(bar_chart("Demandes par heure", [("9 h", 2), ("10 h", 5)], label_width=90))
    assert width == 640 and [len(lines) for _t, lines in labels] == [1, 1]


@pytest.mark.browser
def test_the_statistics_page_shows_theme_labels_whole_in_chromium(live_hub, browser):
    kiosk = live_hub.add_kiosk()
    session, csrf = live_hub.advisor_session()
    topics = requests.get(f"{live_hub.url}/api/topics", headers=kiosk, timeout=5).json()
    for topic in topics:
        made = requests.post(
            f"{live_hub.url}/api/help-requests", headers=kiosk, timeout=5, json={"topic": topic["id"]}
        ).json()
        for action in ("call", "start", "done"):
            url = f"{live_hub.url}/api/help-requests/{made['id']}/{action}"
            session.post(url, headers={"X-CSRF-Token": csrf}, timeout=5)
    _login(browser, live_hub.url)
    ARTIFACTS.mkdir(exist_ok=True)
    for size, name in (((1000, 900), "statistics-themes.png"), (None, "statistics-themes-phone.png")):
        if size:
            browser.set_window_size(*size)
        else:
            _phone(browser)
        browser.get(f"{live_hub.url}/statistics")
        drawn = browser.execute_script(
            """return [...document.querySelectorAll('figure.chart svg')].map((svg) => {
              const width = svg.viewBox.baseVal.width;
              return [...svg.querySelectorAll('text.label')].map((t) => {
                const box = t.getBBox();
                const words = [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ');
                return [words, box.x, box.x + box.width, width];
              });
            });"""
        )
        themes = drawn[0]
        assert {"Prendre en main du matériel", "Aide aux démarches administratives"} <= {t[0] for t in themes}
        for chart in drawn:
            for text, start, end, width in chart:
                assert start >= 0 and end <= width, (text, start, end, width)  # inside the picture
        figure = browser.find_elements(By.CSS_SELECTOR, "figure.chart")[0]
        browser.execute_script("arguments[0].scrollIntoView();", figure)
        figure.screenshot(str(ARTIFACTS / name))
