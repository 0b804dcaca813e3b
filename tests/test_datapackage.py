"""The data package is valid against its own descriptor, every row is sourced, and known facts hold.

Validation uses frictionless: it reads the same datapackage.json that documents the data and that the
helper package loads by, so the schema is written once (pandera would need a second copy in Python).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest
from frictionless import Package

import nkcourse

DESCRIPTOR = nkcourse.data_dir() / "datapackage.json"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name: nkcourse.load_table(name) for name in nkcourse.list_tables()}


def test_package_is_valid_against_its_descriptor():
    report = Package(str(DESCRIPTOR)).validate()
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_cited_source_exists(tables):
    known = set(tables["sources"]["source_id"])
    for name, table in tables.items():
        if "source_id" in table and name != "sources":
            assert set(table["source_id"]) <= known, name
        if "source_ids" in table:
            cited = {sid for ids in table["source_ids"] for sid in ids.split(";")}
            assert cited <= known, f"{name}: unknown {sorted(cited - known)}"


def test_every_row_cites_a_source(tables):
    for name, table in tables.items():
        if name == "sources":
            continue
        column = "source_id" if "source_id" in table else "source_ids"
        assert table[column].notna().all(), name


def test_the_five_readings_are_in_the_bibliography_and_coded_on_every_question(tables):
    readings = set(tables["sources"].query("kind == 'reading'")["source_id"])
    assert readings == {"lankov2024", "pachecopardo2024", "hong2024", "cha2024", "osw2024"}
    claims = tables["claims"]
    pairs = set(zip(claims["source_id"], claims["question"].astype(str)))
    assert len(pairs) == len(claims) == 25


@pytest.mark.parametrize("treaty_id, signed", [
    ("nato1949", "1949-04-04"), ("usrok1953", "1953-10-01"), ("usjapan1960", "1960-01-19"),
    ("ussrdprk1961", "1961-07-06"), ("prcdprk1961", "1961-07-11"), ("rusdprk2000", "2000-02-09"),
    ("dprkrus2024", "2024-06-19"),
])
def test_treaty_signing_dates(tables, treaty_id, signed):
    assert tables["treaties"].set_index("treaty_id").loc[treaty_id, "signed"] == pd.Timestamp(signed)


def test_2024_treaty_in_force_from_4_december_2024_replacing_2000(tables):
    treaties = tables["treaties"].set_index("treaty_id")
    assert treaties.loc["dprkrus2024", "entry_into_force"] == pd.Timestamp("2024-12-04")
    assert treaties.loc["rusdprk2000", "ended"] == pd.Timestamp("2024-12-04")


def test_end_of_1961_treaty_keeps_every_disputed_year_with_its_source(tables):
    values = tables["disagreements"].query("fact_id == 'ussrdprk1961_end'")
    years = values.groupby(values["date"].dt.year)["source_id"].apply(set).to_dict()
    assert {1990, 1991, 1995, 1996} <= set(years)
    assert "atop51" in years[1996] and "gibler2009" in years[1995] and "lankov2024" in years[1991]


@pytest.mark.parametrize("fact_id, values", [
    ("usrok1953_entry_into_force", {"1954-11-17": "forgottenvictory", "1954-11-18": "wikiusrok"}),
    ("russia_dprk_trade_ninefold", {"2022-01-01": "osw2024", "2023-01-01": "tass1804561"}),
    ("poe_veto", {"2024-03-28": "unsc15648", "2023-01-01": "osw2024"}),
])
def test_disputes_keep_each_value_with_its_source(tables, fact_id, values):
    rows = tables["disagreements"].query("fact_id == @fact_id")
    found = set(zip(rows["date"].dt.strftime("%Y-%m-%d"), rows["source_id"]))
    assert set(values.items()) <= found


def test_aid_keeps_reported_currencies_and_statuses(tables):
    aid = tables["aid"].set_index("aid_id")
    assert aid.loc["ussr-1965-military", ["amount_low", "currency", "status"]].tolist() == [150, "RUB million", "pledged"]
    assert aid.loc["ussr-1962-military-request", "status"] == "requested"
    # A range is never inverted, and a missing upper bound stays missing rather than becoming 0.
    bounded = aid.dropna(subset=["amount_high"])
    assert (bounded["amount_high"] >= bounded["amount_low"]).all()
    assert pd.isna(aid.loc["prc-1954-free-aid", "amount_high"])


def test_aid_totals_dispute_is_kept(tables):
    rows = tables["disagreements"].query("fact_id == 'largest_reconstruction_donor'")
    assert {"shenxia2012", "loc1993", "time1960"} <= set(rows["source_id"])


def test_events_span_1948_to_2026_and_end_after_they_start(tables):
    events = tables["events"]
    assert events["date"].min().year == 1948 and events["date"].max().year == 2026
    ended = events.dropna(subset=["end_date"])
    assert (ended["end_date"] >= ended["date"]).all()


def test_dates_of_lower_precision_fall_on_the_first_day(tables):
    for name in ("events", "disagreements"):
        table = tables[name].dropna(subset=["date"])
        month = table[table["date_precision"] == "month"]["date"]
        year = table[table["date_precision"] == "year"]["date"]
        assert (month.dt.day == 1).all(), name
        assert ((year.dt.day == 1) & (year.dt.month == 1)).all(), name


@pytest.mark.parametrize("date, actors", [
    ("1956-09-19", {"USSR", "PRC", "DPRK"}),   # joint Sino-Soviet intervention after the August plenum
    ("1961-07-06", {"USSR", "DPRK"}),          # the twin treaties, five days apart
    ("1961-07-11", {"PRC", "DPRK"}),
    ("1989-05-15", {"USSR", "PRC"}),           # Sino-Soviet normalisation
    ("1990-09-30", {"USSR", "ROK"}),           # Moscow recognises Seoul
    ("1992-08-24", {"PRC", "ROK"}),            # Beijing recognises Seoul
    ("2024-12-04", {"RUS", "DPRK"}),           # the 2024 treaty enters into force
    ("2024-10-24", {"RUS", "DPRK"}),           # the State Duma ratifies it
    ("2024-11-06", {"RUS", "DPRK"}),           # the Federation Council approves it
    ("2025-04-28", {"DPRK", "RUS"}),           # Pyongyang acknowledges its troops in Kursk under Art. 4
    ("2025-09-03", {"PRC", "RUS", "DPRK"}),    # Kim, Xi and Putin together at the Beijing parade
    ("2025-09-04", {"PRC", "DPRK"}),           # the Xi–Kim summit, their first since 2019
    ("2025-10-10", {"PRC", "RUS", "DPRK"}),    # Li Qiang and Medvedev at the party's 80th anniversary
])
def test_key_events_are_in_the_timeline(tables, date, actors):
    events = tables["events"]
    rows = events[events["date"] == pd.Timestamp(date)]
    assert any(actors <= set(a.split(";")) for a in rows["actors"]), date


def test_events_from_2025_have_their_own_period_and_2012_2024_keeps_its_years(tables):
    """The 2025-26 rows got a new label rather than stretching '2012-2024 echoes', which code may filter on."""
    events = tables["events"]
    recent = events["date"].dt.year >= 2025
    assert (events.loc[recent, "period"] == "2025-2026 treaty in use").all()
    assert (events.loc[~recent, "period"] != "2025-2026 treaty in use").all()
    assert events.loc[events["period"] == "2012-2024 echoes", "date"].dt.year.between(2012, 2024).all()


def test_the_2024_treaty_was_ratified_in_order_before_it_entered_into_force(tables):
    ratification = tables["events"].query("kind == 'ratification' and date.dt.year == 2024", engine="python")
    steps = sorted(ratification["date"].dt.strftime("%Y-%m-%d"))
    assert steps == ["2024-10-24", "2024-11-06", "2024-11-09"], "Duma, Federation Council, Putin's signature"
    in_force = tables["treaties"].set_index("treaty_id").loc["dprkrus2024", "entry_into_force"]
    assert ratification["end_date"].max() == pd.Timestamp("2024-11-11") < in_force, "Kim's decree of 11 November"


def test_article_4_was_invoked_by_both_sides_in_april_2025_and_by_whom(tables):
    """Moscow (its foreign ministry, 27 April) and Pyongyang (the party's military commission, 28 April)."""
    events = tables["events"]
    invoked = events[events["kind"] == "treaty invocation"].set_index("event_id")
    assert invoked["date"].dt.strftime("%Y-%m-%d").to_dict() == {"E116": "2025-04-27", "E117": "2025-04-28"}
    assert invoked["description"].str.contains("Article 4").all()
    assert "Zakharova" in invoked.loc["E116", "description"] and "Military Commission" in invoked.loc["E117", "description"]
    # Moscow's first word on the troops came from Gerasimov two days before Pyongyang's.
    first = events[(events["kind"] == "confirmation") & (events["date"].dt.year == 2025)].sort_values("date").iloc[0]
    assert first["date"] == pd.Timestamp("2025-04-26") and "Gerasimov" in first["description"]


def test_kim_jong_un_has_been_to_china_five_times_and_to_beijing_in_2025_for_the_first_time_since_2019(tables):
    visits = tables["leader_visits"]
    kim = visits[(visits["visitor"] == "Kim Jong Un") & (visits["direction"] == "DPRK->PRC")].sort_values("start_date")
    assert kim["start_date"].dt.year.tolist() == [2018, 2018, 2018, 2019, 2025]
    last = kim.iloc[-1]
    assert (last["start_date"], last["end_date"]) == (pd.Timestamp("2025-09-02"), pd.Timestamp("2025-09-04"))


def test_october_2025_anniversary_delegations_premier_li_and_medvedev(tables):
    visits = tables["leader_visits"]
    october = visits[(visits["start_date"].dt.to_period("M") == pd.Period("2025-10")) & (visits["direction"].astype(str).str.endswith("->DPRK"))]
    by_visitor = october.set_index("visitor")
    assert by_visitor.loc["Li Qiang", ["direction", "level"]].tolist() == ["PRC->DPRK", "top leader"]
    assert by_visitor.loc["Dmitry Medvedev", ["direction", "level"]].tolist() == ["RUS->DPRK", "senior"]


def test_shoigu_went_to_pyongyang_three_times_in_2025(tables):
    visits = tables["leader_visits"]
    shoigu = visits[(visits["visitor"] == "Sergei Shoigu") & (visits["start_date"].dt.year == 2025)]
    assert sorted(shoigu["start_date"].dt.strftime("%m-%d")) == ["03-21", "06-04", "06-17"]


def test_the_unconfirmed_2026_xi_visit_to_pyongyang_is_not_recorded_as_fact(tables):
    """Only two low-reliability websites report it (reference NOTES.md): it must not enter the tables."""
    visits = tables["leader_visits"]
    assert visits[(visits["visitor"] == "Xi Jinping") & (visits["start_date"].dt.year >= 2020)].empty
    events = tables["events"]
    assert not events.loc[events["date"].dt.year == 2026, "description"].str.contains("Xi").any()


def test_troop_and_casualty_estimates_keep_every_claimant(tables):
    rows = tables["disagreements"]
    troops = rows[rows["fact_id"] == "dprk_troops_sent_russia"]
    assert troops["number"].between(10000, 15000).all() and troops["source_id"].nunique() >= 6
    # The South Korean intelligence service's count of the dead rose with each briefing.
    nis = rows[(rows["fact_id"] == "dprk_troops_killed_russia") & rows["value_id"].str.startswith("killed-nis")].sort_values("date")
    assert nis["number"].tolist() == [100, 300, 600, 2000]
    # UK Defence Intelligence's 6,000 counts killed and wounded, not deaths.
    uk = rows[rows["value_id"] == "casualties-ukdi-2025-06"].iloc[0]
    assert (uk["fact_id"], uk["number"], uk["date"]) == ("dprk_troop_casualties_russia", 6000, pd.Timestamp("2025-06-15"))


def test_leader_visits_cover_both_patrons_in_both_directions(tables):
    visits = tables["leader_visits"]
    assert set(visits["direction"].astype(str)) == {"DPRK->USSR", "DPRK->RUS", "USSR->DPRK", "RUS->DPRK", "DPRK->PRC", "PRC->DPRK"}
    assert {"official", "secret", "multilateral"} <= set(visits["status"].astype(str))
    putin = visits[(visits["visitor"] == "Vladimir Putin") & (visits["direction"] == "RUS->DPRK")]
    assert sorted(putin["start_date"].dt.year) == [2000, 2024]


def test_visit_counts_from_other_registers_are_kept_beside_ours(tables):
    counts = tables["disagreements"].query("fact_id.str.startswith('kim_il_sung_visits')", engine="python")
    assert counts.set_index("fact_id")["number"].to_dict() == {"kim_il_sung_visits_prc": 11, "kim_il_sung_visits_ussr": 10}


def test_assistance_clauses_are_fully_coded(tables):
    assistance = tables["provisions"].query("topic == 'assistance'")
    coded = ["trigger", "obligation", "immediacy", "names_art51", "domestic_condition", "geographic_scope"]
    assert assistance[coded].notna().all().all()
    assert {"nato1949", "usrok1953", "usjapan1960", "ussrdprk1961", "prcdprk1961", "dprkrus2024"} == set(assistance["treaty_id"])


@pytest.mark.parametrize("treaty_id, art51, domestic", [
    ("nato1949", True, False), ("usrok1953", False, True), ("usjapan1960", True, True),
    ("ussrdprk1961", False, False), ("prcdprk1961", False, False), ("dprkrus2024", True, True),
])
def test_what_each_assistance_clause_adds_or_subtracts(tables, treaty_id, art51, domestic):
    """Lankov's point: 2024 differs from 1961 by naming Art. 51 and the parties' laws."""
    clauses = tables["provisions"].query("topic == 'assistance' and treaty_id == @treaty_id")
    assert (clauses["names_art51"] == art51).all() and (clauses["domestic_condition"] == domestic).all()


def test_quotations_are_short_and_only_where_the_wording_was_seen(tables):
    provisions = tables["provisions"]
    quoted = provisions["quotation"].notna()
    assert (provisions.loc[quoted, "quotation"].str.len() <= 250).all()
    assert not quoted[provisions["wording_status"].isin(["not_seen", "paraphrase"])].any()
    assert quoted[provisions["wording_status"] == "seen"].all()


def test_2024_treaty_enters_into_force_under_article_22_and_2000_has_no_assistance_clause(tables):
    provisions = tables["provisions"]
    entry = provisions.query("treaty_id == 'dprkrus2024' and topic == 'entry_into_force'")
    assert entry["article"].tolist() == ["22"]
    assert provisions.query("treaty_id == 'rusdprk2000' and topic == 'assistance'").empty


def series(tables, source_id, partner, flow):
    trade = tables["trade"]
    rows = trade[(trade["source_id"] == source_id) & (trade["partner"] == partner) & (trade["flow"] == flow)]
    return rows.set_index("year")["value"]


def test_china_share_rises_from_a_third_to_nearly_all(tables):
    share = series(tables, "kotra", "China", "share_of_dprk_total_trade_pct")
    assert 30 <= share[2001] <= 35 and share[2023] > 95


def test_official_russia_trade_is_about_35_million_and_2022_is_missing_not_zero(tables):
    """OSW's '$35 mn annually' matches the official figures; no Russian source gives 2022 at all."""
    trade = tables["trade"]
    official = trade[(trade["partner"] == "Russia") & (trade["flow"] == "total_trade")
                     & trade["reporter"].isin(["partner_official", "official_statement"])].set_index("year")["value"]
    assert official[2023] == pytest.approx(34.4) and official[2024] == pytest.approx(34)
    assert 2022 not in official.index
    assert official[2021] < 0.1, "the 2021 border closure left about USD 40 thousand"
    # The Kremlin's 'nine-fold in 2023' implies 2022 was about a ninth of 2023.
    assert official[2023] / 9 == pytest.approx(3.8, abs=0.05)


def test_china_trade_rose_a_quarter_in_2025_and_russia_has_no_2025_figure(tables):
    china = series(tables, "gac", "China", "total_trade")
    assert china[2024] == pytest.approx(2180) and china[2025] == pytest.approx(2730)
    assert china[2025] / china[2024] - 1 == pytest.approx(0.25, abs=0.01)
    assert china[2025] < china[2019], "close to, but still below, the pre-pandemic level"
    trade = tables["trade"]
    russia_2025 = trade[(trade["partner"] == "Russia") & (trade["year"] == 2025)]
    assert russia_2025.empty, "no Russian source has published 2025; a year without a figure has no row"


def test_zeros_are_only_where_a_source_reports_zero(tables):
    trade = tables["trade"]
    zeros = trade[trade["value"] == 0]
    assert set(zeros["source_id"]) <= {"cow4trade", "fcs", "unimin_rok"}
    soviet_cow = zeros[(zeros["source_id"] == "cow4trade") & (zeros["partner"] == "USSR/Russia")]
    assert soviet_cow["note"].str.contains("Structural zero").all(), "COW's Soviet zeros must be flagged"


def test_rubles_are_never_mixed_with_dollars_in_one_series(tables):
    trade = tables["trade"]
    units = trade.groupby("source_id")["unit"].agg(lambda u: set(u.astype(str)) - {"percent"})
    assert all(len(u) <= 1 for u in units)
    assert set(trade.loc[trade["unit"] == "SUR million", "source_id"]) == {"sovietstats"}


def test_atop_codes_match_the_treaties_they_code(tables):
    atop = tables["atop_codes"].set_index("treaty_id")
    treaties = tables["treaties"].set_index("treaty_id")
    assert "dprkrus2024" not in atop.index, "ATOP's coverage ends in 2018"
    assert (atop["atop_start"] == treaties.loc[atop.index, "signed"]).all(), "ATOP dates alliances from signature"
    assert atop.loc["ussrdprk1961", "atop_end"] == treaties.loc["ussrdprk1961", "ended"]
    # The 2000 treaty is a consultation pact, not a defence pact; both 1961 treaties are defence pacts.
    assert not atop.loc["rusdprk2000", "defense"] and atop.loc["rusdprk2000", "consul"]
    assert atop.loc[["ussrdprk1961", "prcdprk1961"], "defense"].all()


def test_practice_codes_only_the_two_alliances_cha_compares(tables):
    practice = tables["practice"]
    assert set(practice["treaty_id"]) == {"usrok1953", "dprkrus2024"}
    assert practice.groupby("treaty_id")["condition"].nunique().eq(3).all(), "all three conditions for each"
    assert (practice.loc[practice["treaty_id"] == "usrok1953", "status"] == "yes").all()


README = nkcourse.data_dir() / "README.md"


def stated_row_counts(readme: str) -> dict[str, int]:
    """The row counts the README's table of tables states, e.g. '(1,090 rows, 1948–2024)' or '(112 events)'.

    Only a count in brackets right after the opening bracket is read, in the row of the table it describes.
    """
    counts = {}
    for line in readme.splitlines():
        row = re.match(r"\|\s*`(\w+)`\s*\|", line)
        if not row:
            continue
        found = re.findall(r"\((\d{1,3}(?:,\d{3})*|\d+) [a-z]+\b", line)
        if found:
            assert len(found) == 1, f"the README row for {row.group(1)} states more than one count: {found}"
            counts[row.group(1)] = int(found[0].replace(",", ""))
    return counts


def count_mismatches(stated: dict[str, int], actual: dict[str, int]) -> dict[str, str]:
    return {name: f"README says {stated[name]}, the table has {actual[name]}"
            for name in stated if stated[name] != actual[name]}


def test_stated_row_counts_are_read_and_a_stale_one_is_caught():
    text = ("| `events` | event | A timeline (108 events). |\n"
            "| `trade` | row | As reported (1,090 rows, 1948–2024). |\n"
            "| `aid` | estimate | In its own currency (US dollars or rubles). |\n")
    stated = stated_row_counts(text)
    assert stated == {"events": 108, "trade": 1090}
    assert count_mismatches(stated, {"events": 112, "trade": 1090}) == {"events": "README says 108, the table has 112"}


def test_readme_row_counts_match_the_tables():
    stated = stated_row_counts(README.read_text(encoding="utf-8"))
    assert {"events", "leader_visits", "trade"} <= set(stated), f"the README should state these counts: {stated}"
    actual = {name: len(nkcourse.load_table(name)) for name in stated}
    wrong = count_mismatches(stated, actual)
    assert not wrong, wrong
