"""Fetching feeds and pages politely, from a server on 127.0.0.1 run by the test."""

from __future__ import annotations

import pytest

from httpserve import page, rss, serve
from sitroom.errors import SitroomError
from sitroom.ingest.fetch import Fetcher, link_key, poll_feed
from sitroom.records import RawDocument, Rejected

AGENT = "sitroom-test/1 (polite)"

TALKS = [
    "Delegations of the two countries met in Geneva on Monday for a second round of talks"
    " on prisoner exchanges, officials said after the meeting ended late in the evening.",
    '"We agreed to meet again next week," the head of one delegation told reporters outside'
    " the building, adding that both sides had brought lists of names to the table.",
    "The mediators said the exchange could take place before the end of the month if the"
    " lists were confirmed by both governments in the coming days.",
]
SANCTIONS = [
    "The council of ministers adopted a new package of sanctions on Tuesday, targeting banks"
    " and exporters of dual-use goods, according to a statement published after the vote.",
    "The minister for foreign affairs said the measures would stay in place until the troops"
    " withdrew from the occupied districts, and warned of further steps if they did not.",
]


def _fetcher(**kw: float) -> Fetcher:
    return Fetcher(AGENT, timeout=kw.get("timeout", 5.0), max_bytes=int(kw.get("max_bytes",
                   100_000)), host_delay=kw.get("host_delay", 0.0))  # fmt: skip


def test_each_new_linked_page_is_fetched_with_the_user_agent_and_extracted() -> None:
    with serve() as site:
        a = site.put("/news/talks", page("Talks resume in Geneva", TALKS))
        b = site.put("/news/sanctions", page("New sanctions adopted", SANCTIONS))
        feed = site.put(
            "/feed.xml",
            rss("Test Wire", [("Talks resume in Geneva", a, "Mon, 07 Mar 2022 10:00:00 GMT"),
                              ("New sanctions adopted", b, "Tue, 08 Mar 2022 09:00:00 GMT")]),
            "application/rss+xml",
        )  # fmt: skip
        docs = list(poll_feed(feed, _fetcher(), seen=set()))
    assert [type(d) for d in docs] == [RawDocument, RawDocument]
    talks = docs[0]
    assert isinstance(talks, RawDocument)
    assert "second round of talks" in talks.text and "lists of names" in talks.text
    assert "Home" not in talks.text and "rights reserved" not in talks.text
    assert talks.meta["title"] == "Talks resume in Geneva"
    assert talks.meta["url"] == a and talks.meta["outlet"] == "Test Wire"
    assert talks.content_hash == link_key(a)
    assert {agent for _, agent in site.requests} == {AGENT}


def test_a_link_already_seen_is_not_fetched_again() -> None:
    with serve() as site:
        a = site.put("/a", page("Talks resume in Geneva", TALKS))
        b = site.put("/b", page("New sanctions adopted", SANCTIONS))
        feed = site.put("/feed.xml", rss("W", [("one", a, ""), ("two", b, "")]))
        docs = list(poll_feed(feed, _fetcher(), seen={link_key(a)}))
    assert [d.source_path for d in docs] == [b]
    assert site.paths() == ["/feed.xml", "/b"]


def test_a_page_that_cannot_be_fetched_is_set_aside_and_the_others_are_read() -> None:
    with serve() as site:
        b = site.put("/b", page("New sanctions adopted", SANCTIONS))
        feed = site.put("/feed.xml", rss("W", [("gone", site.base + "/gone", ""), ("two", b, "")]))
        docs = list(poll_feed(feed, _fetcher(), seen=set()))
    gone, read = docs
    assert isinstance(gone, Rejected) and gone.code == "E070" and "404" in gone.reason
    assert isinstance(read, RawDocument) and "package of sanctions" in read.text


def test_an_unreachable_feed_is_one_rejected_input() -> None:
    with serve() as site:
        url = site.base + "/missing.xml"
        (only,) = list(poll_feed(url, _fetcher(), seen=set()))
    assert isinstance(only, Rejected) and only.code == "E070"
    assert only.source_path == url


def test_a_body_over_the_size_limit_is_not_read() -> None:
    with serve() as site:
        url = site.put("/big", page("Big", TALKS * 50))
        with pytest.raises(SitroomError, match=r"E070.*limit 2000"):
            _fetcher(max_bytes=2000).get(url)


def test_a_slow_server_times_out() -> None:
    with serve() as site:
        url = site.put("/slow", page("Slow", TALKS))
        site.delay = 1.5
        with pytest.raises(SitroomError, match="E070"):
            _fetcher(timeout=0.3).get(url)


def test_only_http_addresses_are_fetched() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "/relative"):
        with pytest.raises(SitroomError, match=r"E070.*http"):
            _fetcher().get(url)


def test_requests_to_one_host_are_spaced_by_the_delay() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with serve() as site:
        url = site.put("/a", page("A", TALKS))
        fetcher = Fetcher(AGENT, host_delay=2.0, clock=lambda: now[0], sleep=sleep)
        fetcher.get(url)
        now[0] += 0.5
        fetcher.get(url)
        now[0] += 5.0
        fetcher.get(url)
    assert slept == [pytest.approx(1.5)]
