"""Fairness cases of Assignment 7 (capstone): correct answers in other forms, and typical mistakes.

Written from the student version only. The exercises chain: Exercise 1's `recent_contacts` feeds Exercise 2's
`tilts` (built by a locked line of the answer cell), and Exercise 5 draws the student's own `recent_contacts` and
`recorded_trade`. Neither charges twice for a near miss of Exercise 1 or 3: `tilts` computed right from a
`recent_contacts` close to the right one keeps its point (a far-off table still fails it), and a figure drawn
faithfully from the student's own tables earns its points "if they are close to the right ones":
Exercises 1 and 3 have seven mistakes and Exercise 5 five, so that wrong-6-odd and wrong-7-odd pair near misses of
Exercises 1 and 3 (the year `last` left out with the official statements left out; the years hard-coded with the gaps
filled with 0) with the solution's figure, which must keep its points.
"""
from tests.fairness.spec import Answer, Mistake

_WEIGHTINGS = '''WEIGHTINGS = {
    "every visit once": {"top leader": 1, "senior": 1, "minister": 1},
    "by level, 3-2-1": {"top leader": 3, "senior": 2, "minister": 1},
    "top leaders only": {"top leader": 1, "senior": 0, "minister": 0},
}
'''
_TILTS = '''

tilts = pd.Series({name: weighted_tilt(recent_contacts, weights) for name, weights in WEIGHTINGS.items()})
tilts'''
_RECENT = '''

recent_contacts = contact_counts(visits, 2023, 2026)
recent_contacts'''
_TRADE_END = '''
print(recorded_trade)
print(f"China's trade, 2024 to 2025: {china_change_2025:+.1f} %")'''
_KINDS = '''TREATY_KINDS = ["treaty", "ratification", "treaty in force", "troop deployment", "treaty invocation",
                "confirmation"]

'''

# A plain, correct way to write each of Exercise 3's two answers, for mistakes that get only the other one wrong.
_TRADE_OK = '''official = trade[(trade["flow"] == "total_trade")
                 & trade["reporter"].isin(["partner_official", "official_statement"])
                 & trade["partner"].isin(["China", "Russia"])
                 & trade["year"].between(2019, 2025)]
recorded_trade = (official.pivot(index="year", columns="partner", values="value")
                  .reindex(index=range(2019, 2026), columns=["China", "Russia"]))
'''
_CHANGE_OK = '''china_change_2025 = (recorded_trade.loc[2025, "China"] / recorded_trade.loc[2024, "China"] - 1) * 100
'''
# Exercise 4: a correct timeline and a correct count of days.
_TIMELINE_OK = '''mask = ((events["date"] >= "2024-06-18") & events["kind"].isin(TREATY_KINDS)
        & events["actors"].str.contains("RUS") & events["actors"].str.contains("DPRK"))
treaty_timeline = events.loc[mask, ["event_id", "date", "kind"]].sort_values("date")
'''
_DAYS_OK = '''deployed = treaty_timeline.loc[treaty_timeline["kind"] == "troop deployment", "date"].min()
in_force = treaty_timeline.loc[treaty_timeline["kind"] == "treaty in force", "date"].iloc[0]
days_deployed_before_force = int((in_force - deployed).days)
'''
# Exercise 5: one correct figure, for mistakes to change one thing in.
_LEFT = '''fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
recent_contacts.plot.bar(ax=left, rot=0)
left.set_title("Visits by level, 2023 to April 2026")
left.set_xlabel("Level of the visitor")
left.set_ylabel("Number of visits")
left.legend(title="Patron")
'''
_RIGHT = '''recorded_trade.astype(float).plot(ax=right, marker="o")
right.set_yscale("log")
right.set_title("Officially recorded trade with North Korea")
right.set_xlabel("Year")
right.set_ylabel("USD million (log scale)")
right.legend(title="Partner")
'''
_SOURCE = '''nkcourse.add_source_note(fig, "leader_visits; trade (gac for China; fcs, tass1804561, nknews2025 for Russia).")
'''

ALTERNATIVES = {
    "a7_ex1_answer": [
        Answer('''import numpy as np


def contact_counts(visits, first, last):
    years = visits["start_date"].dt.year
    chosen = visits[(years >= first) & (years <= last)]
    patron = np.where(chosen["direction"].astype(str).str.contains("PRC"), "Beijing", "Moscow")
    level = pd.Categorical(chosen["level"].astype(str), categories=LEVELS)
    table = pd.crosstab(level, patron)
    return table.reindex(index=LEVELS, columns=["Moscow", "Beijing"], fill_value=0).astype("Int64")
''' + _RECENT, "numpy.where for the patron, crosstab of a Categorical; columns Moscow, Beijing; nullable Int64"),
        Answer('''def contact_counts(visits, first, last):
    levels = ["top leader", "senior", "minister"]
    counts = {patron: {level: 0 for level in levels} for patron in ["Beijing", "Moscow"]}
    for level, direction, start in zip(visits["level"], visits["direction"], visits["start_date"]):
        if pd.isna(start) or not first <= start.year <= last:
            continue
        patron = "Beijing" if "PRC" in str(direction) else "Moscow"
        counts[patron][str(level)] += 1
    return pd.DataFrame(counts, index=levels)
''' + _RECENT, "a plain loop counting into a dict of dicts; Python ints"),
        Answer('''def contact_counts(visits, first, last):
    inside = visits[visits["start_date"].between(f"{first}-01-01", f"{last}-12-31")]
    patron = inside["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow").rename("patron")
    counts = inside.groupby([inside["level"].astype(str).rename("level"), patron]).size().unstack(fill_value=0)
    return counts.reindex(index=LEVELS, columns=PATRONS, fill_value=0).rename_axis(index="level", columns="patron")
''' + _RECENT, "dates compared with strings (between); groupby().size().unstack(); named axes"),
        Answer('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.isin(range(first, last + 1))]
    chosen = chosen.assign(patron=["Moscow" if ("RUS" in d or "USSR" in d) else "Beijing"
                                   for d in chosen["direction"].astype(str)])
    counts = chosen.pivot_table(index="level", columns="patron", values="visit_id", aggfunc="count", observed=False)
    return counts.reindex(index=LEVELS, columns=PATRONS).fillna(0).astype(float)
''' + _RECENT, "pivot_table(aggfunc='count') then fillna(0): whole numbers held as floats (2.0), as the visible "
                   "check accepts; Moscow recognised by RUS/USSR instead of Beijing by PRC"),
        Answer('''from collections import Counter


def contact_counts(visits, first, last):
    pairs = Counter()
    for _, visit in visits.iterrows():
        if first <= visit["start_date"].year <= last:
            patron = "Beijing" if str(visit["direction"]).find("PRC") >= 0 else "Moscow"
            pairs[(str(visit["level"]), patron)] += 1
    return pd.DataFrame([[pairs[(level, patron)] for patron in PATRONS] for level in LEVELS],
                        index=LEVELS, columns=PATRONS)
''' + _RECENT, "collections.Counter over iterrows; a list of lists"),
    ],
    "a7_ex2_answer": [
        Answer(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    total = 0
    for level, row in counts.iterrows():
        total += weights[level] * (row["Beijing"] - row["Moscow"])
    return total
''' + _TILTS, "a loop over iterrows (numpy or nullable integer result)"),
        Answer(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    difference = counts["Beijing"].astype(float) - counts["Moscow"].astype(float)
    return float(difference.mul(pd.Series(weights)).sum())
''' + _TILTS, "Series.mul aligned on the level labels; a float"),
        Answer(_WEIGHTINGS + '''import numpy as np


def weighted_tilt(counts, weights):
    w = np.array([weights[level] for level in counts.index], dtype=float)
    return np.dot(w, counts["Beijing"].to_numpy(dtype=float) - counts["Moscow"].to_numpy(dtype=float))
''' + _TILTS, "numpy.dot of a weight vector; a numpy.float64"),
        Answer(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    level_weights = counts.index.map(lambda level: weights[level]).to_numpy()
    return ((counts["Beijing"] - counts["Moscow"]).to_numpy() * level_weights).sum().item()
''' + _TILTS, "Index.map of the weights; a plain Python number through .item()"),
    ],
    "a7_ex3_answer": [
        Answer('''official = trade.query("flow == 'total_trade' and reporter in ['partner_official', 'official_statement'] "
                       "and partner in ['China', 'Russia'] and 2019 <= year <= 2025")
recorded_trade = (official.pivot_table(index="year", columns="partner", values="value", aggfunc="first",
                                       observed=True)
                  .reindex(index=range(2019, 2026), columns=["China", "Russia"]).astype("Float64"))
china_change_2025 = recorded_trade["China"].pct_change().loc[2025] * 100''' + _TRADE_END,
               "query + pivot_table; nullable Float64 (gaps as pd.NA); pct_change"),
        Answer('''recorded = {"Russia": {}, "China": {}}
for row in trade.itertuples(index=False):
    if (row.flow == "total_trade" and row.partner in recorded
            and row.reporter in ("partner_official", "official_statement") and 2019 <= row.year <= 2025):
        recorded[row.partner][int(row.year)] = float(row.value)
recorded_trade = pd.DataFrame(recorded, index=list(range(2019, 2026)))
c = recorded_trade["China"]
china_change_2025 = (c[2025] - c[2024]) / c[2024] * 100''' + _TRADE_END,
               "a loop over itertuples into a dict; columns Russia, China"),
        Answer('''keep = trade[(trade["flow"] == "total_trade") & trade["partner"].isin(["China", "Russia"])
             & trade["reporter"].isin(["partner_official", "official_statement"]) & trade["year"].between(2019, 2025)]
recorded_trade = (keep.groupby(["year", "partner"], observed=True)["value"].sum(min_count=1).unstack("partner")
                  .reindex(index=pd.RangeIndex(2019, 2026, name="year"), columns=["Russia", "China"]))
china_change_2025 = float(recorded_trade.at[2025, "China"] / recorded_trade.at[2024, "China"] * 100 - 100)''' + _TRADE_END,
               "groupby().sum(min_count=1).unstack(); a named RangeIndex; columns Russia, China"),
        Answer('''rows = trade.loc[(trade["flow"] == "total_trade") & trade["year"].between(2019, 2025)
                 & trade["reporter"].isin(["partner_official", "official_statement"])
                 & trade["partner"].isin(["China", "Russia"]), ["year", "partner", "value"]]
rows["partner"] = rows["partner"].astype(str)
recorded_trade = rows.set_index(["year", "partner"])["value"].unstack().convert_dtypes()
recorded_trade = recorded_trade.reindex(pd.Index(range(2019, 2026), dtype="Int64"))[["China", "Russia"]]
china = recorded_trade["China"]
china_change_2025 = 100 * (china.iloc[-1] / china.iloc[-2] - 1)''' + _TRADE_END,
               "set_index().unstack(); convert_dtypes (Float64, pd.NA); an Int64 index; positional iloc"),
        Answer('''official = trade[(trade["flow"] == "total_trade") & trade["year"].isin(range(2019, 2026))
                 & ((trade["reporter"] == "partner_official") | (trade["reporter"] == "official_statement"))]
china = official[official["partner"] == "China"].set_index("year")["value"]
russia = official[official["partner"] == "Russia"].set_index("year")["value"]
years = list(range(2019, 2026))
recorded_trade = pd.DataFrame({"China": china.reindex(years), "Russia": russia.reindex(years)}).round(2)
china_change_2025 = (china[2025] / china[2024] - 1) * 100''' + _TRADE_END,
               "one Series per partner, then a DataFrame of the two; values rounded to two decimals (the precision "
               "checked); the change from the unrounded Series"),
    ],
    "a7_ex4_answer": [
        Answer(_KINDS + '''actor_sets = events["actors"].fillna("").str.split(";").map(set)
mask = ((events["date"] >= pd.Timestamp(2024, 6, 18)) & events["kind"].isin(TREATY_KINDS)
        & actor_sets.map(lambda actors: {"RUS", "DPRK"} <= actors))
treaty_timeline = (events.loc[mask, ["event_id", "date", "kind"]].sort_values("date").reset_index(drop=True)
                   .astype({"event_id": "string", "kind": "string"}))
force = treaty_timeline.loc[treaty_timeline["kind"] == "treaty in force", "date"].iloc[0]
deployed = treaty_timeline.loc[treaty_timeline["kind"] == "troop deployment", "date"].min()
days_deployed_before_force = int((force - deployed).days)
treaty_timeline''', "actors split into sets; reset index; nullable string columns"),
        Answer(_KINDS + '''import numpy as np

after = events[events["date"].ge("2024-06-18")]
both = (after["actors"].str.contains(r"\\bRUS\\b", regex=True, na=False)
        & after["actors"].str.contains(r"\\bDPRK\\b", regex=True, na=False))
treaty_timeline = after.loc[both & after["kind"].isin(TREATY_KINDS), ["event_id", "date", "kind"]]
treaty_timeline = treaty_timeline.sort_values(["date", "event_id"], ascending=[True, False])
by_kind = treaty_timeline.set_index("kind")["date"]
days_deployed_before_force = int((by_kind.loc["treaty in force"] - treaty_timeline.query("kind == 'troop deployment'")["date"].iloc[0])
                                 / np.timedelta64(1, "D"))
treaty_timeline''', "regular expressions with word boundaries; same-day events in another order; original index kept; "
                    "days by dividing by numpy.timedelta64"),
        Answer(_KINDS + '''rows = []
for event in events.itertuples(index=False):
    actors = str(event.actors).split(";")
    if event.date >= pd.Timestamp("2024-06-18") and event.kind in TREATY_KINDS and "RUS" in actors and "DPRK" in actors:
        rows.append({"event_id": event.event_id, "date": event.date, "kind": str(event.kind)})
rows.sort(key=lambda row: row["date"])
treaty_timeline = pd.DataFrame(rows, columns=["event_id", "date", "kind"], index=range(100, 100 + len(rows)))
first_troops = next(row["date"] for row in rows if row["kind"] == "troop deployment")
in_force = next(row["date"] for row in rows if row["kind"] == "treaty in force")
days_deployed_before_force = (in_force.date() - first_troops.date()).days
treaty_timeline''', "a loop building records; an index starting at 100; days with datetime.date"),
        Answer(_KINDS + '''is_pair = events["actors"].apply(lambda a: set(str(a).split(";")) >= {"DPRK", "RUS"})
chosen = events[is_pair & events["kind"].isin(TREATY_KINDS)]
chosen = chosen[chosen["date"].dt.date >= pd.Timestamp("2024-06-18").date()]
treaty_timeline = chosen[["event_id", "date", "kind"]].sort_values("date", kind="mergesort")
treaty_timeline["date"] = treaty_timeline["date"].dt.date
first_deployment = min(d for d, k in zip(treaty_timeline["date"], treaty_timeline["kind"]) if k == "troop deployment")
entry_into_force = treaty_timeline.set_index("kind").at["treaty in force", "date"]
days_deployed_before_force = (entry_into_force - first_deployment).days
treaty_timeline''', "dates shown as datetime.date (object column) for printing; filters in another order; .apply"),
    ],
    "a7_ex5_answer": [
        Answer('''fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5))
recent_contacts.plot.barh(ax=left, stacked=True)
left.invert_yaxis()
left.set_title("Who visits, at what level (2023-2026)")
left.set_xlabel("Visits")
left.set_ylabel("Level")
left.legend(title="Patron")
recorded_trade.plot(ax=right, marker="o", logy=True)
right.set_title("Trade on the official record")
right.set_xlabel("Year")
right.set_ylabel("US$ million, logarithmic scale")
right.legend()
nkcourse.add_source_note(fig, "leader_visits (V015-V081); trade: GAC for China, Russian officials (tass1804561, "
                              "nknews2025) and FCS for Russia.")''',
               "pandas: stacked horizontal bars (levels top to bottom); plot(logy=True); 'US$', 'logarithmic'"),
        Answer('''import numpy as np

fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
x = np.arange(len(recent_contacts.index))
left.bar(x - 0.2, recent_contacts["Beijing"].astype(int).to_numpy(), width=0.4, label="Beijing", color="tab:red")
left.bar(x + 0.2, recent_contacts["Moscow"].astype(int).to_numpy(), width=0.4, label="Moscow", color="tab:blue")
left.set_xticks(x, [str(level) for level in recent_contacts.index])
left.set(title="Visits with each patron by level", xlabel="Level", ylabel="Number of visits, 2023-2026")
left.legend()
for partner, style in (("China", "o-"), ("Russia", "s--")):
    series = recorded_trade[partner].astype(float)
    right.semilogy(series.index.to_numpy(dtype=int), series.to_numpy(), style, label=partner)
right.set(title="Official trade figures", xlabel="Year", ylabel="Total trade, USD million (log scale)")
right.legend(loc="lower left")
nkcourse.add_source_note(fig, "leader_visits; trade (gac, fcs, tass1804561, nknews2025).")''',
               "matplotlib only: grouped bars with numpy offsets, semilogy, Axes.set(...)"),
        Answer('''fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
recent_contacts[["Moscow", "Beijing"]].plot(kind="bar", ax=left, legend=False, color=["#0072B2", "#D55E00"])
left.set_title("Contacts by level")
left.set_xlabel("Visitor's level")
left.set_ylabel("Visits (2023 to April 2026)")
right.plot(list(recorded_trade.index), recorded_trade["China"].astype(float).tolist(), marker="o", label="China")
right.plot(list(recorded_trade.index), recorded_trade["Russia"].astype(float).tolist(), marker="^", label="Russia")
right.set_yscale("log")
right.set_title("Recorded trade")
right.set_xlabel("Year")
right.set_ylabel("Trade (USD million, log)")
fig.suptitle("North Korea between its patrons, 2019-2026")
fig.legend(loc="upper center", ncols=4, bbox_to_anchor=(0.5, 0.93))
fig.tight_layout()
nkcourse.add_source_note(fig, "leader_visits; trade (gac; fcs and Russian officials).")''',
               "Moscow's bars first; one figure legend naming patrons and partners; a suptitle; lists"),
        Answer('''fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
plt.sca(left)
recent_contacts.astype(float).plot.barh(ax=left, width=0.7)
plt.title("Visits between North Korea and each patron, 2023-2026")
plt.xlabel("Number of visits")
plt.ylabel("Level of the visitor")
plt.legend(loc="lower right")
plt.sca(right)
plt.plot(recorded_trade.index, recorded_trade["China"].astype(float), "o-", label="China (customs)")
plt.plot(recorded_trade.index, recorded_trade["Russia"].astype(float), "D:", label="Russia (customs, officials)")
plt.yscale("log")
plt.title("Recorded trade with North Korea")
plt.xlabel("Year")
plt.ylabel("Millions of US dollars (log scale)")
plt.legend()
nkcourse.add_source_note(fig, "leader_visits; trade: gac (China); fcs, tass1804561, nknews2025 (Russia).")''',
               "pyplot state machine (plt.sca); grouped horizontal bars, top leader at the bottom; legend labels "
               "that say more than the partner's name; 'Millions of US dollars'"),
        Answer('''fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
levels = [str(level) for level in recent_contacts.index]
beijing = recent_contacts["Beijing"].astype(int).tolist()
moscow = recent_contacts["Moscow"].astype(int).tolist()
left.bar(levels, beijing, label="Beijing")
left.bar(levels, moscow, bottom=beijing, label="Moscow")
left.set_title("Visits, 2023-2026, stacked by patron")
left.set_xlabel("Level")
left.set_ylabel("Visits")
left.legend(title="Patron", frameon=True)
recorded_trade.astype(float).plot(ax=right, style=["o-", "s-"])
right.set_yscale("log")
right.set_title("Officially recorded trade")
right.set_xlabel("Year")
right.set_ylabel("USD mn (log scale)")
right.legend(frameon=True)
nkcourse.add_source_note(fig, "leader_visits; trade (gac; fcs; tass1804561; nknews2025).")''',
               "stacked vertical bars with bottom=; pandas style list; constrained layout; 'USD mn'"),
    ],
}

MISTAKES = {
    "a7_ex1_answer": [
        Mistake('''def contact_counts(visits, first, last):
    chosen = recent[recent["start_date"].dt.year.between(first, last)]
    return pd.crosstab(chosen["level"], chosen["patron"]).reindex(index=LEVELS, columns=PATRONS, fill_value=0)
''' + _RECENT, "counts the worked example's global `recent`, not the table it is given",
                fails=("a7_ex1_contact_counts_tests",)),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    return pd.crosstab(chosen["level"].astype(str), patron)
''' + _RECENT, "rows left in alphabetical order (minister, senior, top leader), levels without visits missing",
                fails=("a7_ex1_contact_counts_tests", "a7_ex1_recent_contacts_tests")),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map({"DPRK->PRC": "Beijing", "PRC->DPRK": "Beijing",
                                                  "DPRK->RUS": "Moscow", "RUS->DPRK": "Moscow"})
    return pd.crosstab(chosen["level"], patron).reindex(index=LEVELS, columns=PATRONS, fill_value=0)
''' + _RECENT, "Moscow only for Russia: Soviet visits (USSR) counted for nobody",
                fails=("a7_ex1_contact_counts_tests",)),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)].copy()
    chosen["patron"] = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    counts = chosen.groupby(["level", "patron"], observed=True)["visitor"].nunique().unstack(fill_value=0)
    return counts.reindex(index=LEVELS, columns=PATRONS, fill_value=0)
''' + _RECENT, "counts distinct visitors (nunique), not visits: Shoigu's three trips count once; too far off, so tilts fail too",
                fails=("a7_ex1_contact_counts_tests", "a7_ex1_recent_contacts_tests", "a7_ex2_tilts_tests")),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    return pd.crosstab(chosen["level"], patron).reindex(index=LEVELS, columns=PATRONS)
''' + _RECENT, "reindex without fill_value: NaN, not 0, where a level has no visits (none in 2023-2026)",
                fails=("a7_ex1_contact_counts_tests",)),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[(visits["start_date"] >= f"{first}-01-01") & (visits["start_date"] < f"{last}-01-01")]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    return pd.crosstab(chosen["level"], patron).reindex(index=LEVELS, columns=PATRONS, fill_value=0)
''' + _RECENT, "off by one: the year `last` left out (V081, April 2026, lost); a near miss, so tilts and the "
                 "figure drawn from it keep their points (wrong-6-odd has the solution's figure)",
                fails=("a7_ex1_contact_counts_tests", "a7_ex1_recent_contacts_tests")),
        Mistake('''def contact_counts(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(2023, 2026)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    return pd.crosstab(chosen["level"], patron).reindex(index=LEVELS, columns=PATRONS, fill_value=0)
''' + _RECENT, "hard-codes the years 2023-2026 inside the function, ignoring first and last",
                fails=("a7_ex1_contact_counts_tests",)),
    ],
    "a7_ex2_answer": [
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    return sum(weights[level] * (counts.loc[level, "Moscow"] - counts.loc[level, "Beijing"]) for level in counts.index)
''' + _TILTS, "wrong sign: Moscow minus Beijing", fails=("a7_ex2_weighted_tilt_tests", "a7_ex2_tilts_tests"),
                secrets=("-9",)),
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    return sum(weights[level] * (recent_contacts.loc[level, "Beijing"] - recent_contacts.loc[level, "Moscow"])
               for level in recent_contacts.index)
''' + _TILTS, "uses the global recent_contacts instead of the argument", fails=("a7_ex2_weighted_tilt_tests",)),
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    return int((counts["Beijing"] - counts["Moscow"]).sum())
''' + _TILTS, "ignores the weights (every visit once whatever the weighting)",
                fails=("a7_ex2_weighted_tilt_tests", "a7_ex2_tilts_tests")),
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    differences = (counts["Beijing"] - counts["Moscow"]).tolist()
    return sum(w * d for w, d in zip(weights.values(), differences))
''' + _TILTS, "pairs weights and rows by position, not by label (right only when both follow LEVELS' order)",
                fails=("a7_ex2_weighted_tilt_tests",)),
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    return float((counts.index.map(weights).to_numpy() * (counts["Beijing"] - counts["Moscow"])).mean())
''' + _TILTS, "the mean over the levels instead of the sum",
                fails=("a7_ex2_weighted_tilt_tests", "a7_ex2_tilts_tests")),
        Mistake(_WEIGHTINGS + '''

def weighted_tilt(counts, weights):
    return int(sum(weights[level] * (counts.loc[level, "Beijing"] - counts.loc[level, "Moscow"])
                   for level in counts.index))
''' + _TILTS, "wraps the result in int(): fractional weights truncated (the course's weightings are whole numbers)",
                fails=("a7_ex2_weighted_tilt_tests",)),
    ],
    "a7_ex3_answer": [
        Mistake('''recent_trade = trade[(trade["flow"] == "total_trade") & trade["partner"].isin(["China", "Russia"])
                    & trade["year"].between(2019, 2025)]
recorded_trade = (recent_trade.pivot_table(index="year", columns="partner", values="value", observed=True)
                  .reindex(index=range(2019, 2026), columns=["China", "Russia"]))
''' + _CHANGE_OK + _TRADE_END, "no reporter filter: KOTRA's and ITC's mirror figures averaged in (pivot_table's mean)",
                fails=("a7_ex3_recorded_trade_tests", "a7_ex3_china_change_tests"), secrets=("25.2",)),
        Mistake(_TRADE_OK + '''china_change_2025 = recorded_trade.loc[2025, "China"] / recorded_trade.loc[2024, "China"] - 1
''' + _TRADE_END, "the change as a fraction (0.25), not in percent", fails=("a7_ex3_china_change_tests",),
                secrets=("25.2",)),
        Mistake(_TRADE_OK + '''china_change_2025 = (recorded_trade.loc[2025, "China"] - recorded_trade.loc[2024, "China"]) / recorded_trade.loc[2025, "China"] * 100
''' + _TRADE_END, "divides by the 2025 figure instead of 2024's", fails=("a7_ex3_china_change_tests",),
                secrets=("25.2",)),
        Mistake(_TRADE_OK.replace("range(2019, 2026)", "range(2019, 2025)") + '''gac = trade[(trade["source_id"] == "gac") & (trade["flow"] == "total_trade")].set_index("year")["value"]
china_change_2025 = (gac[2025] / gac[2024] - 1) * 100
''' + _TRADE_END, "off by one: range(2019, 2025) stops at 2024 (the change taken from the trade table)",
                fails=("a7_ex3_recorded_trade_tests",)),
        Mistake(_TRADE_OK + '''china_change_2025 = 25.4  # AFP's figure
''' + _TRADE_END, "types in AFP's +25.4 % instead of computing it from recorded_trade",
                fails=("a7_ex3_china_change_tests",), secrets=("25.2",)),
        Mistake(_TRADE_OK.replace('["partner_official", "official_statement"]', '["partner_official"]')
                + _CHANGE_OK + _TRADE_END, "partners' customs only: the Russian officials' statements (2023, 2024) left "
                "out; the solution's figure drawn from it must keep its points (wrong-6-odd)",
                fails=("a7_ex3_recorded_trade_tests",), secrets=("34.4",)),
        Mistake(_TRADE_OK.replace('columns=["China", "Russia"]))', 'columns=["China", "Russia"]).fillna(0))')
                + _CHANGE_OK + _TRADE_END, "fills the years without an official figure with 0; the solution's figure "
                "drawn from it (zeros on a log axis) must keep its points (wrong-7-odd)",
                fails=("a7_ex3_recorded_trade_tests",), secrets=("34.4",)),
    ],
    "a7_ex4_answer": [
        Mistake(_KINDS + '''mask = ((events["date"] >= "2024-06-18") & events["kind"].isin(TREATY_KINDS)
        & (events["actors"].str.contains("RUS") | events["actors"].str.contains("DPRK")))
treaty_timeline = events.loc[mask, ["event_id", "date", "kind"]].sort_values("date")
''' + _DAYS_OK + "treaty_timeline", "either actor instead of both (NATO's confirmation E106 slips in)",
                fails=("a7_ex4_treaty_timeline_tests",)),
        Mistake(_KINDS + '''mask = ((events["date"] > "2024-06-18") & events["kind"].isin(TREATY_KINDS)
        & events["actors"].str.contains("RUS") & events["actors"].str.contains("DPRK"))
treaty_timeline = events.loc[mask, ["event_id", "date", "kind"]].sort_values("date")
''' + _DAYS_OK + "treaty_timeline", "after the signature instead of on or after it: the signature E103 left out",
                fails=("a7_ex4_treaty_timeline_tests",), secrets=("E103",)),
        Mistake(_KINDS + _TIMELINE_OK + '''deployed = treaty_timeline.loc[treaty_timeline["kind"] == "troop deployment", "date"].min()
in_force = treaty_timeline.loc[treaty_timeline["kind"] == "treaty in force", "date"].iloc[0]
days_deployed_before_force = int((deployed - in_force).days)
treaty_timeline''', "wrong sign: deployment minus entry into force", fails=("a7_ex4_days_tests",), secrets=("42",)),
        Mistake(_KINDS + _TIMELINE_OK + '''deployed = treaty_timeline.loc[treaty_timeline["kind"] == "troop deployment", "date"].min()
in_force = treaty_timeline.loc[treaty_timeline["kind"] == "treaty in force", "date"].iloc[0]
days_deployed_before_force = in_force - deployed
treaty_timeline''', "leaves a Timedelta, not an int of days", fails=("a7_ex4_days_tests",), secrets=("42",)),
        Mistake(_KINDS + '''mask = ((events["date"] >= "2024-06-18") & events["kind"].isin(TREATY_KINDS)
        & events["actors"].str.contains("RUS") & events["actors"].str.contains("DPRK"))
treaty_timeline = events.loc[mask, ["event_id", "date", "kind"]]
''' + _DAYS_OK + "treaty_timeline", "not sorted: the ratifications E113, E114 come after E108",
                fails=("a7_ex4_treaty_timeline_tests",)),
        Mistake(_KINDS + _TIMELINE_OK + '''deployed = treaty_timeline.loc[treaty_timeline["kind"] == "troop deployment", "date"].iloc[-1]
in_force = treaty_timeline.loc[treaty_timeline["kind"] == "treaty in force", "date"].iloc[0]
days_deployed_before_force = int((in_force - deployed).days)
treaty_timeline''', "takes the last troop deployment (E122, June 2025), not the first", fails=("a7_ex4_days_tests",),
                secrets=("42",)),
        Mistake(_KINDS + '''mask = (events["kind"].isin(TREATY_KINDS)
        & events["actors"].str.contains("RUS") & events["actors"].str.contains("DPRK"))
treaty_timeline = events.loc[mask, ["event_id", "date", "kind"]].sort_values("date")
''' + _DAYS_OK + "treaty_timeline", "no date filter: the 2000 treaty (E069) is in the timeline",
                fails=("a7_ex4_treaty_timeline_tests",)),
    ],
    "a7_ex5_answer": [
        Mistake(_LEFT + _RIGHT.replace('right.set_yscale("log")\n', '') + _SOURCE,
                "forgets the log scale (the label says log, the axis is linear)", fails=("a7_ex5_tests",)),
        Mistake(_LEFT.replace("recent_contacts.plot.bar(ax=left, rot=0)", "recent_contacts.plot.bar(ax=left, rot=0, legend=False)")
                .replace('left.legend(title="Patron")\n', '') + _RIGHT + _SOURCE,
                "no legend on the left panel: the reader cannot tell the patrons apart", fails=("a7_ex5_tests",)),
        Mistake(_LEFT.replace("recent_contacts.plot.bar", "contact_counts(visits, 1949, 2026).plot.bar") + _RIGHT + _SOURCE,
                "draws the contacts of every year since 1949, not recent_contacts", fails=("a7_ex5_tests",)),
        Mistake(_LEFT + _RIGHT.replace("recorded_trade.astype(float).plot", "(recorded_trade.astype(float) / 1000).plot")
                .replace("USD million (log scale)", "USD billion (log scale)") + _SOURCE,
                "draws the trade in billions, not in USD million as asked", fails=("a7_ex5_tests",)),
        Mistake(_LEFT + _RIGHT.replace("recorded_trade.astype(float).plot(ax=right, marker=\"o\")",
                                       "right.plot(recorded_trade.astype(float).to_numpy(), marker=\"o\", "
                                       "label=[\"China\", \"Russia\"])") + _SOURCE,
                "draws the trade against positions 0-6, not the years (no index on the x axis)",
                fails=("a7_ex5_tests",)),
    ],
}
