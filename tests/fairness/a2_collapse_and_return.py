"""Fairness cases of Assignment 2 (collapse and return): correct answers in other forms, and typical mistakes."""
from tests.fairness.spec import Answer, Mistake

_EX1_END = '''print(recognitions)
print("Days between the two recognitions of Seoul:", days_apart)
'''

_EX4_END = '''

sequencing = summits[summits["counterpart"].isin(["ROK", "USA"])][["event_id", "date", "counterpart"]].copy()
sequencing[["days_since_xi", "days_until_xi"]] = [xi_bracket(summits, date) for date in sequencing["date"]]
sequencing
'''

_EX5_END = '''

ERAS = {"1956-1988": (1956, 1988), "1989-2017": (1989, 2017), "2018-2024": (2018, 2024)}
rates = pd.DataFrame({era: visits_per_year(visits, *years) for era, years in ERAS.items()}).T
rates.columns.name = "visits with"
rates.round(2)
'''

ALTERNATIVES = {
    "a2_ex1_answer": [
        Answer('''recognitions = (events.query('period == "1989-1994 collapse" and kind == "recognition"')
                [["event_id", "date", "actors"]].sort_values("date").reset_index(drop=True))
days_apart = (recognitions["date"].max() - recognitions["date"].min()).days
''' + _EX1_END, "query and max - min, fresh index"),
        Answer('''import numpy as np
mask = events["period"].astype(str).eq("1989-1994 collapse") & events["kind"].astype(str).eq("recognition")
recognitions = events[mask].sort_values("date")[["event_id", "date", "actors"]].astype(
    {"event_id": object, "actors": "string"})
recognitions.index = ["first", "second"]
days_apart = np.int64(recognitions["date"].diff().dt.days.iloc[-1])
''' + _EX1_END, "object/string dtypes, a text index, days_apart as numpy.int64"),
    ],
    "a2_ex2_answer": [
        Answer('''has_clause = (provisions["topic"] == "assistance").groupby(provisions["treaty_id"]).any()
assistance_clause = has_clause.reindex(MOSCOW_TREATIES, fill_value=False)
assistance_clause
''', "groupby(...).any() and reindex"),
        Answer('''import numpy as np
values = [np.bool_(((provisions["treaty_id"] == t) & (provisions["topic"] == "assistance")).any())
          for t in MOSCOW_TREATIES]
assistance_clause = pd.Series(values, index=pd.Index(MOSCOW_TREATIES, dtype="string"), dtype="boolean")
assistance_clause
''', "nullable 'boolean' dtype of numpy.bool_ values, a 'string' index"),
    ],
    "a2_ex3_answer": [
        Answer('''chosen = events[(events["kind"] == "summit") & (events["date"] >= "2018-01-01")
                & (events["date"] <= "2019-12-31")].sort_values("date").reset_index(drop=True)
summits = chosen[["event_id", "date"]].copy()
summits["counterpart"] = chosen["actors"].str.replace("DPRK", "").str.strip(";")
summits["days_since_previous"] = (summits["date"] - summits["date"].shift()).dt.days
summits
''', "date range, str.replace for the counterpart, shift instead of diff, fresh index"),
        Answer('''summits = events.loc[(events["kind"].astype(str) == "summit") & events["date"].dt.year.between(2018, 2019),
                     ["event_id", "date", "actors"]].sort_values("date")
summits["counterpart"] = [[code for code in actors.split(";") if code != "DPRK"][0] for actors in summits["actors"]]
summits = summits.drop(columns="actors").set_index("event_id", drop=False)
summits["days_since_previous"] = summits["date"].diff().dt.days.astype("Int64")
summits
''', "nullable Int64 day counts (<NA> first), object counterpart, event ids as the index"),
    ],
    "a2_ex4_answer": [
        Answer('''def xi_bracket(summits, date):
    since, until = None, None
    for _, row in summits.iterrows():
        if row["counterpart"] != "PRC":
            continue
        gap = (row["date"] - date).days
        if gap < 0 and (since is None or -gap < since):
            since = -gap
        if gap > 0 and (until is None or gap < until):
            until = gap
    return [since, until]
''' + _EX4_END, "a loop over the rows, returning a list of two"),
        Answer('''def xi_bracket(summits, date):
    import numpy as np
    xi = np.sort(summits.loc[summits["counterpart"].astype(str) == "PRC", "date"].to_numpy())
    when = np.datetime64(date)
    before, after = xi[xi < when], xi[xi > when]
    since = (when - before[-1]).astype("timedelta64[D]").astype(np.int64) if len(before) else None
    until = (after[0] - when).astype("timedelta64[D]").astype(np.int64) if len(after) else None
    return since, until
''' + _EX4_END, "numpy datetimes, numpy.int64 results"),
    ],
    "a2_ex5_answer": [
        Answer('''def visits_per_year(visits, first, last):
    years = last - first + 1
    beijing = moscow = 0
    for direction, start in zip(visits["direction"], visits["start_date"]):
        if first <= start.year <= last:
            if "PRC" in direction:
                beijing += 1
            else:
                moscow += 1
    return pd.Series({"Moscow": moscow / years, "Beijing": beijing / years})
''' + _EX5_END, "a loop; the Series indexed Moscow, Beijing (other order)"),
        Answer('''def visits_per_year(visits, first, last):
    import numpy as np
    chosen = visits[(visits["start_date"] >= pd.Timestamp(first, 1, 1))
                    & (visits["start_date"] < pd.Timestamp(last + 1, 1, 1))]
    to_beijing = chosen["direction"].astype("string").str.contains("PRC")
    years = np.int64(last - first + 1)
    return pd.Series([to_beijing.sum() / years, (~to_beijing).sum() / years],
                     index=pd.Index(["Beijing", "Moscow"], dtype="string"), dtype="Float64")
''' + _EX5_END, "date bounds instead of years, nullable Float64 values, a 'string' index"),
    ],
    "a2_ex6_answer": [
        Answer('''fig, axes = plt.subplots(1, 2, sharey=True)
for ax, first in zip(axes, [1960, 2015]):
    years = list(range(first, first + 10))
    for patron in ["Beijing", "Moscow"]:
        counts = [0] * 10
        for direction, start in zip(visits["direction"], visits["start_date"]):
            if (("PRC" in direction) == (patron == "Beijing")) and first <= start.year < first + 10:
                counts[start.year - first] += 1
        total, cumulative = 0, []
        for count in counts:
            total += count
            cumulative.append(total)
        ax.plot(years, cumulative, drawstyle="steps-post", label=patron, color="black" if patron == "Moscow" else "red")
    ax.set_title(f"The decade from {first}")
    ax.set_xlabel("Year")
    ax.set_ylabel("Visits so far")
    ax.legend()
nkcourse.add_source_note(fig, "course data, leader_visits")
plt.show()
''', "loops, plot(drawstyle='steps-post') without the extra edge, own colours and wording"),
        Answer('''import numpy as np
fig, axes = plt.subplots(1, 2, sharey=True, figsize=(9, 4))
beijing = visits["direction"].astype(str).str.contains("PRC").to_numpy()
started = visits["start_date"].dt.year.to_numpy()
for ax, (first, last) in zip(axes[::-1], [(2015, 2024), (1960, 1969)]):
    years = np.arange(first, last + 1)
    for label, mask in [("Moscow", ~beijing), ("Beijing", beijing)]:
        cumulative = np.cumsum([np.sum(mask & (started == y)) for y in years])
        ax.step(years, cumulative, where="post", label=label)
    ax.set_title(f"{first}-{last}")
    ax.set_xlabel("year")
axes[1].set_ylabel("cumulative visits")
fig.legend(*axes[0].get_legend_handles_labels(), loc="upper center")
fig.suptitle("Visits with each patron")
nkcourse.add_source_note(fig, "course data")
plt.show()
''', "numpy arrays (int64), panels drawn right to left, a figure legend, y label on the right panel"),
    ],
}

MISTAKES = {
    "a2_ex1_answer": [
        Mistake('''recognitions = events.loc[events["kind"] == "recognition", ["event_id", "date", "actors"]].sort_values("date")
days_apart = int((recognitions["date"].iloc[-1] - recognitions["date"].iloc[0]).days)
''' + _EX1_END, "forgets the period: adds the 1948 recognition of Pyongyang (days_apart, right for that "
                "table, is carried forward)",
                fails=("a2_ex1_recognitions_tests",), secrets=("694", "E064")),
        Mistake('''recognitions = events.loc[
    (events["period"] == "1989-1994 collapse") & (events["kind"] == "recognition"), ["event_id", "date", "actors"]
].sort_values("date")
days_apart = int((recognitions["date"].iloc[-1] - recognitions["date"].iloc[0]).days) + 1
''' + _EX1_END, "counts both ends (one day too many)", fails=("a2_ex1_days_apart_tests",), secrets=("694",)),
        Mistake('''recognitions = events.loc[
    (events["period"] == "1989-1994 collapse") & (events["kind"] == "recognition"), ["event_id", "date", "actors"]
].sort_values("date")
days_apart = recognitions["date"].iloc[-1] - recognitions["date"].iloc[0]
''' + _EX1_END, "leaves days_apart a Timedelta", fails=("a2_ex1_days_apart_tests",), secrets=("694",)),
    ],
    "a2_ex2_answer": [
        Mistake('''with_provisions = set(provisions["treaty_id"])
assistance_clause = pd.Series([treaty in with_provisions for treaty in MOSCOW_TREATIES], index=MOSCOW_TREATIES)
assistance_clause
''', "asks whether the treaty has any coded provision at all", fails=("a2_ex2_tests",)),
        Mistake('''on_moscow = provisions[provisions["treaty_id"].isin(MOSCOW_TREATIES)]
assistance_clause = on_moscow.groupby("treaty_id")["topic"].apply(lambda topics: (topics == "assistance").any())
assistance_clause
''', "groupby without reindex: the treaties in alphabetical order", fails=("a2_ex2_tests",)),
        Mistake('''with_assistance = set(provisions.loc[provisions["topic"] == "assistance", "treaty_id"])
assistance_clause = pd.Series([int(treaty in with_assistance) for treaty in MOSCOW_TREATIES], index=MOSCOW_TREATIES)
assistance_clause
''', "1 and 0 instead of True and False", fails=("a2_ex2_tests",)),
    ],
    "a2_ex3_answer": [
        Mistake('''summits = events.loc[(events["kind"] == "summit") & (events["date"].dt.year == 2018), ["event_id", "date"]]
summits = summits.sort_values("date")
summits["counterpart"] = actor_lists[summits.index].apply(lambda codes: next(c for c in codes if c != "DPRK"))
summits["days_since_previous"] = summits["date"].diff().dt.days
summits
''', "keeps only 2018", fails=("a2_ex3_tests",), secrets=("E092",)),
        Mistake('''summits = events.loc[(events["kind"] == "summit") & events["date"].dt.year.isin([2018, 2019]), ["event_id", "date"]]
summits = summits.sort_values("date")
summits["counterpart"] = events.loc[summits.index, "actors"].str.split(";").str[1]
summits["days_since_previous"] = summits["date"].diff().dt.days
summits
''', "takes the second actor, which is sometimes DPRK", fails=("a2_ex3_tests",)),
        Mistake('''summits = events.loc[(events["kind"] == "summit") & events["date"].dt.year.isin([2018, 2019]), ["event_id", "date"]]
summits = summits.sort_values("date")
summits["counterpart"] = actor_lists[summits.index].apply(lambda codes: next(c for c in codes if c != "DPRK"))
summits["days_since_previous"] = summits["date"].diff()
summits
''', "leaves the gaps as Timedeltas", fails=("a2_ex3_tests",)),
    ],
    "a2_ex4_answer": [
        Mistake('''def xi_bracket(summits, date):
    xi = summits.loc[summits["counterpart"] == "PRC", "date"]
    before, after = xi[xi <= date], xi[xi >= date]
    days_since = int((date - before.max()).days) if len(before) else None
    days_until = int((after.min() - date).days) if len(after) else None
    return days_since, days_until
''' + _EX4_END, "not strict: a summit with Xi on the date itself counts", fails=("a2_ex4_tests",),
                secrets=("121",)),
        Mistake('''def xi_bracket(summits, date):
    xi = summits.loc[summits["counterpart"] == "PRC", "date"]
    before, after = xi[xi < date], xi[xi > date]
    days_since = int((before.max() - date).days) if len(before) else None
    days_until = int((date - after.min()).days) if len(after) else None
    return days_since, days_until
''' + _EX4_END, "wrong sign on both gaps", fails=("a2_ex4_tests",)),
        Mistake('''def xi_bracket(summits, date):
    xi = summits.loc[summits["counterpart"] == "PRC", "date"]
    before, after = xi[xi < date], xi[xi > date]
    days_since = int((date - before.min()).days) if len(before) else None
    days_until = int((after.min() - date).days) if len(after) else None
    return days_since, days_until
''' + _EX4_END, "takes the first Xi summit ever, not the last one before the date", fails=("a2_ex4_tests",),
                secrets=("65",)),
    ],
    "a2_ex5_answer": [
        Mistake('''def visits_per_year(visits, first, last):
    visits = nkcourse.load_table("leader_visits")
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    counts = patron.value_counts().reindex(["Beijing", "Moscow"], fill_value=0)
    return counts.astype(float) / (last - first + 1)
''' + _EX5_END, "reloads the whole table instead of using the one passed in",
                fails=("a2_ex5_visits_per_year_tests",)),
        Mistake('''def visits_per_year(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    counts = patron.value_counts().reindex(["Beijing", "Moscow"], fill_value=0)
    return counts.astype(float) / (last - first)
''' + _EX5_END, "off by one in the number of years",
                fails=("a2_ex5_visits_per_year_tests", "a2_ex5_rates_tests")),
        Mistake('''def visits_per_year(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    return patron.value_counts().astype(float) / (last - first + 1)
''' + _EX5_END, "no fill_value: a patron without visits is left out", fails=("a2_ex5_visits_per_year_tests",)),
        Mistake('''def visits_per_year(visits, first, last):
    chosen = visits[visits["start_date"].dt.year.between(first, last)]
    patron = chosen["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
    counts = patron.value_counts().reindex(["Beijing", "Moscow"], fill_value=0)
    return (counts.astype(float) / (last - first + 1)).round(2)
''' + _EX5_END, "rounds the rates to two decimals", fails=("a2_ex5_visits_per_year_tests", "a2_ex5_rates_tests")),
    ],
    "a2_ex6_answer": [
        Mistake('''fig, axes = plt.subplots(1, 2, sharey=True, figsize=(10, 4.5))
patron_of = visits["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
for ax, (first, last) in zip(axes, [(1960, 1969), (2015, 2024)]):
    years = range(first, last + 1)
    for patron in ["Beijing", "Moscow"]:
        per_year = visits.loc[patron_of == patron, "start_date"].dt.year.value_counts()
        ax.step(list(years), per_year.reindex(years, fill_value=0).to_list(), where="post", label=patron)
    ax.set_title(f"{first}–{last}")
    ax.set_xlabel("Year")
axes[0].set_ylabel("Cumulative leader visits")
axes[0].legend()
nkcourse.add_source_note(fig, "course data, table leader_visits")
plt.show()
''', "forgets cumsum: visits per year, not cumulative", fails=("a2_ex6_tests",)),
        Mistake('''fig, axes = plt.subplots(1, 2, sharey=True, figsize=(10, 4.5))
patron_of = visits["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
for ax, (first, last) in zip(axes, [(1960, 1969), (2015, 2024)]):
    years = range(first, last + 1)
    for patron in ["Beijing", "Moscow"]:
        per_year = visits.loc[patron_of == patron, "start_date"].dt.year.value_counts().sort_index().cumsum()
        cumulative = per_year.reindex(range(1940, 2030)).ffill().fillna(0).loc[first:last].to_list()
        ax.step(list(years), cumulative, where="post", label=patron)
    ax.set_title(f"{first}–{last}")
    ax.set_xlabel("Year")
axes[0].set_ylabel("Cumulative leader visits")
axes[0].legend()
nkcourse.add_source_note(fig, "course data, table leader_visits")
plt.show()
''', "cumulates from the first visit ever, not from the decade's start", fails=("a2_ex6_tests",)),
        Mistake('''fig, axes = plt.subplots(1, 2, sharey=True, figsize=(10, 4.5))
patron_of = visits["direction"].astype(str).map(lambda d: "Beijing" if "PRC" in d else "Moscow")
for ax, (first, last) in zip(axes, [(1960, 1969), (2015, 2024)]):
    years = range(first, last + 1)
    for patron in ["Beijing", "Moscow"]:
        per_year = visits.loc[patron_of == patron, "start_date"].dt.year.value_counts()
        ax.step(list(years), per_year.reindex(years, fill_value=0).cumsum().to_list(), where="post", label=patron)
    ax.set_title(f"{first}–{last}")
    ax.set_xlabel("Year")
axes[0].set_ylabel("Cumulative leader visits")
axes[0].legend()
plt.show()
''', "no source line", fails=("a2_ex6_tests",)),
    ],
}


# From a student-eye review of the release notebook: more forms that must earn every point, and more
# typical mistakes (the rewritten actors and the default where='pre' steps used to pass).
_REVIEW_ALTERNATIVES = {
    'a2_ex1_answer': [Answer('''rows = []
for _, r in events.iterrows():
    if str(r["period"]) == "1989-1994 collapse" and str(r["kind"]) == "recognition":
        rows.append({"event_id": str(r["event_id"]), "date": r["date"], "actors": str(r["actors"])})
recognitions = pd.DataFrame(rows).sort_values("date", ascending=False).iloc[::-1]
recognitions.index = ["first", "second"]
days_apart = int((recognitions["date"].iloc[-1] - recognitions["date"].iloc[0]) / pd.Timedelta(days=1))
print(recognitions)
print("Days between the two recognitions of Seoul:", days_apart)
''', 'a loop over rows, object columns, an index of labels, days by dividing by one day')],
    'a2_ex2_answer': [Answer('''import numpy as np
ct = pd.crosstab(on_moscow["treaty_id"], on_moscow["topic"].astype(str))
assistance_clause = pd.Series(np.array(ct.loc[MOSCOW_TREATIES, "assistance"] > 0), index=pd.Index(MOSCOW_TREATIES, dtype="string", name="treaty_id"))
assistance_clause
''', 'crosstab counts > 0, a numpy bool array, a string index named treaty_id')],
    'a2_ex3_answer': [Answer('''import numpy as np
s = events[(events["kind"] == "summit") & events["date"].between("2018-01-01", "2019-12-31")].copy()
s = s.sort_values("date").set_index("event_id", drop=False)
s["counterpart"] = s["actors"].str.replace("DPRK", "").str.strip(";").astype(str)
d = s["date"].to_numpy()
s["days_since_previous"] = np.concatenate([[np.nan], (d[1:] - d[:-1]) / np.timedelta64(1, "D")])
summits = s[["event_id", "date", "counterpart", "days_since_previous"]]
summits
''', 'between on dates, counterpart by str.replace, numpy gaps in days (float), event_id index')],
    'a2_ex4_answer': [Answer('''def xi_bracket(summits, date):
    import numpy as np
    xi = np.sort(summits.loc[summits["counterpart"] == "PRC", "date"].to_numpy())
    d = np.datetime64(date)
    before = xi[xi < d]
    after = xi[xi > d]
    since = np.int64((d - before[-1]) // np.timedelta64(1, "D")) if before.size else None
    until = np.int64((after[0] - d) // np.timedelta64(1, "D")) if after.size else None
    return [since, until]

sequencing = summits[summits["counterpart"].isin(["ROK", "USA"])][["event_id", "date", "counterpart"]].copy()
sequencing[["days_since_xi", "days_until_xi"]] = [xi_bracket(summits, date) for date in sequencing["date"]]
sequencing
''', 'numpy datetime64 arithmetic, np.int64 values, a list')],
    'a2_ex5_answer': [Answer('''def visits_per_year(visits, first, last):
    counts = {"Beijing": 0, "Moscow": 0}
    for d, when in zip(visits["direction"], visits["start_date"]):
        if first <= when.year <= last:
            if "PRC" in d:
                counts["Beijing"] += 1
            else:
                counts["Moscow"] += 1
    n = last - first + 1
    return pd.Series({k: c / n for k, c in counts.items()}, dtype="Float64")

ERAS = {"1956-1988": (1956, 1988), "1989-2017": (1989, 2017), "2018-2024": (2018, 2024)}
rates = pd.DataFrame({era: visits_per_year(visits, *years) for era, years in ERAS.items()}).T
rates.columns.name = "visits with"
rates.round(2)
''', 'a loop with a dict of counts, nullable Float64')],
    'a2_ex6_answer': [Answer('''fig, axes = plt.subplots(1, 2, sharey=True)
for ax, first in zip(axes, [1960, 2015]):
    for label, pat in [("Beijing", "PRC"), ("Moscow", "USSR|RUS")]:
        c = visits[visits["direction"].str.contains(pat)]["start_date"].dt.year.value_counts().reindex(range(first, first + 10), fill_value=0).cumsum()
        c.plot(ax=ax, drawstyle="steps-post", label=label)
    ax.set_title(f"Decade from {first}"); ax.set_xlabel("Year")
axes[0].set_ylabel("Cumulative visits")
fig.legend(*axes[0].get_legend_handles_labels())
nkcourse.add_source_note(fig, "course data")
plt.show()
''', "pandas plot(drawstyle='steps-post'), one figure legend, no extra edge")],
}
_REVIEW_MISTAKES = {
    'a2_ex1_answer': [
        Mistake('''mask = (events["period"] == "1989-1994 collapse") & (events["kind"] == "recognition")
recognitions = events.loc[mask, ["event_id", "date", "actors"]].sort_values("date")
recognitions["actors"] = recognitions["actors"].str.replace(";", ", ")
days_apart = (recognitions["date"].max() - recognitions["date"].min()).days
print(recognitions)
print("Days between the two recognitions of Seoul:", days_apart)
''', "rewrites the actors as 'USSR, ROK'", fails=('a2_ex1_recognitions_tests',), secrets=("694",)),
    ],
    'a2_ex2_answer': [
        Mistake('''assistance_clause = pd.Series({t: "assistance" in on_moscow[on_moscow["treaty_id"] == t]["topic"] for t in MOSCOW_TREATIES})
assistance_clause
''', "'in' on a Series tests its index: every treaty False", fails=('a2_ex2_tests',), secrets=()),
        Mistake('''assistance_clause = (on_moscow.groupby("treaty_id")["topic"].first().astype(str) == "assistance").reindex(MOSCOW_TREATIES)
assistance_clause
''', "looks only at each treaty's first provision", fails=('a2_ex2_tests',), secrets=()),
    ],
    'a2_ex3_answer': [
        Mistake('''s = events[(events["kind"] == "summit") & (events["date"].dt.year.isin([2018, 2019]))].sort_values("date")
summits = pd.DataFrame({"event_id": s["event_id"], "date": s["date"],
    "counterpart": s["actors"].str.split(";").str[-1],
    "days_since_previous": s["date"].diff().dt.days})
summits
''', 'takes the last actor, which is DPRK for E095', fails=('a2_ex3_tests',), secrets=()),
        Mistake('''s = events[events["kind"].isin(["summit", "meeting"]) & (events["date"].dt.year.isin([2018, 2019]))].sort_values("date")
summits = pd.DataFrame({"event_id": s["event_id"], "date": s["date"],
    "counterpart": s["actors"].str.split(";").apply(lambda c: [x for x in c if x != "DPRK"][0]),
    "days_since_previous": s["date"].diff().dt.days})
summits
''', 'also keeps the meeting E096', fails=('a2_ex3_tests',), secrets=()),
    ],
    'a2_ex4_answer': [
        Mistake('''def xi_bracket(summits, date):
    xi = events[(events["kind"] == "summit") & events["actors"].str.contains("PRC") & events["actors"].str.contains("DPRK")]["date"]
    before = xi[xi < date]
    after = xi[xi > date]
    return ((date - before.max()).days if len(before) else None, (after.min() - date).days if len(after) else None)

sequencing = summits[summits["counterpart"].isin(["ROK", "USA"])][["event_id", "date", "counterpart"]].copy()
sequencing[["days_since_xi", "days_until_xi"]] = [xi_bracket(summits, date) for date in sequencing["date"]]
sequencing
''', 'reads the events table instead of its summits argument', fails=('a2_ex4_tests',), secrets=()),
        Mistake('''def xi_bracket(summits, date):
    xi = summits[summits["counterpart"] == "PRC"]["date"]
    before = xi[xi < date]
    after = xi[xi > date]
    return ((date - before.max()).days if len(before) else 0, (after.min() - date).days if len(after) else 0)

sequencing = summits[summits["counterpart"].isin(["ROK", "USA"])][["event_id", "date", "counterpart"]].copy()
sequencing[["days_since_xi", "days_until_xi"]] = [xi_bracket(summits, date) for date in sequencing["date"]]
sequencing
''', '0 instead of None where there is no Xi summit', fails=('a2_ex4_tests',), secrets=()),
    ],
    'a2_ex5_answer': [
        Mistake('''def visits_per_year(visits, first, last):
    v = visits[visits["start_date"].dt.year.between(first, last) & (visits["status"] == "official")]
    n = last - first + 1
    return pd.Series({"Beijing": v["direction"].str.contains("PRC").sum() / n,
                      "Moscow": v["direction"].str.contains("USSR|RUS").sum() / n})

ERAS = {"1956-1988": (1956, 1988), "1989-2017": (1989, 2017), "2018-2024": (2018, 2024)}
rates = pd.DataFrame({era: visits_per_year(visits, *years) for era, years in ERAS.items()}).T
rates.columns.name = "visits with"
rates.round(2)
''', 'keeps only official visits', fails=('a2_ex5_visits_per_year_tests', 'a2_ex5_rates_tests'), secrets=()),
    ],
    'a2_ex6_answer': [
        Mistake('''fig, axes = plt.subplots(1, 2, sharey=True)
for ax, first in zip(axes, [1960, 2015]):
    for label, pat in [("Beijing", "PRC"), ("Moscow", "USSR|RUS")]:
        c = visits[visits["direction"].str.contains(pat)]["start_date"].dt.year.value_counts().reindex(range(first, first + 10), fill_value=0).cumsum()
        ax.step(c.index, c.values, label=label)
    ax.set_title(str(first)); ax.set_xlabel("Year"); ax.legend()
axes[0].set_ylabel("Cumulative visits")
nkcourse.add_source_note(fig, "course data")
plt.show()
''', "ax.step without where='post': steps rise before the year they count", fails=('a2_ex6_tests',), secrets=()),
        Mistake('''MOSCOW_CODES = 'USSR'

def cum(first, last, codes):
    mine = visits[visits["direction"].astype(str).str.contains(codes)]
    return mine["start_date"].dt.year.value_counts().reindex(range(first, last + 1), fill_value=0).cumsum()

fig, axes = plt.subplots(1, 2, sharey=True)
for ax, first in zip(axes, [1960, 2015]):
    c_b = cum(first, first + 9, "PRC")
    c_m = cum(first, first + 9, MOSCOW_CODES)
    ax.step(c_b.index, c_b.values, where="post", label="Beijing")
    ax.step(c_m.index, c_m.values, where="post", label="Moscow")
    ax.set_title(f"From {first}")
    ax.set_xlabel("Year")
    ax.legend()
axes[0].set_ylabel("Cumulative visits")
nkcourse.add_source_note(fig, "course data")
plt.show()
''', 'Moscow is the USSR only: 2015-2024 misses Russia', fails=('a2_ex6_tests',), secrets=()),
    ],
}
for _cell, _answers in _REVIEW_ALTERNATIVES.items():
    ALTERNATIVES[_cell].extend(_answers)
for _cell, _mistakes in _REVIEW_MISTAKES.items():
    MISTAKES[_cell].extend(_mistakes)
