"""Fairness cases of Assignment 1 (equidistance): correct answers in other forms, and typical mistakes.

Mistakes are lined up so that the K-th ones of neighbouring cells do not cancel out: the swapped patrons of
Exercise 3 sit next to a tilt that keeps its sign, and the sign flip of Exercise 7 next to counts and a tilt
that are right up to their own mistake.
"""
from tests.fairness.spec import Answer, Mistake

ALTERNATIVES = {
    "a1_ex1_answer": [
        Answer('''periods = ["1960-1964 split and tilt to Beijing", "1965-1969 re-tilt and Cultural Revolution"]
kept = []
for _, row in events.iterrows():
    codes = row["actors"].split(";")
    if str(row["period"]) in periods and "PRC" in codes and "DPRK" in codes:
        kept.append(row)
beijing_1960s = pd.DataFrame(kept)[["event_id", "date", "kind", "description"]].sort_values("date")
beijing_1960s = beijing_1960s.reset_index(drop=True)
beijing_1960s''', "a loop over rows; object columns; a fresh 0..n-1 index"),
        Answer('''in_sixties = events["period"].astype(str).str.startswith(("1960-1964", "1965-1969"))
with_prc = events["actors"].str.contains(r"(?:^|;)PRC(?:;|$)", regex=True)
with_dprk = events["actors"].str.contains(r"(?:^|;)DPRK(?:;|$)", regex=True)
beijing_1960s = (events[in_sixties & with_prc & with_dprk]
                 .sort_values("date", kind="stable")
                 .set_index("event_id", drop=False)[["event_id", "date", "kind", "description"]]
                 .astype({"kind": "string", "description": "string", "event_id": "string"}))
beijing_1960s''', "exact-code regular expressions; nullable string dtypes; event_id as the index too"),
    ],
    "a1_ex2_answer": [
        Answer('''def date_label(date, precision):
    if precision == "day":
        return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"
    elif precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    elif precision == "year":
        return f"{date.year:04d}"
    else:
        raise ValueError("precision must be 'day', 'month' or 'year'")


events["label"] = [date_label(date, precision) for date, precision in zip(events["date"], events["date_precision"])]
events[["event_id", "date", "date_precision", "label"]].head()''', "if/elif with f-strings"),
        Answer('''import numpy as np


def date_label(date, precision):
    lengths = {"day": 10, "month": 7, "year": 4}
    if precision not in lengths:
        raise ValueError(f"no such precision: {precision}")
    return np.str_(date.isoformat()[:lengths[precision]])


events["label"] = [date_label(date, precision) for date, precision in zip(events["date"], events["date_precision"])]
events[["event_id", "date", "date_precision", "label"]].head()''', "slices the ISO text; returns numpy.str_"),
    ],
    "a1_ex3_answer": [
        Answer('''counts = (cold_war.groupby(["window", "patron"]).size().unstack(fill_value=0)
          .reindex(index=range(1955, 1990, 5), columns=["Beijing", "Moscow"], fill_value=0))
counts''', "groupby + size + unstack"),
        Answer('''import numpy as np

windows = list(range(1955, 1990, 5))
table = {}
for patron in ["Beijing", "Moscow"]:
    table[patron] = [np.int64(((cold_war["window"] == w) & (cold_war["patron"] == patron)).sum()) for w in windows]
counts = pd.DataFrame(table, index=pd.Index(windows, name="window")).astype("Int64")
counts''', "a loop of numpy ints; nullable Int64 columns"),
        Answer('''counts = cold_war.pivot_table(index="window", columns="patron", values="visit_id", aggfunc="count",
                              fill_value=0).reindex(index=range(1955, 1990, 5), columns=["Beijing", "Moscow"],
                                                    fill_value=0).astype(float)
counts''', "pivot_table; whole numbers stored as floats"),
    ],
    "a1_ex4_answer": [
        Answer('''import numpy as np

cold_war["way"] = np.where(cold_war["direction"].astype(str).str.endswith("->DPRK"), "to Pyongyang", "from Pyongyang")
travel = (cold_war.groupby(["patron", "way"]).size().unstack(fill_value=0)
          .loc[["Beijing", "Moscow"], ["from Pyongyang", "to Pyongyang"]])
travel''', "numpy.where; groupby + unstack + loc"),
        Answer('''cold_war["way"] = cold_war["direction"].apply(lambda d: "to Pyongyang" if str(d).endswith("->DPRK")
                                               else "from Pyongyang").astype("string")
travel = cold_war.pivot_table(index="patron", columns="way", values="visit_id", aggfunc="count").reindex(
    index=["Beijing", "Moscow"], columns=["from Pyongyang", "to Pyongyang"]).fillna(0).astype("Int64")
travel''', "apply with a lambda; nullable string and Int64 dtypes"),
    ],
    "a1_ex5_answer": [
        Answer('''def tilt(counts):
    values = [b - m for b, m in zip(counts["Beijing"], counts["Moscow"])]
    return pd.Series(values, index=counts.index, name="tilt")


tilt_series = tilt(counts)
towards_beijing = []
for window, value in tilt_series.items():
    if value > 0:
        towards_beijing.append(window)
print(tilt(counts))
print("Windows tilted towards Beijing:", towards_beijing)''', "a loop; window starts left as numpy ints"),
        Answer('''def tilt(counts):
    return counts["Beijing"].sub(counts["Moscow"]).astype("Int64").rename("tilt")


series = tilt(counts)
towards_beijing = tuple(series.index[series.gt(0).to_numpy()])
print(tilt(counts))
print("Windows tilted towards Beijing:", towards_beijing)''', "nullable Int64 tilt; a tuple of numpy ints"),
    ],
    "a1_ex6_answer": [
        Answer('''keep = aid.query("donor in ['USSR', 'PRC'] and status in ['pledged', 'delivered'] "
                  "and currency == 'USD million'")
keep = keep[keep["period_start"].fillna(9999) < 1966]
bids = keep.pivot_table(index="period_start", columns="donor", values="amount_low", aggfunc="sum")[["PRC", "USSR"]]
bids.index = bids.index.astype(float)
bids''', "query + pivot_table; years as floats in the index"),
        Answer('''mask = (aid["donor"].isin(["USSR", "PRC"]) & aid["status"].isin(["pledged", "delivered"])
        & aid["currency"].astype(str).eq("USD million") & aid["period_start"].lt(1966).fillna(False))
bids = (aid[mask].set_index(["period_start", "donor"])["amount_low"].unstack()
        .reindex(columns=["PRC", "USSR"]).sort_index(ascending=False).astype("Float64"))
bids''', "set_index + unstack; rows newest first; nullable Float64"),
    ],
    "a1_ex7_answer": [
        Answer('''fig, ax = plt.subplots()
tilt(counts).plot(ax=ax, drawstyle="steps-post", color="crimson", label="tilt")
ax.axhline(0, color="black", linewidth=1, label="balance")
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, 0), xytext=(row["date"].year, 2.5),
                arrowprops={"arrowstyle": "->"}, rotation=60, fontsize=7)
ax.set_xlabel("Window start")
ax.set_ylabel("Visits with Beijing minus visits with Moscow")
fig.suptitle("The tilt of leader visits, 1955-1989")
ax.legend()
nkcourse.add_source_note(fig, "course data (leader_visits, events)")
plt.show()''', "pandas plot with drawstyle; a colour of its own; suptitle; arrows; labelled zero line"),
        Answer('''import numpy as np

series = tilt(counts)
fig, ax = plt.subplots()
ax.step(series.index.to_numpy(), series.to_numpy(dtype=float), where="post", color="#ff00ff")
ax.plot([1955, 1990], [0, 0], color="grey")
for year, label in zip(key_events["date"].dt.year, key_events["label"]):
    ax.annotate(label, xy=(year, -3.5), rotation=90, fontsize=7)
ax.set_title("Tilt of visits")
ax.set_xlabel("Year")
ax.set_ylabel("Tilt (visits)")
nkcourse.add_source_note(fig, "leader_visits and events")
plt.show()''', "numpy arrays; no closing point; zero line drawn as a flat line; magenta"),
    ],
}

MISTAKES = {
    "a1_ex1_answer": [
        Mistake('''sixties = events["period"] == "1960-1964 split and tilt to Beijing"
china_and_korea = actor_lists.apply(lambda codes: "PRC" in codes and "DPRK" in codes)
beijing_1960s = events.loc[sixties & china_and_korea, ["event_id", "date", "kind", "description"]].sort_values("date")
beijing_1960s''', "keeps only the first 1960s period", fails=("a1_ex1_tests",), secrets=("E031", "E035")),
        Mistake('''sixties = events["period"].isin(["1960-1964 split and tilt to Beijing", "1965-1969 re-tilt and Cultural Revolution"])
china_or_korea = actor_lists.apply(lambda codes: "PRC" in codes or "DPRK" in codes)
beijing_1960s = events.loc[sixties & china_or_korea, ["event_id", "date", "kind", "description"]].sort_values("date")
beijing_1960s''', "PRC or DPRK instead of both", fails=("a1_ex1_tests",)),
        Mistake('''sixties = events["period"].isin(["1960-1964 split and tilt to Beijing", "1965-1969 re-tilt and Cultural Revolution"])
china_and_korea = actor_lists.apply(lambda codes: "PRC" in codes and "DPRK" in codes)
beijing_1960s = events.loc[sixties & china_and_korea, ["event_id", "date", "kind", "description"]].sort_values("kind")
beijing_1960s''', "sorted by the wrong column", fails=("a1_ex1_tests",)),
    ],
    "a1_ex2_answer": [
        Mistake('''def date_label(date, precision):
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    precision = precision.lower()
    if precision not in formats:
        raise ValueError(f"unknown date precision: {precision!r}")
    return date.strftime(formats[precision])


events["label"] = [date_label(date, precision) for date, precision in zip(events["date"], events["date_precision"])]
events[["event_id", "date", "date_precision", "label"]].head()''', "accepts 'Day' by lower-casing the precision",
                fails=("a1_ex2_tests",)),
        Mistake('''def date_label(date, precision):
    if precision == "day":
        return f"{date.year}-{date.month}-{date.day}"
    if precision == "month":
        return f"{date.year}-{date.month}"
    if precision == "year":
        return f"{date.year}"
    raise ValueError(precision)


events["label"] = [date_label(date, precision) for date, precision in zip(events["date"], events["date_precision"])]
events[["event_id", "date", "date_precision", "label"]].head()''', "months and days not zero-padded",
                fails=("a1_ex2_tests",), secrets=("'1965-02'", "'1961-07-06'")),
        Mistake('''def date_label(date, precision):
    if precision == "day":
        return date.strftime("%Y-%m-%d")
    if precision == "month":
        return date.strftime("%Y-%m")
    if precision == "year":
        return date.year
    raise ValueError(precision)


events["label"] = [date_label(date, precision) for date, precision in zip(events["date"], events["date_precision"])]
events[["event_id", "date", "date_precision", "label"]].head()''', "returns the year as an int", fails=("a1_ex2_tests",)),
    ],
    "a1_ex3_answer": [
        Mistake('''outbound = cold_war[cold_war["direction"].astype(str).str.startswith("DPRK")]
counts = pd.crosstab(outbound["window"], outbound["patron"]).reindex(
    index=range(1955, 1990, 5), columns=["Beijing", "Moscow"], fill_value=0)
counts''', "counts only the trips from Pyongyang", fails=("a1_ex3_tests",)),
        Mistake('''side = cold_war["direction"].astype(str).str.contains("USSR").map({True: "Beijing", False: "Moscow"})
counts = pd.crosstab(cold_war["window"], side).reindex(
    index=range(1955, 1990, 5), columns=["Beijing", "Moscow"], fill_value=0)
counts''', "patron labels swapped", fails=("a1_ex3_tests",)),
        Mistake('''top = cold_war[cold_war["level"] == "top leader"]
counts = pd.crosstab(top["window"], top["patron"]).reindex(
    index=range(1955, 1990, 5), columns=["Beijing", "Moscow"], fill_value=0)
counts''', "counts only top leaders", fails=("a1_ex3_tests",)),
        Mistake("""counts = pd.DataFrame(0, index=range(1955, 1990, 5), columns=["Beijing", "Moscow"])
counts
""", "a cheat: an all-zero counts table, so that an empty towards_beijing and a flat "
            "tilt chart would follow from it; nothing is carried forward from it",
                fails=("a1_ex3_tests", "a1_ex5_windows_tests", "a1_ex7_tests")),
    ],
    "a1_ex4_answer": [
        Mistake('''cold_war["way"] = cold_war["direction"].astype(str).str.startswith("DPRK").map(
    {True: "to Pyongyang", False: "from Pyongyang"})
travel = pd.crosstab(cold_war["patron"], cold_war["way"]).reindex(
    index=["Beijing", "Moscow"], columns=["from Pyongyang", "to Pyongyang"], fill_value=0)
travel''', "way reversed (a trip from Pyongyang called 'to Pyongyang')", fails=("a1_ex4_way_tests",)),
        Mistake('''cold_war["way"] = cold_war["direction"].astype(str).str.endswith("->DPRK").map(
    {True: "to Pyongyang", False: "from Pyongyang"})
travel = pd.crosstab(cold_war["way"], cold_war["patron"])
travel''', "travel transposed (ways as rows)", fails=("a1_ex4_travel_tests",)),
        Mistake('''cold_war["way"] = cold_war["direction"].astype(str).str.endswith("->DPRK").map(
    {True: "to Pyongyang", False: "from Pyongyang"})
travel = pd.crosstab(cold_war["patron"], cold_war["way"])[["to Pyongyang", "from Pyongyang"]]
travel.columns = ["from Pyongyang", "to Pyongyang"]
travel''', "renames the columns instead of reordering them", fails=("a1_ex4_travel_tests",)),
    ],
    "a1_ex5_answer": [
        Mistake('''def tilt(counts):
    return (counts["Moscow"] - counts["Beijing"]).rename("tilt")


tilt_series = tilt(counts)
towards_beijing = [int(window) for window in tilt_series[tilt_series > 0].index]
print(tilt(counts))
print("Windows tilted towards Beijing:", towards_beijing)''', "Moscow minus Beijing",
                fails=("a1_ex5_tilt_tests", "a1_ex5_windows_tests")),
        Mistake('''def tilt(counts):
    return (counts.iloc[:, 0] - counts.iloc[:, 1]).rename("tilt")


tilt_series = tilt(counts)
towards_beijing = [int(window) for window in tilt_series[tilt_series > 0].index]
print(tilt(counts))
print("Windows tilted towards Beijing:", towards_beijing)''', "columns taken by position, not by name",
                fails=("a1_ex5_tilt_tests",)),
        Mistake('''def tilt(counts):
    return (counts["Beijing"] - counts["Moscow"]).rename("tilt")


tilt_series = tilt(counts)
towards_beijing = [int(window) for window in tilt_series[tilt_series < 0].index]
print(tilt(counts))
print("Windows tilted towards Beijing:", towards_beijing)''', "picks the windows with a negative tilt",
                fails=("a1_ex5_windows_tests",), secrets=("[1970, 1975, 1980, 1985]",)),
    ],
    "a1_ex6_answer": [
        Mistake('''comparable = aid[
    aid["donor"].isin(["USSR", "PRC"])
    & aid["status"].isin(["pledged", "delivered"])
    & (aid["period_start"] < 1966)
]
bids = comparable.pivot(index="period_start", columns="donor", values="amount_low")[["PRC", "USSR"]]
bids''', "forgets the currency filter (adds rubles to dollars)", fails=("a1_ex6_tests",)),
        Mistake('''comparable = aid[
    aid["donor"].isin(["USSR", "PRC"])
    & aid["status"].isin(["pledged", "delivered"])
    & (aid["currency"] == "USD million")
    & (aid["period_start"] < 1966)
]
bids = comparable.pivot(index="period_start", columns="donor", values="amount_low")[["PRC", "USSR"]] / 1000
bids''', "converts to billions", fails=("a1_ex6_tests",), secrets=("317.0", "190.0")),
        Mistake('''comparable = aid[
    aid["donor"].isin(["USSR", "PRC"])
    & aid["status"].isin(["pledged", "delivered"])
    & (aid["currency"] == "USD million")
    & (aid["period_start"] < 1966)
]
bids = comparable.pivot(index="period_start", columns="donor", values="amount_low")[["USSR", "PRC"]]
bids.columns = ["PRC", "USSR"]
bids''', "renames the columns instead of reordering them", fails=("a1_ex6_tests",), secrets=("317.0", "250.0")),
    ],
    "a1_ex7_answer": [
        Mistake('''series = tilt(counts)
fig, ax = plt.subplots()
ax.plot(series.index, series.values)
ax.axhline(0, color="grey")
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, -3), rotation=90, fontsize=7)
ax.set_xlabel("Window")
ax.set_ylabel("Tilt (visits)")
ax.set_title("Tilt of leader visits")
nkcourse.add_source_note(fig, "course data")
plt.show()''', "a plain line instead of steps", fails=("a1_ex7_tests",)),
        Mistake('''series = tilt(counts)
fig, ax = plt.subplots()
ax.step(series.index, series.values, where="post")
ax.axhline(0, color="grey")
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, -3), rotation=90, fontsize=7)
ax.set_xlabel("Window")
ax.set_ylabel("Tilt")
ax.set_title("Tilt of leader visits")
nkcourse.add_source_note(fig, "course data")
plt.show()''', "the y label names no unit", fails=("a1_ex7_tests",)),
        Mistake('''series = tilt(counts)
fig, ax = plt.subplots()
ax.step(series.index, -series, where="post")
ax.axhline(0, color="grey")
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, -3), rotation=90, fontsize=7)
ax.set_xlabel("Window")
ax.set_ylabel("Tilt towards Moscow (visits)")
ax.set_title("Tilt of leader visits")
nkcourse.add_source_note(fig, "course data")
plt.show()''', "draws the tilt with its sign flipped", fails=("a1_ex7_tests",)),
        Mistake('''series = tilt(counts)
fig, ax = plt.subplots()
ax.step(series.index, series.values)
ax.axhline(0, color="grey", linewidth=1)
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, 0), rotation=90, fontsize=7)
ax.set_title("Tilt of leader visits")
ax.set_xlabel("Start of five-year window")
ax.set_ylabel("Tilt (visits)")
nkcourse.add_source_note(fig, "course data, table leader_visits")
plt.show()''', "ax.step without where='post': each level drawn over the window before", fails=("a1_ex7_tests",)),
        Mistake('''series = tilt(counts)
fig, ax = plt.subplots()
ax.step(series.index, series.values, where="mid")
ax.axhline(0, color="grey", linewidth=1)
for event_id, row in key_events.iterrows():
    ax.annotate(row["label"], xy=(row["date"].year, 0), rotation=90, fontsize=7)
ax.set_title("Tilt of leader visits")
ax.set_xlabel("Start of five-year window")
ax.set_ylabel("Tilt (visits)")
nkcourse.add_source_note(fig, "course data, table leader_visits")
plt.show()''', "ax.step(where='mid'): levels shifted half a window early", fails=("a1_ex7_tests",)),
    ],
}
