"""Convert PETRARCH2's dictionaries into the package's JSON data (``src/sitroom/data/petrarch``).

    .venv/bin/python scripts/convert_petrarch.py [SOURCE_DIR] [--plover FILE] [--out DIR]

SOURCE_DIR holds PETRARCH2's dictionaries (default ``../shared/data/petrarch2``): the verb
patterns ``CAMEO.2.0.txt``, the actors ``Phoenix.Countries.actors.txt``,
``Phoenix.International.actors.txt`` and ``Phoenix.MilNonState.actors.txt``, the agents
``Phoenix.agents.txt``, the discards ``Phoenix.discards.txt`` and ``LICENSE``. The formats are
those of PETRARCH2's ``dictionaries.rst``; this reader is our own, written from that document
and from the files themselves. ``--plover`` names the CAMEO-to-PLOVER table (default
``../shared/data/plover/CAMEO2PLOVER-2021.txt`` beside SOURCE_DIR's parent).

The output is deterministic (every list sorted, one entry per line, no timestamps), so running
the script twice gives identical bytes and a changed dictionary gives a readable diff. Lines
that cannot be read are skipped and counted; the summary printed at the end lists the counts,
and each JSON file carries them under ``skipped``.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any


def wordset(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``."""
    return frozenset(text.split())


REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "petrarch2"
DEFAULT_OUT = REPO / "src" / "sitroom" / "data" / "petrarch"
SOURCE_COMMIT = "676801c"
SCHEMA_VERSION = 1

# ISO 3166-1 alpha-3 codes in use (iso-codes 4.x). Embedded so that the output does not depend
# on what the machine running the script has installed.
ISO3 = wordset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """
)
# CAMEO country codes that are not current ISO codes but name a country that has one.
CAMEO_ISO3 = {"TMP": "TLS", "ZAR": "COD", "ROM": "ROU"}
# CAMEO's region codes (and INT, international), which start some actor codes like countries.
REGIONS = wordset(
    "AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS SEA "
    "SAF WAF WST WEU INT"
)

# Words that say a synonym names the state itself ("Republic of Croatia"), not a place in it.
STATE_WORDS = wordset(
    "republic republics kingdom state states federation federal union united democratic "
    "people's peoples popular islamic socialist commonwealth principality sultanate grand "
    "duchy of the and rep rep. dem. de du la el al"
)
DEMONYM_SUFFIXES = wordset("n an ian ean sian vian nian ese lese ish i ni ani ic ot ite er ine")
FIRST_WORD_ENDINGS = ("an", "ian", "ese", "ish", "ic")  # "russian" of "russian federation"
IRREGULAR_DEMONYMS = wordset(
    """
    pole poles dane danes swede swedes turk turks swazi swazis uzbek uzbeks tajik tajiks slovak
    slovaks croat croats thai thais swiss aussie aussies argies spaniard spaniards briton
    britons brit brits finn finns serb serbs scot scots filipino filipinos filipina kiwi kiwis
    greek greeks yank yanks yankee yankees kittian kittitian nevisian motswana batswana
    burkinabe french frenchman frenchwoman dutch dutchman dutchwoman czech czechs british
    english englishman englishwoman welsh welshman welshwoman scottish scotsman scotswoman
    irish danish finnish cypriot cypriots kazakh kazakhs kyrgyz turkmen kosovar kosovars
    malagasy monegasque lao laotian laotians saudi saudis polish spanish norwegian
    norwegians argentine argentines slovene slovenes
    """
) | {"northern irish", "northern irishman", "northern irishwoman"}
# Known names that do not look like the country's main name (the heuristic would file them as
# places). Only phrases the source lists under that country are affected.
NAME_HINTS = {
    "BEN": {"dahomey"},
    "BLR": {"belorussia", "byelorussia", "bielorussia", "belarussia"},
    "CIV": {"ivory coast"},
    "COD": {"zaire"},
    "CZE": {"czechia"},
    "DEU": {"deutschland", "bundesrepublik deutschland", "west germany"},
    "GBR": {
        "britain",
        "great britain",
        "great britian",
        "great brittain",
        "gt. brit",
        "britannia",
        "great britain and ulster",
        "united kingdom of great britain and northern ireland",
    },
    "IRN": {"persia"},
    "KHM": {"kampuchea"},
    "LKA": {"ceylon"},
    "MDA": {"moldavia"},
    "MMR": {"burma"},
    "NLD": {"holland", "the netherland", "the netheralands", "pays bas"},
    "THA": {"siam"},
    "TLS": {"east timor"},
    "TUR": {"turkiye", "tuerkiye"},
    "TWN": {"formosa"},
}
# Words that mark a record of the Countries file as an organisation rather than a person.
GROUP_WORDS = wordset(
    "army forces force party council ministry ministries committee commission assembly "
    "parliament congress senate court government agency service services office bureau "
    "department police guard guards brigade brigades front movement union league bank "
    "kremlin administration authority authorities cabinet corps command navy militia "
    "declaration organization organisation institute university company corporation group "
    "team board fund directorate intelligence secretariat presidency embassy consulate "
    "network coalition alliance society federation association foundation center centre "
    "academy division battalion regiment unit units troops street house palace"
)


# ---------------------------------------------------------------------------- common helpers


@dataclass
class Report:
    """What one source file gave and what was skipped, by reason."""

    name: str
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def skip(self, reason: str, line: int, text: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, f"line {line}: {' '.join(text.split())[:80]}")


def read_lines(path: Path) -> list[tuple[int, str]]:
    """Numbered lines, decoded as UTF-8 (undecodable bytes replaced), line ends removed."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [(i, line.rstrip("\r\n")) for i, line in enumerate(text.split("\n"), 1)]


def strip_comment(line: str) -> str:
    return line.split("#", 1)[0]


def norm(phrase: str) -> str:
    """A dictionary phrase as we store it: lower case, underscores as spaces, single spaces."""
    return " ".join(phrase.replace("_", " ").split()).lower()


def parse_date(text: str) -> str:
    """``YYYYMMDD`` or ``YYMMDD`` (00-30 read as 20YY, else 19YY, as TABARI does) as ISO."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
    else:
        year = int(text[:4])
    return date(year, int(text[-4:-2]), int(text[-2:])).isoformat()


CODE_RE = re.compile(r"^(?:---|[A-Z0-9]{3,})$")
RESTRICTION_RE = re.compile(r"^(?P<code>\S+)(?:\s+(?P<when>[<>]?\s*\S+))?$")


def parse_restriction(text: str) -> dict[str, Any]:
    """``CODE``, ``CODE <date``, ``CODE >date`` or ``CODE date-date`` as a role."""
    m = RESTRICTION_RE.match(text.strip())
    if m is None or not CODE_RE.match(m["code"]):
        raise ValueError(f"bad restriction {text!r}")
    start: str | None = None
    end: str | None = None
    when = m["when"] and "".join(m["when"].split())
    if when is not None:
        if when.startswith("<"):
            end = parse_date(when[1:])
        elif when.startswith(">"):
            start = parse_date(when[1:])
        elif "-" in when:
            a, b = when.split("-", 1)
            start, end = parse_date(a), parse_date(b)
            if start > end:
                raise ValueError(f"dates out of order in {text!r}")
        else:
            raise ValueError(f"bad date range {text!r}")
    return {"code": m["code"], "from": start, "to": end}


def plural_forms(phrase: str) -> list[tuple[str, str]]:
    """The regular plurals of a lower-case phrase: PETRARCH's rule, then the English form.

    dictionaries.rst: add S, IES when the root ends in Y, ES when it ends in SS. A phrase that
    already ends in a single S gets none (the rule would give "troopss"). Where English forms
    the plural differently (vowel + Y, CH/SH/X/Z, -MAN) that form is added as well.
    """
    if not phrase or not phrase[-1].isalpha():
        return []
    if phrase.endswith("ss"):
        rule = phrase + "es"
    elif phrase.endswith("y"):
        rule = phrase[:-1] + "ies"
    elif phrase.endswith("s"):
        return []
    else:
        rule = phrase + "s"
    english = rule
    if phrase.endswith("y") and len(phrase) > 1 and phrase[-2] in "aeiou":
        english = phrase + "s"
    elif phrase.endswith(("ch", "sh", "x", "z")) and not phrase.endswith("arch"):
        english = phrase + "es"
    elif phrase.endswith("man") and len(phrase) > 3 and phrase[-4] not in "aeiou ":
        english = phrase[:-3] + "men"
    out = [(rule, "plural")]
    if english != rule:
        out.append((english, "plural_english"))
    return out


# ---------------------------------------------------------------------------- agents

AGENT_RE = re.compile(
    r"^(?P<phrase>.+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)(?P<close>[\]}])\s*$"
)
AGENT_CODE_RE = re.compile(r"^(?:~[A-Z]{3,}|[A-Z]{3,}~)$")
MARKER_RE = re.compile(r"!([A-Z]+)!")
FORM_RANK = {"listed": 0, "listed_plural": 1, "plural": 2, "plural_english": 3}


def expand_markers(raw: str, sets: dict[str, list[str]], rep: Report, line: int) -> list[str]:
    """Every substitution of the ``!SET!`` markers in ``raw`` (a marker inside a word is
    a search-and-replace accident in the source, e.g. AD!MINIST!RATIVE, and is read literally)."""

    def literal(m: re.Match[str]) -> str:
        s, e = m.span()
        inside = s > 0 and raw[s - 1].isalpha() and e < len(raw) and raw[e].isalpha()
        if inside:
            rep.counts["marker read literally"] += 1
            return m[1]
        return m[0]

    raw = MARKER_RE.sub(literal, raw)
    names = MARKER_RE.findall(raw)
    if not names:
        return [raw]
    if any(n not in sets for n in names):
        raise ValueError("undefined substitution set")
    parts = MARKER_RE.split(raw)  # text, name, text, name, ...
    out = []
    for combo in itertools.product(*(sets[n] for n in names)):
        pieces = [parts[0]]
        for value, tail in zip(combo, parts[2::2], strict=True):
            pieces += [value, tail]
        out.append("".join(pieces))
    return out


def agent_rows(lines: list[tuple[int, str]], rep: Report) -> list[dict[str, Any]]:
    """Every (phrase, code, form) the agents file gives, in file order."""
    sets: dict[str, list[str]] = {}
    rows: list[dict[str, Any]] = []
    for n, line in lines:
        text = strip_comment(line).strip()
        if not text or text.startswith("<!--"):
            continue
        if m := re.match(r"^!([A-Z]+)!\s*=\s*(.+)$", text):
            sets[m[1]] = [v.strip() for v in m[2].split(",") if v.strip()]
            continue
        m = AGENT_RE.match(text)
        if m is None:
            rep.skip("no [code]" if "[" not in text else "unreadable line", n, line)
            continue
        code = m["code"].strip()
        if not AGENT_CODE_RE.match(code):
            rep.skip("bad agent code", n, line)
            continue
        if m["close"] == "}":
            rep.counts["'[~CODE}' read as '[~CODE]'"] += 1
        try:
            rows += agent_entries(m, code, sets, rep, n)
        except ValueError as exc:
            rep.skip(str(exc), n, line)
    return rows


def agent_entries(
    m: re.Match[str], code: str, sets: dict[str, list[str]], rep: Report, n: int
) -> list[dict[str, Any]]:
    raw = m["phrase"].strip()
    has_marker = bool(MARKER_RE.search(raw))
    out: list[dict[str, Any]] = []
    for expanded in expand_markers(raw, sets, rep, n):
        phrase = norm(expanded)
        if not phrase:
            continue
        row = {"phrase": phrase, "code": code, "gap": " " in expanded.strip(), "line": n}
        out.append({**row, "form": "listed"})
        if m["plural"] is not None:
            for plural in [m["plural"].strip()] if m["plural"].strip() else []:
                out.append({**row, "phrase": norm(plural), "form": "listed_plural"})
        elif not has_marker and not raw.endswith("_"):
            out += [{**row, "phrase": p, "form": f} for p, f in plural_forms(phrase)]
    return out


def build_agents(lines: list[tuple[int, str]], rep: Report) -> dict[str, Any]:
    by_phrase: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in agent_rows(lines, rep):
        by_phrase[row["phrase"]].append(row)
    agents = []
    for phrase in sorted(by_phrase):
        rows = sorted(by_phrase[phrase], key=lambda r: (FORM_RANK[r["form"]], r["line"]))
        best = rows[0]
        others = sorted({r["code"] for r in rows} - {best["code"]})
        if others:
            rep.counts["phrases with conflicting codes (first listed kept)"] += 1
        agents.append(
            {
                "phrase": phrase,
                "code": best["code"],
                "sector": best["code"].strip("~")[:3],
                "form": best["form"],
                "gap": best["gap"],
                "alt_codes": others,
            }
        )
    rep.counts["agents"] = len(agents)
    for form in FORM_RANK:
        rep.counts[f"form {form}"] = sum(1 for a in agents if a["form"] == form)
    return {"agents": agents}


# ---------------------------------------------------------------------------- actor records


@dataclass
class Record:
    """One actor record: a primary phrase, its synonyms, and its code restrictions."""

    line: int
    phrases: list[str]
    roles: list[dict[str, Any]]
    comment: str
    gap_before: bool


BRACKET_RE = re.compile(r"\[([^\[\]]*)(\]|$)")


def take_roles(text: str, rec: Record, rep: Report, n: int) -> str:
    """Read every ``[...]`` in ``text`` into ``rec.roles``; return the text before the first."""
    head = text.split("[", 1)[0]
    for m in BRACKET_RE.finditer(text[len(head) :]):
        if not m[2]:
            rep.counts["unclosed '[' read to end of line"] += 1
        if re.search(r"[<>]\s+\d", m[1]):
            rep.counts["'> date' read as '>date'"] += 1
        try:
            rec.roles.append(parse_restriction(m[1]))
        except ValueError:
            rep.skip("bad code or date restriction", n, m[0])
    return head


def actor_records(lines: list[tuple[int, str]], rep: Report) -> list[Record]:
    """The records of an actors file, in file order (see dictionaries.rst, Actor Dictionary)."""
    records: list[Record] = []
    gap = True
    for n, line in lines:
        text = strip_comment(line)
        comment = line[len(text) + 1 :].strip() if "#" in line else ""
        if not text.strip():
            gap = gap or not line.strip()
            continue
        if text[0] in " \t":
            if not records:
                rep.skip("restriction before any record", n, line)
            else:
                take_roles(text, records[-1], rep, n)
        elif text[0] == "+":
            if not records:
                rep.skip("synonym before any record", n, line)
            else:
                phrase = norm(take_roles(text.lstrip("+"), records[-1], rep, n))
                if phrase:
                    records[-1].phrases.append(phrase)
        else:
            rec = Record(n, [], [], comment, gap)
            phrase = norm(take_roles(text, rec, rep, n))
            rec.phrases.append(phrase)
            records.append(rec)
        gap = False
    return merge_uncoded(records, rep)


def tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[\s\-,.()']+", phrase) if t]


def same_actor(a: Record, b: Record) -> bool:
    """The last word of one of ``a``'s phrases (a surname) is a word of one of ``b``'s."""
    words = {t for p in b.phrases for t in tokens(p)}
    return any(tokens(p) and tokens(p)[-1] in words for p in a.phrases)


def merge_uncoded(records: list[Record], rep: Report) -> list[Record]:
    """A record without a code takes the codes of the record right after it when nothing
    separates them and they name the same actor (brezhnev, leonid ilyich brezhnev, ...), as in
    dictionaries.rst's ABDUL_QADIR_ example; otherwise it is skipped (PETRARCH gives no code)."""
    out: list[Record] = []
    for i, rec in enumerate(records):
        if rec.roles:
            out.append(rec)
            continue
        nxt = records[i + 1] if i + 1 < len(records) else None
        if nxt is not None and not nxt.gap_before and same_actor(rec, nxt):
            rep.counts["uncoded records joined to the next record"] += 1
            nxt.phrases = rec.phrases + nxt.phrases
            nxt.line = rec.line
        else:
            rep.skip("record without a code", rec.line, rec.phrases[0])
    return out


def default_code(rec: Record) -> str | None:
    codes = [r["code"] for r in rec.roles if r["from"] is None and r["to"] is None]
    return codes[0] if codes else None


def main_code(rec: Record) -> str:
    """The code that holds now: the undated one, else an open-ended one, else the latest."""
    if (code := default_code(rec)) is not None:
        return code
    open_ended = [r for r in rec.roles if r["to"] is None]
    if open_ended:
        return str(max(open_ended, key=lambda r: r["from"] or "")["code"])
    return str(max(rec.roles, key=lambda r: r["to"] or "")["code"])


def role_key(r: dict[str, Any]) -> tuple[str, str, str]:
    return (r["from"] or "", r["to"] or "9", r["code"])


def dated_roles(rec: Record) -> list[dict[str, Any]]:
    """The record's roles, each once, by date."""
    return sorted({role_key(r): r for r in rec.roles}.values(), key=role_key)


def actor_key(a: dict[str, Any]) -> tuple[Any, ...]:
    roles = tuple(role_key(r) for r in a["roles"])
    return (a.get("country") or "", a["name"], a["code"] or "", roles, tuple(a["names"]))


def unique(phrases: Iterable[str]) -> list[str]:
    return sorted({p for p in phrases if p})


# ---------------------------------------------------------------------------- countries


@cache
def core_words(name: str) -> tuple[str, ...]:
    """The words of a name other than state words and parentheses."""
    return tuple(w for w in re.sub(r"\(.*?\)", " ", name).split() if w not in STATE_WORDS)


@cache
def similar(a: str, b: str) -> bool:
    """difflib's ratio >= 0.85 (the length bound and quick ratio rule most pairs out first)."""
    if a == b:
        return True
    if 2 * min(len(a), len(b)) < 0.85 * (len(a) + len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


@cache
def initials(name: str) -> frozenset[str]:
    """ "usoa" and "usa" for "united states of america"."""
    words = [w for w in re.sub(r"\(.*?\)", " ", name).replace("-", " ").split() if w[0].isalpha()]
    return frozenset(
        {
            "".join(w[0] for w in words),
            "".join(w[0] for w in words if w not in {"of", "the", "and"}),
        }
    )


def common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def derived_from(base: str, stem: str) -> bool:
    """``base`` is ``stem`` with a demonym ending: ukrain|e -> ukrain|ian, germany -> german."""
    k = common_prefix(base, stem)
    if len(stem) < 4 or stem in STATE_WORDS or k < min(4, len(stem)):
        return False
    rest, ending = stem[k:], base[k:]
    if not ending:
        return rest in ("y", "stan", "istan")
    return len(rest) <= 2 and ending in DEMONYM_SUFFIXES


def is_demonym(phrase: str, names: Iterable[str]) -> bool:
    """ "ukrainian" beside "ukraine", "south african", "russian" of "russian federation"."""
    words = re.sub(r"\(.*?\)", " ", phrase).split()
    if phrase in IRREGULAR_DEMONYMS:
        return True
    if not 1 <= len(words) <= 3:
        return False
    last = words[-1]
    base = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    lead = words[:-1]
    for name in names:
        nw = name.split()
        for i, stem in enumerate(nw):
            if i < len(lead) or nw[i - len(lead) : i] != lead:
                continue
            if base == stem and i < len(nw) - 1 and base.endswith(FIRST_WORD_ENDINGS):
                return True
            if base != stem and derived_from(base, stem):
                return True
    return False


def is_name(phrase: str, names: Iterable[str], code: str) -> bool:
    """A variant of one of ``names``: close spelling, initials, a leading part, state words."""
    p = phrase.removeprefix("the ")
    flat = re.sub(r"[.\s,]", "", p)
    if flat == code.lower():
        return True
    words = core_words(p)
    cores: set[str] = set()
    for name in names:
        for ini in initials(name):
            if len(ini) >= 2 and (
                flat == ini or (len(flat) >= 2 and len(ini) >= 3 and ini.startswith(flat))
            ):
                return True
        nw = name.split()
        if similar(p, name) or (len(p.split()) >= 2 and nw[: len(p.split())] == p.split()):
            return True
        if nw[:1] == p.split() and p not in STATE_WORDS and len(nw) > 1:
            return True
        cores.update(core_words(name))
    return bool(words) and all(any(similar(w, c) for c in cores) for w in words)


def classify(code: str, phrases: list[str], primary: str) -> dict[str, set[str]]:
    """Split a country's phrases into names, adjectives and places. The source does not mark
    them, so this guesses from the form (see README); NAME_HINTS settles a few known cases."""
    names = {primary} | (set(phrases) & NAME_HINTS.get(code, set()))
    rest = sorted(set(phrases) - names)
    adjectives = {p for p in rest if is_demonym(p, names)}
    grew = True
    while grew:
        new = {p for p in rest if p not in names | adjectives and is_name(p, sorted(names), code)}
        names |= new
        grew = bool(new)
    adjectives |= {p for p in rest if p not in names and is_demonym(p, names)}
    return {"name": names, "adjective": adjectives, "place": set(rest) - names - adjectives}


def person_or_group(rec: Record) -> str:
    if "countryinfo" in rec.comment.lower():
        return "person"
    words = set(re.split(r"[\s\-/()]+", rec.phrases[0]))
    if words & GROUP_WORDS or len(rec.phrases[0].split()) < 2:
        return "group"
    return "person"


def country_key(rec: Record) -> str | None:
    code = main_code(rec)
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def iso3_of(code: str) -> str | None:
    return code if code in ISO3 else CAMEO_ISO3.get(code)


def build_countries(lines: list[tuple[int, str]], rep: Report) -> dict[str, Any]:
    records = actor_records(lines, rep)
    mains: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        if (key := country_key(rec)) is not None:
            mains[key].append(rec)
    countries = {code: country_entry(code, recs) for code, recs in mains.items()}
    actors, not_actors = [], set()
    section: str | None = None
    for rec in records:
        if (key := country_key(rec)) is not None:
            section = key
            continue
        if all(r["code"] == "---" for r in rec.roles):
            not_actors.update(rec.phrases)
            continue
        owner = territory_or_owner(rec, countries, section)
        if owner is None:
            rep.skip("record before any country", rec.line, rec.phrases[0])
            continue
        if owner[1]:
            add_territory(countries[owner[0]], rec)
            continue
        actors.append(actor_entry(rec, owner[0]))
    actors.sort(key=actor_key)
    out = sorted(countries.values(), key=lambda c: c["code"])
    count_countries(out, actors, not_actors, rep)
    return {"countries": out, "actors": actors, "not_actors": sorted(not_actors)}


def count_countries(
    countries: list[dict[str, Any]], actors: list[dict[str, Any]], not_actors: set[str], rep: Report
) -> None:
    rep.counts["countries"] = len(countries)
    rep.counts["countries with iso3"] = sum(1 for c in countries if c["iso3"])
    for key in ("names", "adjectives", "places"):
        rep.counts[key] = sum(len(c[key]) for c in countries)
    rep.counts["territories"] = sum(len(c["territories"]) for c in countries)
    rep.counts["actors (people and groups)"] = len(actors)
    rep.counts["people"] = sum(1 for a in actors if a["kind"] == "person")
    rep.counts["dated roles"] = sum(1 for a in actors for r in a["roles"] if r["from"] or r["to"])
    rep.counts["not-actor phrases ([---])"] = len(not_actors)


def territory_or_owner(
    rec: Record, countries: dict[str, dict[str, Any]], section: str | None
) -> tuple[str, bool] | None:
    """The country a record belongs to (its code's prefix, else the file section), and whether
    it is a territory (a code such as DNKGRL: country + an ISO code, not a role)."""
    code = main_code(rec)
    prefix = code[:3]
    if prefix in countries:
        rest = code[3:]
        return prefix, len(rest) == 3 and rest in ISO3 and rest != prefix
    return (section, False) if section is not None else None


def country_entry(code: str, recs: list[Record]) -> dict[str, Any]:
    main = max(recs, key=lambda r: (len(r.phrases), -r.line))
    phrases = [p for rec in sorted(recs, key=lambda r: r.line) for p in rec.phrases]
    kinds = classify(code, phrases, main.phrases[0])
    history = [r for r in dated_roles(main) if r["from"] or r["to"]]
    return {
        "code": code,
        "iso3": iso3_of(code),
        "name": main.phrases[0],
        "names": unique(kinds["name"]),
        "adjectives": unique(kinds["adjective"]),
        "places": unique(kinds["place"]),
        "history": history,
        "territories": [],
    }


def add_territory(country: dict[str, Any], rec: Record) -> None:
    entry = {"code": main_code(rec), "names": unique(rec.phrases)}
    country["territories"] = sorted(
        [*country["territories"], entry], key=lambda t: (t["code"], t["names"])
    )


def actor_entry(rec: Record, country: str) -> dict[str, Any]:
    return {
        "country": country,
        "kind": person_or_group(rec),
        "name": rec.phrases[0],
        "names": unique(rec.phrases),
        "code": default_code(rec),
        "roles": [r for r in dated_roles(rec) if r["from"] or r["to"]],
    }


# ---------------------------------------------------------------------------- other actors


def build_orgs(lines: list[tuple[int, str]], places: frozenset[str], rep: Report) -> dict[str, Any]:
    """International or non-state actors: names, the undated code, and dated roles.

    ``places`` are the country and region codes a code may start with (``GRCREB``: GRC, REB).
    """
    actors: list[dict[str, Any]] = []
    for rec in actor_records(lines, rep):
        code = main_code(rec)
        where = code[:3] if code[:3] in places else None
        sector = (code[3:6] if where else code[:3]) or None
        actors.append(
            {
                "name": rec.phrases[0],
                "names": unique(rec.phrases),
                "code": default_code(rec),
                "main_code": code,
                "country": where,
                "sector": None if code == "---" else sector,
                "roles": [r for r in dated_roles(rec) if r["from"] or r["to"]],
            }
        )
    actors.sort(key=lambda a: (a["name"], a["main_code"], actor_key(a)))
    rep.counts["actors"] = len(actors)
    rep.counts["names"] = sum(len(a["names"]) for a in actors)
    rep.counts["actors with dated roles"] = sum(1 for a in actors if a["roles"])
    rep.counts["actors with a country or region"] = sum(1 for a in actors if a["country"])
    for sector, n in Counter(a["sector"] for a in actors).most_common(6):
        rep.counts[f"sector {sector}"] = n
    return {"actors": actors}


# ---------------------------------------------------------------------------- verbs

HEADER_RE = re.compile(r"^---\s*(?P<name>[^\[]+?)\s*\[(?P<code>[^\]]*)\]")
VERB_RE = re.compile(
    r"^(?P<word>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$"
)
PATTERN_CODE_RE = re.compile(r"^(?:---|\d{2,4})?$")
TOKEN_RE = re.compile(r"[{}()*]|[^\s{}()*]+")


@dataclass
class VerbState:
    """Where the verb file reader is: the current synset or block."""

    synsets: dict[str, dict[str, Any]] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)
    verbs: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    transformations: list[dict[str, str]] = field(default_factory=list)
    lemmas: dict[str, set[str]] = field(default_factory=dict)
    synset: str | None = None
    synset_plurals: bool = True


def verb_code(text: str | None) -> str | None:
    text = (text or "").strip()
    return None if text in ("", "---") else text


def split_code(raw: str) -> tuple[str | None, str | None]:
    """``[120]``, ``[042:043]`` (event, reverse event), ``[:173]``, ``[---]``."""
    parts = raw.strip().split(":")
    if len(parts) > 2 or not all(PATTERN_CODE_RE.match(p.strip()) for p in parts):
        raise ValueError("bad code")
    fwd = verb_code(parts[0])
    rev = verb_code(parts[1]) if len(parts) == 2 else None
    return fwd, rev


def verb_word(raw: str) -> tuple[str, str]:
    """``+ASK_FOR`` -> ("ask for", "ask"); ``WIRE_+TAP`` -> ("wire tap", "tap")."""
    words = raw.split("_")
    head = next((w for w in words if w.startswith("+")), words[-1] if "+" in raw else words[0])
    return norm(raw.replace("+", "")), norm(head.lstrip("+"))


def read_verb_line(st: VerbState, text: str, rep: Report, n: int) -> None:
    m = VERB_RE.match(text)
    if m is None or not st.blocks:
        rep.skip("unreadable verb line", n, text)
        return
    lemma, head = verb_word(m["word"])
    forms = [verb_word(f)[0] for f in (m["forms"] or "").split()]
    block = st.blocks[-1]
    code, reverse = block["code"], block["reverse_code"]
    if m["code"] is not None:
        try:
            code, reverse = split_code(m["code"])
        except ValueError:
            rep.skip("bad verb code (block code used)", n, text)
    st.verbs.append(
        {
            "lemma": lemma,
            "head": head,
            "forms": unique(forms),
            "regular": m["forms"] is None,
            "code": code,
            "reverse_code": reverse,
            "block": block["name"],
        }
    )
    st.lemmas.setdefault(block["name"], set()).add(lemma)


def read_pattern(st: VerbState, text: str, comment: str, rep: Report, n: int) -> None:
    body = text[1:]
    codes = list(re.finditer(r"\[([^\]]*)\]", body))
    if not codes or not st.blocks:
        rep.skip("pattern without [code]", n, text)
        return
    last = codes[-1]
    words = body[: last.start()]
    if body[last.end() :].strip():
        rep.skip("text after the [code]", n, text)
        return
    if re.search(r"\*[^\s{}()]|[^\s{}()]\*", words):
        rep.counts["'*' joined to a word, split off"] += 1
    try:
        code, reverse = split_code(last[1])
        pattern = pattern_parts(words, st.synsets)
    except ValueError as exc:
        rep.skip(str(exc), n, text)
        return
    block = st.blocks[-1]
    lemmas = st.lemmas.get(block["name"], set())
    note = norm(comment.split()[0]) if comment.split() else ""
    pattern.update({"block": block["name"], "code": code, "reverse_code": reverse, "line": n})
    pattern["verb"] = note if note in lemmas else None
    st.patterns.append(pattern)


def pattern_parts(words: str, synsets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Words before and after the verb (*), and where the source ($) and target (+) sit."""
    tokens = TOKEN_RE.findall(words)
    depth = {"{": 0, "(": 0}
    for t in tokens:
        if t in "{(" and len(t) == 1:
            depth[t] += 1
        elif t in "})" and len(t) == 1:
            depth["{" if t == "}" else "("] -= 1
            if min(depth.values()) < 0:
                raise ValueError("unbalanced brackets")
    if any(depth.values()):
        raise ValueError("unbalanced brackets")
    if tokens.count("*") != 1:
        raise ValueError("not exactly one verb marker (*)")
    for t in tokens:
        if t.startswith("&") and t.lower().rstrip("_") not in synsets:
            raise ValueError("undefined synset")
    star = tokens.index("*")
    flat = [t.lower() for t in tokens if t not in {"{", "}", "(", ")"}]
    before, after = flat[: flat.index("*")], flat[flat.index("*") + 1 :]

    def side(mark: str) -> str | None:
        return "before" if mark in tokens[:star] else "after" if mark in tokens[star:] else None

    text = " ".join(t.lower() for t in tokens).replace("{ ", "{").replace("( ", "(")
    text = text.replace(" }", "}").replace(" )", ")")
    return {
        "before": before,
        "after": after,
        "source": side("$"),
        "target": side("+"),
        "text": text,
    }


def read_verb_file(lines: list[tuple[int, str]], rep: Report) -> VerbState:
    st = VerbState()
    for n, line in lines:
        text = strip_comment(line).rstrip()
        if ";" in text:  # TABARI's comment mark, left on two verb lines
            rep.counts["';' read as a comment mark"] += 1
            text = text.split(";", 1)[0].rstrip()
        comment = line[len(text) :].lstrip().lstrip("#").strip() if "#" in line else ""
        if not text.strip():
            continue
        if text.startswith("---"):
            read_header(st, text, rep, n)
        elif text.startswith("&"):
            name = text.strip().lower()
            st.synset, st.synset_plurals = name.rstrip("_"), not name.endswith("_")
            st.synsets[st.synset] = {"name": st.synset, "words": [], "plurals": []}
        elif text.startswith("~"):
            read_transformation(st, text, rep, n)
        elif text.startswith("-"):
            read_pattern(st, text.strip(), comment, rep, n)
        elif text.startswith("+") and st.synset is not None:
            read_synset_word(st, text.strip()[1:])
        elif text[0].isalnum() or text.startswith("+"):
            read_verb_line(st, text.strip(), rep, n)
        else:
            rep.skip("unreadable line", n, line)
    return st


def read_header(st: VerbState, text: str, rep: Report, n: int) -> None:
    m = HEADER_RE.match(text)
    st.synset = None
    if m is None:
        rep.skip("unreadable block header", n, text)
        return
    name = m["name"].strip().lower()
    taken = {b["name"] for b in st.blocks}
    base, i = name, 2
    while name in taken:
        name, i = f"{base} #{i}", i + 1
    try:
        code, reverse = split_code(m["code"])
    except ValueError:
        rep.skip("bad block code (none used)", n, text)
        code, reverse = None, None
    st.blocks.append({"name": name, "code": code, "reverse_code": reverse})


def read_synset_word(st: VerbState, raw: str) -> None:
    assert st.synset is not None
    entry = st.synsets[st.synset]
    phrase = norm(raw)
    if not phrase:
        return
    entry["words"].append(phrase)
    if st.synset_plurals and not raw.rstrip().endswith("_"):
        entry["plurals"] += [p for p, _ in plural_forms(phrase)]


def read_transformation(st: VerbState, text: str, rep: Report, n: int) -> None:
    m = re.match(r"^~\s*(?P<lhs>.+?)\s*=\s*(?P<rhs>.+?)\s*$", text)
    if m is None:
        rep.skip("unreadable transformation", n, text)
        return
    st.transformations.append({"pattern": " ".join(m["lhs"].split()), "result": m["rhs"]})


def read_plover(lines: list[tuple[int, str]], rep: Report) -> dict[str, dict[str, Any]]:
    """CAMEO code -> PLOVER type, mode, context and description (CAMEO2PLOVER-2021.txt)."""
    table: dict[str, dict[str, Any]] = {}
    roots: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for n, line in lines:
        m = re.match(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$", line.strip())
        if m is None:
            if line.strip() and not line.startswith("#"):
                rep.skip("unreadable mapping line", n, line)
            continue
        fields = [f.strip() or None for f in m[2].split(",")] + [None, None]
        entry = {
            "type": fields[0],
            "mode": fields[1],
            "context": fields[2],
            "description": (m[3] or "").strip() or None,
        }
        if entry["type"] is None or not re.fullmatch(r"[A-Z]+", entry["type"]):
            rep.skip("mapping without a PLOVER type", n, line)
            continue
        if len(m[1]) == 2:
            roots[m[1]].append((n, entry["type"]))
        elif m[1] in table:
            rep.skip("duplicate CAMEO code", n, line)
        else:
            table[m[1]] = entry
    for root, found in roots.items():
        types = [t for _, t in found]
        if len(set(types)) > 1:
            rep.skip(f"root code with two PLOVER types ({root})", found[-1][0], ", ".join(types))
        else:
            table[root] = {"type": types[0], "mode": None, "context": None, "description": None}
    rep.counts["CAMEO codes mapped to PLOVER"] = len(table)
    return dict(sorted(table.items()))


def build_verbs(
    lines: list[tuple[int, str]], plover: dict[str, dict[str, Any]], rep: Report
) -> dict[str, Any]:
    st = read_verb_file(lines, rep)
    members: dict[str, set[str]] = defaultdict(set)
    for s in st.synsets.values():
        s["words"], s["plurals"] = unique(s["words"]), unique(s["plurals"])
        for w in s["words"] + s["plurals"]:
            members[w].add(s["name"])
    verbs = []
    for v in st.verbs:
        sets = set().union(*(members.get(w, set()) for w in [v["lemma"], *v["forms"]]))
        verbs.append({**v, "synsets": sorted(sets)})
    verbs.sort(key=lambda v: (v["lemma"], v["block"], json.dumps(v, sort_keys=True)))
    patterns = sorted(st.patterns, key=lambda p: (p["block"], p["line"]))
    for p in patterns:
        del p["line"]
    count_verbs(st, verbs, patterns, plover, rep)
    return {
        "synsets": sorted(st.synsets.values(), key=lambda s: s["name"]),
        "blocks": sorted(st.blocks, key=lambda b: b["name"]),
        "verbs": verbs,
        "patterns": patterns,
        "transformations": st.transformations,
        "cameo_to_plover": plover,
    }


def count_verbs(
    st: VerbState,
    verbs: list[dict[str, Any]],
    patterns: list[dict[str, Any]],
    plover: dict[str, dict[str, Any]],
    rep: Report,
) -> None:
    rep.counts["synsets"] = len(st.synsets)
    rep.counts["verb blocks"] = len(st.blocks)
    rep.counts["verbs"] = len(verbs)
    rep.counts["patterns"] = len(patterns)
    rep.counts["transformations"] = len(st.transformations)

    def mapped(code: str | None) -> bool:
        return code is not None and any(code[:k] in plover for k in (4, 3, 2))

    coded = [p for p in patterns if p["code"]]
    rep.counts["patterns with an event code"] = len(coded)
    rep.counts["patterns whose code maps to PLOVER"] = sum(1 for p in coded if mapped(p["code"]))


# ---------------------------------------------------------------------------- discards


def build_discards(lines: list[tuple[int, str]], rep: Report) -> dict[str, Any]:
    """Story-level (``+``) and sentence-level discards; ``_`` at the end = whole word only."""
    found: dict[str, dict[str, Any]] = {}
    for n, line in lines:
        text = strip_comment(line).strip()
        if not text:
            continue
        story = text.startswith("+")
        raw = text.lstrip("+").strip()
        phrase = " ".join(raw.rstrip("_").split()).lower()
        if not phrase:
            rep.skip("empty discard", n, line)
            continue
        entry = {
            "phrase": phrase,
            "scope": "story" if story else "sentence",
            "whole_word": raw.endswith("_"),
        }
        if phrase in found and found[phrase] != entry:
            rep.counts["duplicate phrases (story scope kept)"] += 1
            if found[phrase]["scope"] == "story":
                continue
        found[phrase] = entry
    discards = [found[p] for p in sorted(found)]
    rep.counts["discards"] = len(discards)
    rep.counts["story scope"] = sum(1 for d in discards if d["scope"] == "story")
    rep.counts["sentence scope"] = sum(1 for d in discards if d["scope"] == "sentence")
    return {"discards": discards}


# ---------------------------------------------------------------------------- output


def dump(data: dict[str, Any]) -> str:
    """JSON with one list item (or mapping entry) per line: compact, stable, diff-friendly."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            body = ",\n".join(one(v) for v in value)
            parts.append(f"{json.dumps(key)}:[\n{body}\n]")
        elif isinstance(value, dict) and value and key != "source":
            body = ",\n".join(f"{json.dumps(k)}:{one(v)}" for k, v in value.items())
            parts.append(f"{json.dumps(key)}:{{\n{body}\n}}")
        else:
            parts.append(f"{json.dumps(key)}:{one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def with_header(body: dict[str, Any], source: str, rep: Report) -> dict[str, Any]:
    head = {
        "schema_version": SCHEMA_VERSION,
        "source": {"file": source, "petrarch2_commit": SOURCE_COMMIT, "licence": "MIT"},
        "skipped": dict(sorted(rep.skipped.items())),
    }
    return {**head, **body}


def licence_text(source_dir: Path) -> str:
    mit = (source_dir / "LICENSE").read_text(encoding="utf-8").strip()
    return (
        "The files in this folder were converted from the dictionaries of PETRARCH2\n"
        f"(https://github.com/openeventdata/petrarch2, commit {SOURCE_COMMIT}) by\n"
        "scripts/convert_petrarch.py. The dictionaries are distributed under this licence:\n\n"
        f"{mit}\n\n"
        "The cameo_to_plover table in verbs.json records the facts of the CAMEO-to-PLOVER\n"
        "mapping in CAMEO2PLOVER-2021.txt (PLOVER project, Philip Schrodt, CC BY-SA); see\n"
        "README.md.\n"
    )


def counts_block(rep: Report) -> str:
    lines = [f"- {key}: {n}" for key, n in rep.counts.items()]
    lines += [
        f"- skipped, {key}: {n} (e.g. {rep.examples.get(key, '')})"
        for key, n in sorted(rep.skipped.items())
    ]
    return "\n".join(lines)


README = """# PETRARCH2's dictionaries as data

Converted from the dictionaries of [PETRARCH2](https://github.com/openeventdata/petrarch2)
(commit {commit}, MIT licence: see `LICENSE`) by `scripts/convert_petrarch.py`; do not edit
by hand, re-run it instead:

    .venv/bin/python scripts/convert_petrarch.py ../shared/data/petrarch2

The reader is our own, written from PETRARCH2's `dictionaries.rst` and the files themselves.
Every file has `schema_version`, `source` and `skipped` (lines that could not be read, by
reason) and is validated by the models in `sitroom.extract.petrarch`, which also holds the
lookups. Phrases are lower case with single spaces (PETRARCH's underscores become spaces).
Dates are ISO; PETRARCH's six-digit dates are read as TABARI does (YY 00-30 = 20YY, else
19YY). One entry per line, every list sorted: the output is the same on every run.

| file | holds | size |
|---|---|---|
{table}

## agents.json (Phoenix.agents.txt)

Common nouns for kinds of actors ("troops", "police", "civilians", "rebels"), each with its
CAMEO agent code (`~MIL`: added after the actor's code; `IGO~`: before it) and `sector`, the
code's first three letters. `form` says where the phrase comes from: `listed` (in the file,
including the `!PERSON!` and `!MINIST!` substitution sets expanded), `listed_plural` (a plural
given in `{{...}}`), `plural` (the regular plural PETRARCH generates: +S, Y -> IES, SS -> SSES;
none after `{{}}`, for a phrase ending in `_`, or for a substituted phrase), `plural_english`
(our addition where English differs from that rule: vowel + Y, CH/SH/X/Z, -MAN -> -MEN).
Phrases ending in a single S get no plural (the rule would make "troopss"). `gap` is true when
PETRARCH allows other words between the phrase's words (a blank, not `_`, in the source). A
phrase given twice with different codes keeps the first listed; the others are in `alt_codes`.

{agents}

## countries.json (Phoenix.Countries.actors.txt)

`countries`: one entry per country record (a record whose current code is three letters):
`code` (PETRARCH's), `iso3` (the code when it is an ISO 3166-1 alpha-3 code, TMP/ZAR/ROM mapped
to TLS/COD/ROU; null for KSV, SUN, DDR, CSK, SCG and the test country KNT), `name`, `names`,
`adjectives`, `places`, `history` (dated codes of the country itself, e.g. USRUKR before
1991-08-24) and `territories` (records coded country + ISO code, e.g. DNKGRL Greenland).
The source lists a country's names, demonyms, capital, cities, regions and rivers under one
record without saying which is which, so **the split into names, adjectives and places is
ours and is a guess from the form**: a demonym is a name's stem with a demonym ending
("ukrainian", "south african", "russian" of "russian federation") or one of a short list of
irregular ones ("french", "pole"); a name is close in spelling to a known name, its initials
("usa", "u.s."), its leading part ("bosnia") or differs only in state words ("republic of
croatia"); a few names that look like nothing else are listed in the script (`NAME_HINTS`:
"britain", "burma", "holland", ...). Everything else is a place, so foreign-language names
("rossija") and nicknames ("the graveyard of empires") are filed as places, and a capital
that is spelled like its country ("tunis") as a name. Every phrase still points to its country.

`actors`: the other records (people, with `kind` person, and institutions, `kind` group,
guessed from the record: CountryInfo-derived records are people), with the country they
belong to (their code's first three letters, else the country section of the file), their
`names`, the undated `code` if any, and `roles`: dated codes with `from`/`to` (inclusive;
null = open). `not_actors`: phrases coded `[---]` (PETRARCH's "not an actor").

{countries}

## international.json and nonstate.json

International organisations, NGOs, multinational companies and international figures
(Phoenix.International.actors.txt); armed non-state groups (Phoenix.MilNonState.actors.txt).
Each actor: `name`, `names`, the undated `code`, `main_code` (the undated code, else the open
or latest dated one), `country` (the code's country or CAMEO region prefix, if any: GRC in
GRCREB, MEA, INT), `sector` (the next three letters, or the first three: IGO, NGO, MNC, REB,
IMG) and dated `roles`.

international.json:

{international}

nonstate.json:

{nonstate}

## verbs.json (CAMEO.2.0.txt)

`synsets`: the `&SETS` as word lists, with the regular plurals PETRARCH generates in
`plurals` (none for a label or word ending in `_`). `blocks`: the verb synonym blocks (named
after their `--- NAME [code] ---` header) with their default `code` and `reverse_code` (see
patterns). `verbs`: each verb with its `lemma` (multi-word verbs joined with spaces; `head` is
the word PETRARCH treats as the verb), its listed irregular `forms` (`regular` is true when
none are given and PETRARCH makes the regular ones), its own codes or the block's, its
`block`, and the `synsets` it belongs to. `patterns`: each pattern of a block (PETRARCH
applies a block's patterns to every verb in it) with its CAMEO `code`, its `reverse_code`
(TABARI's `[xxx:yyy]`: yyy is the event from the target back to the source; `[:173]` has
only that one), the words `before` and `after` the verb (`*`), where the source (`$`) and
target (`+`) sit (`before`, `after`, or null: the parse decides), the pattern `text`, and
the `verb` it was written for when its comment names one. A null `code` is PETRARCH's `---`
(no event). `transformations`: the `~` lines, verbatim.

`cameo_to_plover` maps CAMEO codes to PLOVER `type`, `mode`, `context` and `description`,
from `CAMEO2PLOVER-2021.txt` (PLOVER manual draft 0.8, Philip Schrodt, 2021; part of the
PLOVER project, CC BY-SA 4.0: only the facts of the mapping are recorded here). A pattern's
PLOVER type is that of its code, else of its first three digits, else of its first two. PLOVER
dropped CAMEO's 01 (statements) and 02 (appeals), so patterns coded 01x/02x have no type; the
two-digit root 08 is listed as both CONCEDE and RETREAT and is left out.

{verbs}

cameo_to_plover:

{plover}

## discards.json (Phoenix.discards.txt)

Phrases that mark a sentence (`scope` sentence) or a whole story (`scope` story, `+` in the
source) as not to be coded: sports, entertainment, history, epidemics, bare years. A phrase
matches where it starts a word of the text, case-insensitively; with `whole_word` (a trailing
`_` in the source) it must also end at a word boundary, otherwise it is a stem ("champion"
also matches "championship"). The source records no topic for a phrase, so none is given.

{discards}

## Left out

PETRARCH2's issues dictionary (not in `../shared`), its Python code (nothing here is derived
from it), coders' initials and dates in comments, and the lines counted as skipped above.
"""


def readme_text(reports: list[Report], out: Path) -> str:
    by = {r.name: r for r in reports}
    holds = {
        "agents.json": "agent nouns with CAMEO agent codes and sectors",
        "countries.json": "countries: names, demonyms, places, territories; people, institutions",
        "international.json": "IGOs, NGOs, companies, international figures",
        "nonstate.json": "armed non-state groups",
        "verbs.json": "CAMEO verb blocks, patterns, synsets, CAMEO-to-PLOVER table",
        "discards.json": "sentence and story discard phrases",
    }
    table = "\n".join(
        f"| `{name}` | {what} | {(out / name).stat().st_size / 1e6:.2f} MB |"
        for name, what in holds.items()
    )
    return README.format(
        commit=SOURCE_COMMIT,
        table=table,
        agents=counts_block(by["agents.json"]),
        countries=counts_block(by["countries.json"]),
        international=counts_block(by["international.json"]),
        nonstate=counts_block(by["nonstate.json"]),
        verbs=counts_block(by["verbs.json"]),
        plover=counts_block(by["cameo_to_plover"]),
        discards=counts_block(by["discards.json"]),
    )


def convert(source_dir: Path, plover_file: Path, out: Path) -> list[Report]:
    """Read every dictionary, write every JSON file; return what each step found and skipped."""
    out.mkdir(parents=True, exist_ok=True)
    reports = []

    def step(src: str, dest: str, build: Any, *extra: Any) -> None:
        rep = Report(dest)
        body = build(read_lines(source_dir / src), *extra, rep)
        (out / dest).write_text(dump(with_header(body, src, rep)), encoding="utf-8")
        reports.append(rep)

    plover_rep = Report("cameo_to_plover")
    plover = read_plover(read_lines(plover_file), plover_rep)
    step("Phoenix.agents.txt", "agents.json", build_agents)
    step("Phoenix.Countries.actors.txt", "countries.json", build_countries)
    countries = json.loads((out / "countries.json").read_text(encoding="utf-8"))
    places = ISO3 | REGIONS | {c["code"] for c in countries["countries"]}
    step("Phoenix.International.actors.txt", "international.json", build_orgs, places)
    step("Phoenix.MilNonState.actors.txt", "nonstate.json", build_orgs, places)
    step("CAMEO.2.0.txt", "verbs.json", build_verbs, plover)
    step("Phoenix.discards.txt", "discards.json", build_discards)
    reports.append(plover_rep)
    (out / "LICENSE").write_text(licence_text(source_dir), encoding="utf-8")
    (out / "README.md").write_text(readme_text(reports, out), encoding="utf-8")
    return reports


def summary(reports: list[Report], out: Path) -> Iterator[str]:
    for rep in reports:
        yield f"{rep.name}:"
        for key, n in rep.counts.items():
            yield f"  {key}: {n}"
        for key, n in sorted(rep.skipped.items()):
            yield f"  skipped, {key}: {n}  (e.g. {rep.examples.get(key, '')})"
    for path in sorted(out.glob("*.json")):
        yield f"{path.name}: {path.stat().st_size} bytes"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--plover", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    plover = args.plover or args.source.parent / "plover" / "CAMEO2PLOVER-2021.txt"
    for need in (args.source / "LICENSE", plover):
        if not need.exists():
            sys.stderr.write(f"not found: {need}\n")
            return 2
    reports = convert(args.source, plover, args.out)
    sys.stdout.write("\n".join(summary(reports, args.out)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
