"""Fairness cases of Assignment 5 (who trades): correct answers in other forms, and typical mistakes.

Exercises 2, 3, 4 and 6 take their inputs from locked cells (`china`, `inter_korean`, `kotra_share`, `russia`,
all taken from `panel`), so a slip in an earlier exercise cannot cost points later; Exercise 4's prompt says to
take its years and shares from `kotra_share`, not from the student's `shares`. Exercise 5 draws `wide`: its
hidden test reads the lines in 2013 and 2018, years where every series has a figure, so a wide table whose gaps
are filled (mistake 1 of Exercise 1) still draws the right chart, and a line drawn from the student's own `wide`
(close to the right one) earns the points too, so a wrong source pick in Exercise 1 (mistakes 4 and 5) is not
penalised twice.
"""
from tests.fairness.spec import Answer, Mistake

ALTERNATIVES = {
    "a5_ex1_answer": [
        Answer('''wide = panel.pivot_table(index="year", columns="partner", values="value", aggfunc="first", observed=False)
wide = wide.reindex(index=range(2024, 1999, -1), columns=list(SERIES))
wide.columns = list(wide.columns)
records = []
for partner in wide.columns:
    for year, value in wide[partner].items():
        if not pd.isna(value):
            records.append({"year": year, "partner": partner, "value": value})
long_again = pd.DataFrame(records).sort_values(["partner", "year"], ignore_index=True)[["partner", "year", "value"]]
wide.head()''', "pivot_table; wide newest first (no order fixed); a loop that builds long_again record by record, columns in another order"),
        Answer('''wide = (panel.pivot(index="year", columns="partner", values="value")
        .reindex(index=pd.Index(range(2000, 2025), dtype="Int64", name="year"), columns=list(SERIES))
        .astype("Float64"))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .dropna(subset=["value"]).sort_values(["partner", "year"]).reset_index(drop=True)
              .astype({"year": "Int64", "partner": "string", "value": "Float64"}))
wide.tail()''', "nullable types: Int64 index and years, Float64 values (gaps as pd.NA), string partners"),
    ],
    "a5_ex2_answer": [
        Answer('''def yoy_growth(series):
    out = {}
    for year, value in series.items():
        before = series.get(year - 1, float("nan"))
        out[year] = (value / before - 1) * 100 if pd.notna(before) and pd.notna(value) else float("nan")
    return pd.Series(out, index=series.index, name="growth_pct", dtype=float)


def cagr(first, last, years):
    return ((last / first) ** (1.0 / years) - 1) * 100


china_drop_2020 = yoy_growth(china).loc[2020]
china_cagr_2006_2013 = cagr(china.loc[2006], china.loc[2013], 7)
print(f"2020: {china_drop_2020:.1f} %   CAGR 2006-2013: {china_cagr_2006_2013:.1f} % a year")''',
               "a loop over years with series.get; numpy.float64 results (cagr returns numpy.float64)"),
        Answer('''import numpy as np


def yoy_growth(series):
    full = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    growth = full.pct_change(fill_method=None) * 100
    return growth.reindex(series.index).astype("Float64").rename("growth_pct")


def cagr(first, last, years):
    return np.float64(np.power(last / first, 1 / years) * 100 - 100)


china_drop_2020 = yoy_growth(china)[2020]
china_cagr_2006_2013 = cagr(china[2006], china[2013], 2013 - 2006)
print(f"2020: {china_drop_2020:.1f} %   CAGR 2006-2013: {china_cagr_2006_2013:.1f} % a year")''',
               "reindex to every year, then pct_change; a nullable Float64 Series (missing as pd.NA)"),
    ],
    "a5_ex3_answer": [
        Answer('''records = {}
for year in kotra_share.index:
    china_total = kotra_total["China"].get(year, float("nan"))
    world_total = kotra_total["World (excl. ROK)"].get(year, float("nan"))
    inter = inter_korean.get(year, float("nan"))
    records[int(year)] = [float(kotra_share[year]), china_total / world_total * 100,
                          china_total / (world_total + inter) * 100]
shares = pd.DataFrame.from_dict(records, orient="index", columns=["published", "computed", "incl_inter_korean"])
shares.round(1)''', "a loop over years with .get; plain int index without a name"),
        Answer('''shares = (kotra_share.rename("published").to_frame()
          .join(kotra_total["China"].rename("china"))
          .join(kotra_total["World (excl. ROK)"].rename("world"))
          .join(inter_korean.rename("inter")))
shares["computed"] = shares["china"] / shares["world"] * 100
shares["incl_inter_korean"] = shares["china"] / (shares["world"] + shares["inter"]) * 100
shares = shares[["published", "computed", "incl_inter_korean"]].astype("Float64")
shares.round(1)''', "joins on the year; nullable Float64 columns (missing as pd.NA)"),
    ],
    "a5_ex4_answer": [
        Answer('''import numpy as np


def hhi(shares_pct):
    values = np.asarray(shares_pct, dtype=float)
    if values.sum() > 100.5:
        raise ValueError("the shares add up to more than 100 %")
    return np.float64((values ** 2).sum())


rows_low, rows_high = [], []
for share in kotra_share:
    rows_low.append(hhi([share]))
    rows_high.append(hhi(np.array([share, 100 - share])))
concentration = pd.DataFrame({"hhi_high": rows_high, "hhi_low": rows_low}, index=kotra_share.index).sort_index(ascending=False)
concentration.round(0)''', "numpy arrays; numpy.float64 results; a loop; newest year first, columns swapped (no order fixed)"),
        Answer('''def hhi(shares_pct):
    total = 0.0
    squares = 0.0
    for share in list(shares_pct):
        total += share
        squares += share * share
    if total > 100.5:
        raise ValueError("shares from different totals?")
    return squares


concentration = pd.DataFrame(
    {"hhi_low": shares["published"].map(lambda s: hhi([s])),
     "hhi_high": shares["published"].map(lambda s: hhi([s, 100 - s]))}).astype("Float64")
concentration.round(0)''', "plain loop; built from shares['published'] with .map; nullable Float64 columns"),
    ],
    "a5_ex5_answer": [
        Answer('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
fig, ax = plt.subplots()
wide[["China", "Russia", "South Korea"]].rename(columns={"South Korea": "inter-Korean"}).plot(
    ax=ax, logy=True, marker="o", color=["tab:red", "tab:gray", "tab:olive"])
names = {"E109": "Kaesong", "E110": "UNSC 2397", "E097": "COVID border", "E103": "treaty"}
for event_id in EVENT_IDS:
    year = events.loc[events["event_id"] == event_id, "date"].iloc[0].year
    ax.axvline(year, color="grey", linestyle="--", label=f"{names[event_id]} ({year})")
    ax.annotate(names[event_id], (year, 3000), rotation=90, fontsize=7)
ax.set_xlabel("Year")
ax.set_ylabel("US$ million, log scale")
ax.legend()
fig.suptitle("Who trades with North Korea?")
nkcourse.add_source_note(fig, "GAC (China), FCS and TASS (Russia), Ministry of Unification (inter-Korean). "
                              "Inter-Korean trade was 0 in 2022-2023 and is not drawn.")''',
               "DataFrame.plot(logy=True); colours of its own; labelled reference lines (they join the legend); "
               "annotate; a suptitle; US$"),
        Answer('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
fig, ax = plt.subplots(figsize=(9, 5))
for column, label, colour in (("China", "China", "#8B0000"), ("Russia", "Russia", "#1B4F72"),
                              ("South Korea", "Inter-Korean", "#117A65")):
    ax.semilogy(list(wide.index), wide[column].astype(float).tolist(), "s-", color=colour, label=label)
dates = events.set_index("event_id").loc[EVENT_IDS, "date"]
for event_id, when in dates.items():
    ax.axvline(int(when.year), color="#999999", linewidth=0.8, label=event_id)
    ax.text(when.year + 0.2, 10, event_id, rotation=90)
ax.set(title="Trade with the DPRK", xlabel="year", ylabel="Trade in US dollars (millions; logarithmic axis)")
fig.legend(loc="upper right")
nkcourse.add_source_note(fig, "China's customs (gac); Russian customs (fcs) and officials; ROK Ministry of Unification. "
                              "Zero values (2022-23) cannot appear on a log axis.")''',
               "semilogy with lists; a figure legend holding the reference lines too; lower-case labels; "
               "'US dollars'; dark custom colours"),
        Answer('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
plt.figure(figsize=(9, 5))
plt.plot(wide.index, wide["China"], "o-", label="China")
plt.plot(wide.index, wide["Russia"], "s-", label="Russia")
plt.plot(wide.index, wide["South Korea"], "^-", label="Inter-Korean")
plt.yscale("log")
marked = events[events["event_id"].isin(EVENT_IDS)]
for when, event_id in zip(marked["date"], marked["event_id"]):
    plt.axvline(when.year, color="grey", alpha=0.5)
    plt.text(when.year, 0.95, event_id, rotation=90, va="top", transform=plt.gca().get_xaxis_transform())
plt.title("North Korea's trade with China, Russia and South Korea")
plt.xlabel("Year")
plt.ylabel("Trade, USD million (log scale)")
plt.legend()
fig, ax = plt.gcf(), plt.gca()
nkcourse.add_source_note(fig, "Chinese customs; Russian customs and Russian officials; ROK Ministry of Unification. "
                              "Inter-Korean trade of zero in 2022 and 2023 cannot be drawn on a log axis.")''',
               "the pyplot interface, then plt.gcf()/plt.gca(); sources named by adjective ('Chinese customs'); "
               "event labels in axes coordinates"),
    ],
    "a5_ex6_answer": [
        Answer('''def implied_level(start, factors):
    return float(start * math.prod(factors))


osw_2023 = russia.loc[2021] * 9 * 1.5
kremlin_2022 = russia.loc[2023] / 9
rise_2021_2023 = russia.loc[2023] / russia.loc[2021]
osw_consistent = (abs(osw_2023 - russia.loc[2023]) <= 0.1 * russia.loc[2023])
print(f"OSW's story gives {osw_2023:.2f} million in 2023; the Kremlin's implies {kremlin_2022:.1f} million in 2022.")
print(f"Actual change 2021-2023: x{rise_2021_2023:.0f}. OSW consistent: {osw_consistent}")''',
               "math.prod; numpy.float64 values and a numpy.bool_ verdict"),
        Answer('''import numpy as np


def implied_level(start, factors):
    level = np.float64(start)
    for factor in factors:
        level = level * factor
    return level


r = russia.astype("Float64")
osw_2023 = implied_level(r[2021], (9, 1.5))
kremlin_2022 = implied_level(r[2023], [1 / 9])
rise_2021_2023 = r[2023] / r[2021]
osw_consistent = np.bool_(0.9 * r[2023] <= osw_2023 <= 1.1 * r[2023])
print(f"OSW's story gives {osw_2023:.2f} million in 2023; the Kremlin's implies {kremlin_2022:.1f} million in 2022.")
print(f"Actual change 2021-2023: x{rise_2021_2023:.0f}. OSW consistent: {osw_consistent}")''',
               "a numpy.float64 loop; a nullable Float64 series; a chained comparison wrapped in numpy.bool_"),
    ],
}

MISTAKES = {
    "a5_ex1_answer": [
        Mistake('''wide = (panel.pivot(index="year", columns="partner", values="value")
        .reindex(index=list(YEARS), columns=list(SERIES)).fillna(0))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .dropna(subset=["value"]).sort_values(["partner", "year"]).reset_index(drop=True))
wide.tail()''', "fills the gaps with 0", fails=("a5_ex1_wide_tests", "a5_ex1_long_tests")),
        Mistake('''wide = (panel.pivot(index="year", columns="partner", values="value")
        .reindex(index=list(YEARS), columns=list(SERIES)))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .dropna(subset=["value"]).sort_values(["year", "partner"]).reset_index(drop=True))
wide.tail()''', "sorts long_again by year, then partner", fails=("a5_ex1_long_tests",)),
        Mistake('''wide = (panel.pivot(index="year", columns="partner", values="value")
        .reindex(index=list(YEARS), columns=list(SERIES)))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .query("value > 0").sort_values(["partner", "year"]).reset_index(drop=True))
wide.tail()''', "drops the real zeros (inter-Korean 2022-23) along with the gaps", fails=("a5_ex1_long_tests",)),
        Mistake('''rows = trade[(trade["flow"] == "total_trade") & trade["partner"].isin(list(SERIES)) & trade["year"].isin(YEARS)]
rows = rows[[source in SERIES[partner] for partner, source in zip(rows["partner"], rows["source_id"])]]
rows = rows.sort_values("year").drop_duplicates(["year", "partner"], keep="last")
wide = rows.pivot(index="year", columns="partner", values="value").reindex(index=list(YEARS), columns=list(SERIES))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .dropna(subset=["value"]).sort_values(["partner", "year"]).reset_index(drop=True))
wide.tail()''', "rebuilds the series from trade and keeps the last source of each year, not the first in SERIES "
                "(Exercise 5 draws this wide: its lines must still earn the points)",
                fails=("a5_ex1_wide_tests", "a5_ex1_long_tests")),
        Mistake('''rows = trade[(trade["flow"] == "total_trade") & trade["partner"].isin(list(SERIES)) & trade["year"].isin(YEARS)]
rows = rows[[source in SERIES[partner] for partner, source in zip(rows["partner"], rows["source_id"])]]
wide = (rows.pivot_table(index="year", columns="partner", values="value", aggfunc="mean", observed=True)
        .reindex(index=list(YEARS), columns=list(SERIES)))
long_again = (wide.reset_index().melt(id_vars="year", var_name="partner", value_name="value")
              .dropna(subset=["value"]).sort_values(["partner", "year"]).reset_index(drop=True))
wide.tail()''', "averages the sources of a year instead of taking the first (pivot_table's default mean)",
                fails=("a5_ex1_wide_tests", "a5_ex1_long_tests")),
    ],
    "a5_ex2_answer": [
        Mistake('''def yoy_growth(series):
    return (series.dropna().pct_change() * 100).reindex(series.index).astype(float).rename("growth_pct")


def cagr(first, last, years):
    return float(((last / first) ** (1 / years) - 1) * 100)


china_drop_2020 = float(yoy_growth(china)[2020])
china_cagr_2006_2013 = cagr(china[2006], china[2013], 2013 - 2006)
print(f"2020: {china_drop_2020:.1f} %   CAGR 2006-2013: {china_cagr_2006_2013:.1f} % a year")''',
                "the trap: pct_change compares with the previous row, not the previous year",
                fails=("a5_ex2_yoy_tests",)),
        Mistake('''def yoy_growth(series):
    previous = series.copy()
    previous.index = previous.index + 1
    return ((series / previous.reindex(series.index) - 1) * 100).astype(float).rename("growth_pct")


def cagr(first, last, years):
    return float(((last / first) ** (1 / years) - 1) * 100)


china_drop_2020 = float(yoy_growth(china)[2020])
china_cagr_2006_2013 = cagr(china[2006], china[2013], 2013 - 2006 + 1)
print(f"2020: {china_drop_2020:.1f} %   CAGR 2006-2013: {china_cagr_2006_2013:.1f} % a year")''',
                "off by one: counts eight years from 2006 to 2013", fails=("a5_ex2_china_tests",),
                secrets=("21.2",)),
        Mistake('''def yoy_growth(series):
    previous = series.copy()
    previous.index = previous.index + 1
    return ((series / previous.reindex(series.index) - 1) * 100).astype(float).rename("growth_pct")


def cagr(first, last, years):
    return float((last / first) ** (1 / years) - 1)


china_drop_2020 = float(yoy_growth(china)[2020])
china_cagr_2006_2013 = cagr(china[2006], china[2013], 2013 - 2006)
print(f"2020: {china_drop_2020:.1f} %   CAGR 2006-2013: {china_cagr_2006_2013:.1f} % a year")''',
                "cagr as a fraction, not in percent", fails=("a5_ex2_cagr_tests", "a5_ex2_china_tests")),
    ],
    "a5_ex3_answer": [
        Mistake('''years = list(kotra_share.index)
world = kotra_total["World (excl. ROK)"].reindex(years)
customs = china.reindex(years)
shares = pd.DataFrame({
    "published": kotra_share.astype(float),
    "computed": customs / world * 100,
    "incl_inter_korean": customs / (world + inter_korean.reindex(years)) * 100,
}, index=years)
shares.round(1)''', "mixes compilers: China's customs over KOTRA's world total", fails=("a5_ex3_tests",)),
        Mistake('''years = list(kotra_share.index)
c = kotra_total["China"].reindex(years)
w = kotra_total["World (excl. ROK)"].reindex(years)
i = inter_korean.reindex(years)
shares = pd.DataFrame({"published": kotra_share.astype(float), "computed": c / w * 100,
                       "incl_inter_korean": (c + i) / (w + i) * 100}, index=years)
shares.round(1)''', "adds inter-Korean trade to the numerator too", fails=("a5_ex3_tests",)),
        Mistake('''years = list(kotra_share.index)
c = kotra_total["China"].reindex(years)
w = kotra_total["World (excl. ROK)"].reindex(years)
i = inter_korean.reindex(years).fillna(0)
shares = pd.DataFrame({"published": kotra_share.astype(float), "computed": c / w * 100,
                       "incl_inter_korean": c / (w + i) * 100}, index=years)
shares.round(1)''', "takes a missing inter-Korean figure as zero", fails=("a5_ex3_tests",)),
        Mistake('''china_k = kotra_total["China"]
world_k = kotra_total["World (excl. ROK)"]
shares = pd.DataFrame({
    "published": kotra_share,
    "computed": china_k / world_k * 100,
    "incl_inter_korean": china_k / (world_k + inter_korean) * 100,
})
shares.round(1)''', "lets the DataFrame take the union of the years (KOTRA totals back to 1990), not kotra_share's",
                fails=("a5_ex3_tests",)),
    ],
    "a5_ex4_answer": [
        Mistake('''def hhi(shares_pct):
    values = [float(share) for share in shares_pct]
    if sum(values) > 100:
        raise ValueError("more than 100 %")
    return float(sum(share ** 2 for share in values))


concentration = pd.DataFrame({
    "hhi_low": [hhi([share]) for share in kotra_share],
    "hhi_high": [hhi([share, 100 - share]) for share in kotra_share],
}, index=kotra_share.index)
concentration.round(0)''', "raises above 100 instead of 100.5", fails=("a5_ex4_hhi_tests",)),
        Mistake('''def hhi(shares_pct):
    return float(sum(float(share) ** 2 for share in shares_pct))


concentration = pd.DataFrame({
    "hhi_low": [hhi([share]) for share in kotra_share],
    "hhi_high": [hhi([share, 100 - share]) for share in kotra_share],
}, index=kotra_share.index)
concentration.round(0)''', "never raises ValueError", fails=("a5_ex4_hhi_tests",)),
        Mistake('''def hhi(shares_pct):
    values = [float(share) for share in shares_pct]
    if sum(values) > 100.5:
        raise ValueError("more than 100 %")
    return float(sum(share ** 2 for share in values))


concentration = pd.DataFrame({
    "hhi_low": [hhi([share]) for share in kotra_share],
    "hhi_high": [hhi([share]) + (100 - share) for share in kotra_share],
}, index=kotra_share.index)
concentration.round(0)''', "forgets to square the rest in the high bound", fails=("a5_ex4_concentration_tests",)),
        Mistake('''def hhi(shares_pct):
    values = [float(share) / 100 for share in shares_pct]
    if sum(values) > 1.005:
        raise ValueError("more than 100 %")
    return float(sum(share ** 2 for share in values))


concentration = pd.DataFrame({
    "hhi_low": [hhi([share]) for share in kotra_share],
    "hhi_high": [hhi([share, 100 - share]) for share in kotra_share],
}, index=kotra_share.index)
concentration.round(0)''', "squares the shares as fractions (0.5 ** 2), not in percent",
                fails=("a5_ex4_hhi_tests", "a5_ex4_concentration_tests"), secrets=("3800",)),
    ],
    "a5_ex5_answer": [
        Mistake('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
fig, ax = plt.subplots(figsize=(9, 5))
for column, label in (("China", "China"), ("Russia", "Russia"), ("South Korea", "inter-Korean")):
    ax.plot(wide.index, wide[column], marker="o", label=label)
for event_id, row in events.set_index("event_id").loc[EVENT_IDS].iterrows():
    ax.axvline(row["date"].year, color="black", linestyle=":")
    ax.text(row["date"].year, 5000, event_id, rotation=90)
ax.set(title="Trade with North Korea", xlabel="Year", ylabel="USD million (log scale)")
ax.legend()
nkcourse.add_source_note(fig, "gac; fcs; unimin_rok. Zeros cannot be drawn on a log axis.")''',
                "forgets the log scale (the label says log, the axis is linear)", fails=("a5_ex5_tests",)),
        Mistake('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
fig, ax = plt.subplots(figsize=(9, 5))
for column, label in (("China", "China"), ("Russia", "Russia"), ("World (excl. ROK)", "inter-Korean")):
    ax.plot(wide.index, wide[column], marker="o", label=label)
ax.set_yscale("log")
for event_id, row in events.set_index("event_id").loc[EVENT_IDS].iterrows():
    ax.axvline(row["date"].year, color="black", linestyle=":")
    ax.text(row["date"].year, 5000, event_id, rotation=90)
ax.set(title="Trade with North Korea", xlabel="Year", ylabel="USD million (log scale)")
ax.legend()
nkcourse.add_source_note(fig, "gac; fcs; unimin_rok. Zeros cannot be drawn on a log axis.")''',
                "draws KOTRA's world total under the label inter-Korean", fails=("a5_ex5_tests",)),
        Mistake('''EVENT_IDS = ["E109", "E110", "E097", "E103"]
fig, ax = plt.subplots(figsize=(9, 5))
for column, label in (("China", "China"), ("Russia", "Russia"), ("South Korea", "inter-Korean")):
    ax.plot(wide.index, wide[column], label=label)
ax.set_yscale("log")
for event_id, row in events.set_index("event_id").loc[EVENT_IDS].iterrows():
    ax.axvline(row["date"].year, color="black", linestyle=":")
    ax.text(row["date"].year, 5000, event_id, rotation=90)
ax.set(title="Trade with North Korea", xlabel="Year", ylabel="USD million (log scale)")
ax.legend()
nkcourse.add_source_note(fig, "gac; fcs; unimin_rok. Zeros cannot be drawn on a log axis.")''',
                "no markers: the isolated years vanish", fails=("a5_ex5_tests",)),
    ],
    "a5_ex6_answer": [
        Mistake('''def implied_level(start, factors):
    return float(start * sum(factors))


osw_2023 = implied_level(russia[2021], [9, 1.5])
kremlin_2022 = float(russia[2023] / 9)
rise_2021_2023 = float(russia[2023] / russia[2021])
osw_consistent = bool(abs(osw_2023 - russia[2023]) <= 0.1 * russia[2023])
print(f"OSW's story gives {osw_2023:.2f} million in 2023; the Kremlin's implies {kremlin_2022:.1f} million in 2022.")
print(f"Actual change 2021-2023: x{rise_2021_2023:.0f}. OSW consistent: {osw_consistent}")''',
                "adds the factors instead of chaining them", fails=("a5_ex6_implied_tests", "a5_ex6_levels_tests"),
                secrets=("135",)),
        Mistake('''def implied_level(start, factors):
    level = float(start)
    for factor in factors:
        level *= factor
    return level


osw_2023 = implied_level(russia[2021], [9])
kremlin_2022 = float(russia[2023] / 9)
rise_2021_2023 = float(russia[2023] / russia[2021])
osw_consistent = bool(abs(osw_2023 - russia[2023]) <= 0.1 * russia[2023])
print(f"OSW's story gives {osw_2023:.2f} million in 2023; the Kremlin's implies {kremlin_2022:.1f} million in 2022.")
print(f"Actual change 2021-2023: x{rise_2021_2023:.0f}. OSW consistent: {osw_consistent}")''',
                "leaves out OSW's +50 % of 2023", fails=("a5_ex6_levels_tests",), secrets=("0.546",)),
        Mistake('''def implied_level(start, factors):
    level = float(start)
    for factor in factors:
        level *= factor
    return level


osw_2023 = implied_level(russia[2021], [9, 1.5])
kremlin_2022 = float(russia[2023] / 9)
rise_2021_2023 = float(russia[2021] / russia[2023])
osw_consistent = bool(abs(osw_2023 - russia[2023]) <= 0.1 * russia[2023])
print(f"OSW's story gives {osw_2023:.2f} million in 2023; the Kremlin's implies {kremlin_2022:.1f} million in 2022.")
print(f"Actual change 2021-2023: x{rise_2021_2023:.0f}. OSW consistent: {osw_consistent}")''',
                "divides the wrong way round (2021 / 2023)", fails=("a5_ex6_levels_tests",), secrets=("850",)),
    ],
}
