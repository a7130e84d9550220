"""The History panel's "When" column: local time, readable, never cut."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest

from app.ui.historypanel import HistoryPanel, when_text
from app.ui.session import Session


@pytest.fixture
def kolkata():
    """Run in UTC+05:30, so that local time differs from the stored UTC."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _at(rfile, fake_clock, moment: datetime, section_id: str, body: str) -> None:
    fake_clock.moment = moment
    rfile.update_section(section_id, body=f"<p>{body}</p>")


def test_when_is_local_time_relative_to_the_files_clock(qtbot, rfile, fake_clock,
                                                        kolkata) -> None:
    now = fake_clock.moment  # 2026-01-05 09:00 UTC, 14:30 in Kolkata
    fake_clock.moment = datetime(2025, 11, 1, tzinfo=UTC)
    section = rfile.add_section(rfile.add_document(title="Report").id, heading="Intro")
    _at(rfile, fake_clock, datetime(2025, 12, 3, 4, 12, tzinfo=UTC), section.id, "December")
    _at(rfile, fake_clock, datetime(2026, 1, 4, 8, 5, tzinfo=UTC), section.id, "Yesterday")
    _at(rfile, fake_clock, datetime(2026, 1, 4, 19, 0, tzinfo=UTC), section.id, "After 0:00")
    _at(rfile, fake_clock, now, section.id, "Now, with more words")
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.show_section(Session(rfile, locked=False), section.id)
    items = [panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())]
    shown = [item.text(0) for item in items]
    assert shown == ["Today 14:30", "Today 00:30", "Yesterday 13:35", "3 Dec 2025 09:42",
                     "1 Nov 2025 05:30"]
    assert items[0].toolTip(0) == "2026-01-05 14:30:00+05:30"


def test_when_text_formats() -> None:
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC).astimezone()
    stamp = now.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    assert when_text(stamp, now) == f"Today {now:%H:%M}"


def test_columns_fit_at_the_default_width(qtbot, rfile, fake_clock) -> None:
    fake_clock.moment = datetime(2025, 11, 1, tzinfo=UTC)
    section = rfile.add_section(rfile.add_document(title="Report").id, heading="Intro")
    _at(rfile, fake_clock, datetime(2025, 12, 30, 4, 12, tzinfo=UTC), section.id,
        " ".join(["word"] * 300))
    _at(rfile, fake_clock, datetime(2026, 1, 5, 9, 0, tzinfo=UTC), section.id, "short")
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.resize(460, 300)
    panel.show()
    panel.show_section(Session(rfile, locked=False), section.id)
    qtbot.waitExposed(panel)
    header, metrics = panel.list.header(), panel.list.fontMetrics()
    for row in range(panel.list.topLevelItemCount()):
        item = panel.list.topLevelItem(row)
        for column in (0, 1, 2):
            assert header.sectionSize(column) > metrics.horizontalAdvance(item.text(column))
    assert sum(header.sectionSize(c) for c in range(3)) <= panel.list.viewport().width()
    assert not panel.list.horizontalScrollBar().isVisible()
