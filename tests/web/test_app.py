"""The REST API and the dashboard pages, over a store of our own invented reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from builders import TEXT1, XSS, build_web_store
from sitroom.errors import SitroomError
from sitroom.web.app import create_app


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("serve") / "s.duckdb"
    build_web_store(path)
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def test_health_counts_what_is_stored(client: TestClient) -> None:
    assert client.get("/api/health").json() == {
        "status": "ok",
        "articles": 2,
        "events": 4,
        "quotes": 1,
        "clusters": 4,
        "claims": 1,
    }


def test_events_filters(client: TestClient) -> None:
    def ids(**params: str | int) -> list[str]:
        resp = client.get("/api/events", params={"view": "events", **params})
        assert resp.status_code == 200
        return sorted(e["event_id"] for e in resp.json()["items"])

    assert len(ids()) == 4
    assert ids(date_from="2022-01-11") == ["art2-consult"]
    assert ids(date_to="2022-01-10", type="threaten") == ["art1-threaten"]
    assert ids(actor="USA") == ["art1-accuse"]
    assert ids(actor="NATO") == ["art1-threaten", "art2-consult"]
    assert ids(dyad="NATO-RUS") == ["art1-threaten", "art2-consult"]
    assert ids(modality="asserted") == ids()
    first = client.get("/api/events", params={"view": "events", "type": "CONSULT"}).json()
    first = first["items"][0]
    assert first["evidence"]["trigger"]["text"] == "meet"
    assert first["source"][0]["actor_id"] == "NATO"


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "2022-02-30"])
def test_a_bad_date_is_a_clear_client_error(client: TestClient, bad: str) -> None:
    for url in ("/api/events", "/api/quotes", "/api/clusters", "/api/timeline", "/"):
        resp = client.get(url, params={"date_from": bad, "date": bad})
        assert resp.status_code == 400, url
        assert "E040" in resp.text and "YYYY-MM-DD" in resp.text
    assert client.get("/api/events", params={"limit": 0}).status_code == 422


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"cursor": "not-a-cursor"}, 400, "E042"),
        ({"cursor": "WzFd"}, 400, "E042"),  # a valid encoding of the wrong key
        ({"type": "BOMBARD"}, 400, "THREATEN"),
        ({"dyad": "RUS"}, 400, "E041"),
        ({"modality": "maybe"}, 422, "asserted"),
        ({"min_outlets": 0}, 422, "min_outlets"),
        ({"view": "everything"}, 422, "clusters"),
    ],
)
def test_bad_parameters_are_clear_client_errors(
    client: TestClient, params: dict[str, str | int], code: int, words: str
) -> None:
    resp = client.get("/api/events", params=params)
    assert resp.status_code == code and words in resp.text


@pytest.mark.parametrize("url", ["/api/events", "/api/quotes", "/api/articles", "/api/actors"])
def test_cursor_pages_walk_every_row_once(client: TestClient, url: str) -> None:
    whole = client.get(url, params={"view": "events"}).json()
    assert whole["next_cursor"] is None
    seen: list[dict[str, object]] = []
    cursor = None
    for _ in range(10):
        params: dict[str, str | int] = {"limit": 1, "view": "events"}
        if cursor:
            params["cursor"] = cursor
        page = client.get(url, params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == whole["items"] and len(seen) >= 1


def test_quotes_timeline_clusters_claims(client: TestClient) -> None:
    quotes = client.get("/api/quotes", params={"speaker": "RUS"}).json()["items"]
    assert [q["content"]["text"] for q in quotes] == [
        "the alliance was ignoring Russian concerns & <warnings>"
    ]
    assert client.get("/api/quotes", params={"date_from": "2022-01-11"}).json()["items"] == []
    days = client.get("/api/timeline").json()
    assert [d["date"] for d in days] == ["2022-01-10", "2022-01-12"]
    assert days[0]["events"][0]["type"] == "THREATEN"  # the most intense of the day first
    assert days[0]["quotes"][0]["quote_id"] == "art1-q"
    clusters = client.get("/api/clusters", params={"actor": "USA"}).json()["items"]
    assert [c["type"] for c in clusters] == ["ACCUSE"]
    default = client.get("/api/events", params={"min_outlets": 1}).json()["items"]
    assert {c["cluster_id"] for c in default} >= {c["cluster_id"] for c in clusters}
    (claim,) = client.get("/api/claims").json()["items"]
    assert claim["claim"]["actors"] == ["USA"] and claim["response"]["kind"] == "denial"
    esc = client.get("/api/escalation", params={"dyad": "RUS-NATO"}).json()
    assert [r["date"] for r in esc] == ["2022-01-10", "2022-01-11", "2022-01-12"]
    # days of one cluster carry no index of their own; the trailing level still shows them
    assert esc[0]["index"] is None and esc[0]["smoothed"] > esc[2]["smoothed"]
    assert client.get("/api/escalation", params={"dyad": "RUS"}).status_code == 400


def test_article_api(client: TestClient) -> None:
    rec = client.get("/api/articles/art1").json()
    assert rec["text"] == TEXT1 and rec["title"].endswith(XSS)
    assert len(rec["events"]) == 3 and len(rec["quotes"]) == 1
    for ev in rec["events"]:
        span = ev["evidence"]
        assert TEXT1[span["start"] : span["end"]] == span["text"]
    assert client.get("/api/articles/nope").status_code == 404


def test_day_page_lists_events_with_evidence_and_trigger(client: TestClient) -> None:
    page = client.get("/events").text  # latest day with events
    assert "2022-01-12" in page and "Brussels" in page
    assert '<mark class="trigger">meet</mark>' in page
    day = client.get("/events", params={"date": "2022-01-10"}).text
    assert day.count('class="card event"') == 3
    assert '<mark class="trigger">warned</mark>' in day
    assert "/articles/art1?event=art1-threaten#ev-art1-threaten" in day
    only = client.get("/events", params={"date": "2022-01-10", "actor": "USA"}).text
    assert only.count('class="card event"') == 1 and "accused" in only


def test_overview_has_charts_and_the_days_top_clusters(client: TestClient) -> None:
    page = client.get("/", params={"date": "2022-01-10"}).text
    assert page.count('class="card cluster"') == 3
    chart = page.split('id="chart-escalation">')[1].split("</svg>")[0]
    assert '<polyline class="series" data-dyad="NATO-RUS"' in chart
    bars = page.split('id="chart-quads">')[1].split("</svg>")[0]
    assert bars.count('<rect class="bar q') >= 2  # verbal and material conflict
    assert "<title>2022-01-10: " in bars
    assert "<script" not in page  # the charts need no script
    only = client.get("/", params={"date": "2022-01-10", "actor": "USA"}).text
    assert only.count('class="card cluster"') == 1
    css = client.get(page.split('<link rel="stylesheet" href="')[1].split('"')[0])
    assert css.status_code == 200 and "max-age" in css.headers["cache-control"]
    assert css.headers["content-type"].startswith("text/css") and ".card" in css.text


def test_every_answer_has_the_security_headers(client: TestClient) -> None:
    for method, url in (("GET", "/"), ("GET", "/api/events"), ("GET", "/articles/nope"),
                        ("GET", "/api/events?dyad=RUS"), ("POST", "/api/code"),
                        ("GET", "/docs"), ("GET", "/openapi.json")):  # fmt: skip
        resp = client.request(method, url)
        csp = resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src" not in csp, url
        assert "default-src 'none'" in csp
        assert resp.headers["x-frame-options"] == "DENY"
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "no-referrer"


def test_actor_page_and_api(client: TestClient) -> None:
    rus = client.get("/api/actors/RUS").json()
    assert {e["event_id"] for e in rus["as_source"]} == {"art1-threaten", "art1-reject"}
    assert {e["event_id"] for e in rus["as_target"]} == {"art1-accuse", "art2-consult"}
    assert [q["quote_id"] for q in rus["statements"]] == ["art1-q"]
    assert {d["other"] for d in rus["dyads"]} == {"NATO", "USA"}
    page = client.get("/actors/RUS").text
    assert "concerns &amp; &lt;warnings&gt;" in page and 'href="/actors/NATO"' in page
    assert client.get("/actors/NOPE").status_code == 404
    assert client.get("/api/dyads").json()[0] == "NATO-RUS"


def test_search_matches_every_term(client: TestClient) -> None:
    def ids(q: str) -> list[str]:
        resp = client.get("/api/search", params={"q": q})
        assert resp.status_code == 200, resp.text
        return [r["article_id"] for r in resp.json()["items"]]

    assert ids("brussels") == ["art2"]
    assert ids("MOSCOW frontier") == ["art1"]
    assert ids("moscow brussels") == []
    assert ids("100%") == []  # a LIKE wildcard is matched literally
    assert "Talks set for Brussels" in client.get("/search", params={"q": "envoys"}).text


def test_docs_page_lists_endpoints_without_external_assets(client: TestClient) -> None:
    page = client.get("/docs").text
    for path in ("/api/events", "/api/search", "/api/code", "/api/escalation"):
        assert f"<code>{path}</code>" in page
    assert "http" not in page.split("<main>")[1].replace("openapi.json", "")
    assert client.get("/openapi.json").json()["paths"]["/api/events"]["get"]


def test_evidence_view_highlights_the_selected_span(client: TestClient) -> None:
    page = client.get("/articles/art1", params={"event": "art1-accuse"}).text
    assert 'id="ev-art1-accuse"' in page
    assert '<mark class="evidence selected">Washington </mark>' in page
    assert '<mark class="evidence selected trigger">accused</mark>' in page
    assert "concerns &amp; &lt;warnings&gt;" in page
    assert "javascript:" not in page  # a non-http URL is never made a link


def test_an_event_shows_why_it_exists_beside_its_evidence(client: TestClient) -> None:
    why = "rule: lexicon:verb/accuse; source: capital; target: coreference"
    assert why in client.get("/articles/art1").text
    assert why in client.get("/events", params={"date": "2022-01-10", "view": "events"}).text


def test_headline_script_is_shown_as_text_everywhere(client: TestClient) -> None:
    for url in ("/events?date=2022-01-10", "/articles/art1", "/timeline", "/claims"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert XSS not in resp.text, url
        if url != "/claims":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text, url


def test_read_only_unless_a_token_is_given(client: TestClient, db: str) -> None:
    assert client.post("/api/events").status_code == 403
    with TestClient(create_app(db, api_token="s3cret")) as tok:
        assert tok.post("/api/events").status_code == 401
        ok = tok.post("/api/events", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 405  # past the guard; there is no such write route
        bad = tok.post("/api/code", json={"text": ""}, headers={"Authorization": "Bearer s3cret"})
        assert bad.status_code == 422
        assert tok.get("/api/health").status_code == 200
    assert client.post("/api/code", json={"text": "Russia warned Ukraine."}).status_code == 403


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SitroomError, match="E001"):
        create_app(str(tmp_path / "absent.duckdb"))


def test_fuzzed_requests_never_get_a_server_error(db: str) -> None:
    """schemathesis generates requests from our OpenAPI schema; none may answer 5xx."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, settings
    from hypothesis import given as hypothesis_given
    from schemathesis.checks import not_a_server_error

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db))
    ops = [r.ok() for r in schema.get_all_operations()]
    assert len(ops) >= 15

    for op in ops:
        strategy = op.as_strategy()

        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @hypothesis_given(strategy)
        def run(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        run()


def test_a_long_article_is_shown_a_page_at_a_time(tmp_path: Path) -> None:
    from builders import actor_records, fill, make_article, make_event
    from sitroom.store.store import Store

    filler = "A line of routine text about the weather and the roads.\n" * 4000  # 228,000 chars
    last = "Moscow warned NATO of a military response."
    text = filler + last + "\n"
    art = make_article("long", text, "2022-01-10", title="A very long report")
    warn = make_event("long", text, last, "warned", "THREATEN", [("Moscow", "RUS")],
                      [("NATO", "NATO")], "2022-01-10", event_id="long-warn")  # fmt: skip
    db = tmp_path / "long.duckdb"
    with Store(db) as store:
        fill(store, [(art, [warn], [])], actors=actor_records("RUS", "NATO"))
    with TestClient(create_app(str(db))) as c:
        first = c.get("/articles/long").text
        assert len(first) < 60_000  # not the whole 228 KB text
        assert "page 1 of 12" in first and 'href="?page=2"' in first
        assert "Events (0 on this page of 1)" in first
        chosen = c.get("/articles/long", params={"event": "long-warn"}).text
        assert "page 12 of 12" in chosen
        assert 'selected trigger">warned</mark>' in chosen
        assert chosen.count("routine text") < 400
        middle = c.get("/articles/long", params={"page": 5}).text
        assert "page 5 of 12" in middle and "page 4</a>" in middle and "page 6 &rarr;" in middle
        beyond = c.get("/articles/long", params={"page": 99}).text
        assert "page 12 of 12" in beyond
        assert c.get("/articles/long", params={"page": 0}).status_code == 422


def test_a_principal_dyad_with_a_hyphenated_id_reads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builders import ACTORS, ActorRef, build_clusters, fill, make_article, make_event
    from sitroom.records import Actor
    from sitroom.store.store import Store

    jens = ActorRef("stoltenberg-jens", "Jens Stoltenberg", None, None)
    monkeypatch.setitem(ACTORS, "stoltenberg-jens", jens)
    text = "Jens Stoltenberg warned Moscow of a firm answer."
    art = make_article("sg", text, "2022-01-10", title="A warning")
    src, tgt = [("Jens Stoltenberg", "stoltenberg-jens")], [("Moscow", "RUS")]
    warn = make_event("sg", text, text, "warned", "THREATEN", src, tgt, "2022-01-10")
    actors = [Actor("stoltenberg-jens", "Jens Stoltenberg", None, None),
              Actor("RUS", "Russia", "RUS", "GOV")]  # fmt: skip
    db = tmp_path / "dyad.duckdb"
    with Store(db) as store:
        fill(store, [(art, [warn], [])], actors=actors)
        build_clusters(store)
    with TestClient(create_app(str(db))) as c:
        dyads = c.get("/api/dyads").json()
        assert dyads == ["RUS:stoltenberg-jens"]
        resp = c.get("/api/escalation", params={"dyad": dyads[0]})
        assert resp.status_code == 200 and resp.json()[0]["events"] == 1
        assert c.get("/").status_code == 200


def test_health_is_not_ok_on_a_damaged_store(db: str, tmp_path: Path) -> None:
    from store.test_check import damaged_copy

    bad = damaged_copy(Path(db), tmp_path / "bad.duckdb")
    with TestClient(create_app(str(bad))) as c:
        res = c.get("/api/health")
    assert res.status_code == 503
    body = res.json()
    assert body["status"] == "damaged"
    assert body["problems"] and all(p.startswith("E033: ") for p in body["problems"])


def test_the_response_cache_counts_long_urls_in_its_budget() -> None:
    from sitroom.web.cache import ResponseCache

    cache = ResponseCache(None, generation=lambda: 1, budget=50_000)
    start = {"type": "http.response.start", "status": 200, "headers": []}
    for i in range(100):
        cache._keep((1, f"/api/dyads?junk={i}{'x' * 10_000}"), start, b"[]")
    assert cache.used <= 50_000 and len(cache.entries) <= 5
