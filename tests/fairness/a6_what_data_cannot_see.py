"""Fairness spec of Assignment 6 (what the data cannot see): alternative correct answers and typical mistakes."""
from tests.fairness.spec import Answer, Mistake

# ---------------------------------------------------------------- Exercise 1: structural zeros

_EX1_PRINT = 'print(int(flag_structural_zeros(cow).sum()), "structural zeros set to missing")\n'

_EX1_LOOP = '''def flag_structural_zeros(rows):
    flags = []
    for partner, year, value in zip(rows["partner"], rows["year"], rows["value"]):
        flags.append(partner == "USSR/Russia" and year <= 1991 and value == 0)
    return pd.Series(flags, index=rows.index, name="structural_zero")


cow_clean = cow.copy()
cow_clean["value"] = cow_clean["value"].mask(flag_structural_zeros(cow))
''' + _EX1_PRINT

_EX1_NULLABLE = '''import numpy as np


def flag_structural_zeros(rows):
    mask = (rows["partner"].astype("string").eq("USSR/Russia")
            & rows["year"].astype("Int64").le(1991)
            & rows["value"].eq(0))
    return mask.astype("boolean").rename("structural_zero")


cow_clean = cow.sort_values(["partner", "year"], ascending=False).copy()
cow_clean = cow_clean[list(reversed(cow.columns))]
cow_clean.loc[flag_structural_zeros(cow_clean).to_numpy(dtype=bool), "value"] = np.nan
''' + _EX1_PRINT

_EX1_BEFORE_1991 = '''def flag_structural_zeros(rows):
    flags = (rows["partner"] == "USSR/Russia") & (rows["year"] < 1991) & (rows["value"] == 0)
    return flags.astype(bool).rename("structural_zero")


cow_clean = cow.copy()
cow_clean.loc[flag_structural_zeros(cow), "value"] = float("nan")
''' + _EX1_PRINT

_EX1_NO_COPY = '''def flag_structural_zeros(rows):
    flags = (rows["partner"] == "USSR/Russia") & (rows["year"] <= 1991) & (rows["value"] == 0)
    return flags.astype(bool).rename("structural_zero")


cow_clean = cow
cow_clean.loc[flag_structural_zeros(cow), "value"] = float("nan")
''' + _EX1_PRINT

_EX1_ANY_PARTNER = '''def flag_structural_zeros(rows):
    flags = (rows["year"] <= 1991) & (rows["value"] == 0)
    return flags.astype(bool).rename("structural_zero")


cow_clean = cow.copy()
cow_clean.loc[flag_structural_zeros(cow), "value"] = float("nan")
''' + _EX1_PRINT

# ---------------------------------------------------------------- Exercise 2: suspect zeros

_EX2_KEY = '''PARTNER_KEY = {"USSR": "USSR/Russia", "Russia": "USSR/Russia", "USSR/Russia": "USSR/Russia",
               "China": "China", "Japan": "Japan", "South Korea": "South Korea", "USA": "USA"}


'''
_EX2_APPLY = '''

suspects = suspect_zeros(cow, trade[trade["source_id"] != "cow4trade"])
suspects.groupby(["partner", "other_source"])["year"].agg(["min", "max", "count"])
'''

_EX2_LOOP = _EX2_KEY + '''def suspect_zeros(cow_rows, other_rows):
    zeros = cow_rows[(cow_rows["flow"] == "total_trade") & (cow_rows["value"] == 0)]
    zero_keys = set(zip(zeros["year"], zeros["partner"]))
    found = set()
    for source, year, partner, flow, value in zip(other_rows["source_id"], other_rows["year"],
                                                  other_rows["partner"], other_rows["flow"], other_rows["value"]):
        if flow == "total_trade" and value > 0 and partner in PARTNER_KEY \\
                and (year, PARTNER_KEY[partner]) in zero_keys:
            found.add((year, PARTNER_KEY[partner], source))
    ordered = sorted(found, key=lambda item: (item[1], item[0], item[2]))
    return pd.DataFrame(ordered, columns=["year", "partner", "other_source"])
''' + _EX2_APPLY

_EX2_NULLABLE = _EX2_KEY + '''def suspect_zeros(cow_rows, other_rows):
    zeros = cow_rows.loc[cow_rows["flow"].eq("total_trade") & cow_rows["value"].eq(0), ["year", "partner"]]
    zeros = zeros.astype({"year": "Int64", "partner": "string"})
    others = other_rows.loc[other_rows["flow"].eq("total_trade") & other_rows["value"].gt(0)]
    others = pd.DataFrame({"year": others["year"].astype("Int64"),
                           "partner": others["partner"].astype(str).map(PARTNER_KEY).astype("string"),
                           "other_source": others["source_id"].astype("string")}).dropna(subset=["partner"])
    out = zeros.merge(others, on=["year", "partner"], how="inner").drop_duplicates()
    out = out.sort_values(["partner", "year", "other_source"], ignore_index=True)
    return out.astype({"other_source": "category"})
''' + _EX2_APPLY

_EX2_NO_KEY = _EX2_KEY + '''def suspect_zeros(cow_rows, other_rows):
    zeros = cow_rows[(cow_rows["flow"] == "total_trade") & (cow_rows["value"] == 0)][["year", "partner"]]
    others = other_rows[(other_rows["flow"] == "total_trade") & (other_rows["value"] > 0)]
    others = others.assign(partner=others["partner"].astype(str), other_source=others["source_id"])
    found = zeros.assign(partner=zeros["partner"].astype(str)).merge(
        others[["year", "partner", "other_source"]], on=["year", "partner"])
    found = found.drop_duplicates().sort_values(["partner", "year", "other_source"])
    return found[["year", "partner", "other_source"]].reset_index(drop=True)
''' + _EX2_APPLY

_EX2_DUPLICATES = _EX2_KEY + '''def suspect_zeros(cow_rows, other_rows):
    zeros = cow_rows[(cow_rows["flow"] == "total_trade") & (cow_rows["value"] == 0)][["year", "partner"]]
    others = other_rows[(other_rows["flow"] == "total_trade") & (other_rows["value"] > 0)
                        & other_rows["partner"].isin(list(PARTNER_KEY))]
    others = others.assign(partner=others["partner"].map(PARTNER_KEY), other_source=others["source_id"])
    found = zeros.merge(others[["year", "partner", "other_source"]], on=["year", "partner"])
    found = found.sort_values(["partner", "year", "other_source"])
    return found[["year", "partner", "other_source"]].reset_index(drop=True)
''' + _EX2_APPLY

_EX2_BY_YEAR = _EX2_KEY + '''def suspect_zeros(cow_rows, other_rows):
    zeros = cow_rows[(cow_rows["flow"] == "total_trade") & (cow_rows["value"] == 0)][["year", "partner"]]
    others = other_rows[(other_rows["flow"] == "total_trade") & (other_rows["value"] > 0)
                        & other_rows["partner"].isin(list(PARTNER_KEY))]
    others = others.assign(partner=others["partner"].map(PARTNER_KEY), other_source=others["source_id"])
    found = zeros.merge(others[["year", "partner", "other_source"]], on=["year", "partner"])
    found = found.drop_duplicates().sort_values(["year", "partner", "other_source"])
    return found[["year", "partner", "other_source"]].reset_index(drop=True)
''' + _EX2_APPLY

# ---------------------------------------------------------------- Exercise 3: shares within a source

_EX3_PRINT = ('print(f"USSR share: {ussr_share_1989:.1f} % in 1989 (JETRO), {ussr_share_1991:.1f} % in 1991 '
              '(KOTRA\'s first estimate)")\n')
_EX3_SHARES = '''

ussr_share_1989 = share_within_source(trade, "jetro", 1989, "USSR", "World")
ussr_share_1991 = share_within_source(trade, "kotra1992", 1991, "USSR/Russia", "World (excl. ROK)")
''' + _EX3_PRINT

_EX3_SOLUTION_FUNCTION = '''def share_within_source(rows, source_id, year, partner, world):
    selected = rows[(rows["source_id"] == source_id) & (rows["year"] == year)]

    def amount(name):
        own = selected[selected["partner"] == name]
        total = own[own["flow"] == "total_trade"]
        if len(total):
            return float(total["value"].iloc[0]), set(total["unit"].astype(str))
        flows = own[own["flow"].isin(["dprk_exports", "dprk_imports"])]
        if set(flows["flow"]) != {"dprk_exports", "dprk_imports"}:
            raise ValueError(f"{source_id} has no total for {name} in {year}")
        return float(flows["value"].sum()), set(flows["unit"].astype(str))

    part, part_units = amount(partner)
    whole, whole_units = amount(world)
    if len(part_units | whole_units) != 1:
        raise ValueError(f"{source_id} mixes units: {sorted(part_units | whole_units)}")
    return part / whole * 100
'''

_EX3_QUERY = '''def share_within_source(rows, source_id, year, partner, world):
    selected = rows.query("source_id == @source_id and year == @year")
    amounts, units = [], set()
    for name in (partner, world):
        own = selected[selected["partner"] == name]
        by_flow = {flow: own[own["flow"] == flow] for flow in ("total_trade", "dprk_exports", "dprk_imports")}
        if len(by_flow["total_trade"]) > 0:
            used = by_flow["total_trade"]
        elif len(by_flow["dprk_exports"]) > 0 and len(by_flow["dprk_imports"]) > 0:
            used = pd.concat([by_flow["dprk_exports"], by_flow["dprk_imports"]])
        else:
            raise ValueError(f"cannot form an amount for {name} in {source_id}, {year}")
        amounts.append(used["value"].sum())
        units |= set(used["unit"].astype(str))
    if len(units) != 1:
        raise ValueError(f"the rows mix units: {sorted(units)}")
    return amounts[0] / amounts[1] * 100


ussr_share_1989 = share_within_source(trade, "jetro", 1989, "USSR", "World")
ussr_share_1991 = round(share_within_source(trade, "kotra1992", 1991, "USSR/Russia", "World (excl. ROK)"), 2)
''' + _EX3_PRINT

_EX3_NUMPY = _EX3_SOLUTION_FUNCTION.replace("return part / whole * 100",
                                            "return np.float64(part) / np.float64(whole) * np.float64(100)") + '''

ussr_share_1989 = np.round(share_within_source(trade, "jetro", 1989, "USSR", "World"), 3)
ussr_share_1991 = np.float64(share_within_source(trade, "kotra1992", 1991, "USSR/Russia", "World (excl. ROK)"))
''' + _EX3_PRINT
_EX3_NUMPY = "import numpy as np\n\n\n" + _EX3_NUMPY

_EX3_STATED_SHARE = _EX3_SOLUTION_FUNCTION + '''

_jetro = trade[(trade["source_id"] == "jetro") & (trade["year"] == 1989) & (trade["partner"] == "USSR")]
ussr_share_1989 = float(_jetro.loc[_jetro["flow"] == "share_of_dprk_total_trade_pct", "value"].iloc[0])
ussr_share_1991 = share_within_source(trade, "kotra1992", 1991, "USSR/Russia", "World (excl. ROK)")
''' + _EX3_PRINT

_EX3_NO_UNIT_CHECK = '''def share_within_source(rows, source_id, year, partner, world):
    selected = rows[(rows["source_id"] == source_id) & (rows["year"] == year)]

    def amount(name):
        own = selected[selected["partner"] == name]
        total = own[own["flow"] == "total_trade"]
        if len(total):
            return float(total["value"].iloc[0])
        flows = own[own["flow"].isin(["dprk_exports", "dprk_imports"])]
        if set(flows["flow"]) != {"dprk_exports", "dprk_imports"}:
            raise ValueError(f"{source_id} has no total for {name} in {year}")
        return float(flows["value"].sum())

    return amount(partner) / amount(world) * 100
''' + _EX3_SHARES

_EX3_ALL_FLOWS = '''def share_within_source(rows, source_id, year, partner, world):
    selected = rows[(rows["source_id"] == source_id) & (rows["year"] == year)
                    & rows["flow"].isin(["total_trade", "dprk_exports", "dprk_imports"])]
    part = selected[selected["partner"] == partner]
    whole = selected[selected["partner"] == world]
    if part.empty or whole.empty:
        raise ValueError("no rows for that partner or world")
    if pd.concat([part, whole])["unit"].nunique() != 1:
        raise ValueError("the rows mix units")
    return float(part["value"].sum() / whole["value"].sum() * 100)
''' + _EX3_SHARES

# ---------------------------------------------------------------- Exercise 4: aid that does not add up

_EX4_PIVOT = '''to_1960 = usd_aid[usd_aid["period_end"] <= 1960].copy()
to_1960["kind"] = to_1960["status"].astype(str).map({"pledged": "itemised", "delivered": "itemised",
                                                     "estimate": "estimate"})
by_kind = to_1960.pivot_table(index="donor", columns="kind", values="amount_low", aggfunc="sum")
aid_check = by_kind.loc[["USSR", "PRC"], ["itemised", "estimate"]].copy()
aid_check["gap"] = aid_check["estimate"] - aid_check["itemised"]
aid_check.columns.name = None
aid_check
'''

_EX4_INT64 = '''early = usd_aid[usd_aid["period_end"] <= 1960]
itemised, estimate = [], []
for donor in ["USSR", "PRC"]:
    mine = early[early["donor"] == donor]
    itemised.append(int(mine.loc[mine["status"].isin(["pledged", "delivered"]), "amount_low"].sum()))
    estimate.append(int(mine.loc[mine["status"] == "estimate", "amount_low"].sum()))
aid_check = pd.DataFrame({"itemised": pd.array(itemised, dtype="Int64"),
                          "estimate": pd.array(estimate, dtype="Int64")},
                         index=pd.Index(["USSR", "PRC"], dtype="string"))
aid_check["gap"] = aid_check["estimate"] - aid_check["itemised"]
aid_check
'''

_EX4_PLEDGED_ONLY = '''_to_1960 = usd_aid[usd_aid["period_end"] <= 1960]
_items = _to_1960[_to_1960["status"] == "pledged"]
_estimates = _to_1960[_to_1960["status"] == "estimate"]
aid_check = pd.DataFrame({
    "itemised": [float(_items.loc[_items["donor"] == d, "amount_low"].sum()) for d in ("USSR", "PRC")],
    "estimate": [float(_estimates.loc[_estimates["donor"] == d, "amount_low"].sum()) for d in ("USSR", "PRC")],
}, index=pd.Index(["USSR", "PRC"], name="donor"))
aid_check["gap"] = aid_check["estimate"] - aid_check["itemised"]
aid_check
'''

_EX4_WRONG_SIGN = _EX4_PLEDGED_ONLY.replace('_to_1960["status"] == "pledged"',
                                            '_to_1960["status"].isin(["pledged", "delivered"])').replace(
    'aid_check["estimate"] - aid_check["itemised"]', 'aid_check["itemised"] - aid_check["estimate"]')

_EX4_BEFORE_1960 = _EX4_PLEDGED_ONLY.replace('usd_aid["period_end"] <= 1960', 'usd_aid["period_end"] < 1960').replace(
    '_to_1960["status"] == "pledged"', '_to_1960["status"].isin(["pledged", "delivered"])')

# ---------------------------------------------------------------- Exercise 5: the aid chart

_EX5_SOLUTION = '''donor_colours = {"USSR": nkcourse.PALETTE["blue"], "PRC": nkcourse.PALETTE["vermillion"]}
fallback = nkcourse.PALETTE["black"]
rows = usd_aid.reset_index(drop=True)
positions = list(range(len(rows)))[::-1]
labels = [f"{r.donor} {r.period_start if pd.notna(r.period_start) else '?'}-{r.period_end} ({r.status})" for r in rows.itertuples()]
fig, ax = plt.subplots(figsize=(9, 6))
ax.barh(positions, rows["amount_low"], color=[donor_colours.get(d, fallback) for d in rows["donor"]])
for y, r in zip(positions, rows.itertuples()):
    if pd.isna(r.amount_high):
        ax.text(r.amount_low + 40, y, "or more", va="center", fontsize=8)
    elif r.amount_high > r.amount_low:
        ax.errorbar(r.amount_low, y, xerr=[[0], [r.amount_high - r.amount_low]], color="#444444", capsize=3)
ax.set_yticks(positions, labels)
ax.set(title="Aid to North Korea: pledges, deliveries and estimates do not add up", xlabel="USD million (current)")
nkcourse.add_source_note(fig, "aid table: Time (1953, 1960), Library of Congress (1993), CIA (1985). Ruble amounts are left out: they cannot share a dollar axis.")
'''

_EX5_CATEGORIES = '''table = usd_aid.reset_index(drop=True)
names = []
for row in table.itertuples():
    start = "?" if pd.isna(row.period_start) else int(row.period_start)
    names.append(f"{row.donor}: {start} to {int(row.period_end)}, {row.status}")
fig, ax = plt.subplots(figsize=(9, 6))
ax.barh(names, table["amount_low"].to_numpy(), color="tab:gray")
ax.invert_yaxis()
for i, row in enumerate(table.itertuples()):
    if pd.isna(row.amount_high):
        ax.annotate("(or more)", (row.amount_low, i), xytext=(5, 0), textcoords="offset points", va="center")
    elif row.amount_high > row.amount_low:
        ax.errorbar(row.amount_low, i, xerr=[[0], [row.amount_high - row.amount_low]], fmt="none", color="black")
ax.set_title("Dollar estimates of aid to North Korea")
ax.set_xlabel("US$ million")
nkcourse.add_source_note(fig, "aid table (time1953, time1960, loc1993, ciasova1985); the rows in roubles are left out.")
'''

_EX5_LOOP = '''import numpy as np

ordered = usd_aid.reset_index(drop=True)
colours = {"USSR": "crimson", "PRC": "goldenrod"}
fig, ax = plt.subplots(figsize=(9, 6))
ticks = []
for i, row in enumerate(ordered.itertuples()):
    ax.barh(i, np.float64(row.amount_low), color=colours.get(row.donor, "grey"), height=0.6)
    first = "?" if pd.isna(row.period_start) else str(row.period_start)
    ticks.append(f"{row.donor} {first}-{row.period_end} ({row.status})")
    if pd.isna(row.amount_high):
        ax.text(row.amount_low * 1.02, i, "or more", va="center")
ax.errorbar(ordered["amount_low"], range(len(ordered)),
            xerr=[np.zeros(len(ordered)), (ordered["amount_high"] - ordered["amount_low"]).fillna(0).to_numpy()],
            fmt="none", ecolor="black")
ax.set_yticks(range(len(ordered)), ticks)
ax.invert_yaxis()
ax.set(title="Aid to North Korea in dollars", xlabel="Amount (US dollars, millions)")
nkcourse.add_source_note(fig, "aid table: Time magazine, Library of Congress, CIA. Ruble rows left out.")
'''

_EX5_UPSIDE_DOWN = _EX5_SOLUTION.replace("positions = list(range(len(rows)))[::-1]", "positions = list(range(len(rows)))")
_EX5_NO_RUBLES = _EX5_SOLUTION.replace(" Ruble amounts are left out: they cannot share a dollar axis.", "")
_EX5_NO_STATUS = _EX5_SOLUTION.replace("-{r.period_end} ({r.status})", "-{r.period_end}")

# ---------------------------------------------------------------- Exercise 6: the scenario model

_EX6_PRINT = '''print(paths.round(1))
print("Years of +54 % a year for Russia to reach China's 2024 level:", years_to_china)
'''

_EX6_SOLUTION_PROJECT = '''def project(start, rates_pct):
    levels = [float(start)]
    for rate in rates_pct:
        levels.append(levels[-1] * (1 + rate / 100))
    return levels
'''
_EX6_SOLUTION_YEARS = '''def years_to_match(start, target, rate_pct):
    if start >= target:
        return 0
    if rate_pct <= 0:
        raise ValueError(f"at {rate_pct} % a year, {start} never reaches {target}")
    years, level = 0, float(start)
    while level < target:
        level *= 1 + rate_pct / 100
        years += 1
    return years
'''
_EX6_SOLUTION_REST = '''paths = pd.DataFrame({name: project(russia_2024, rates) for name, rates in SCENARIOS.items()},
                     index=pd.Index(range(2024, 2031), name="year"))
years_to_china = years_to_match(russia_2024, china_2024, SCENARIOS["boom continues"][0])
'''


def _ex6(project=_EX6_SOLUTION_PROJECT, years=_EX6_SOLUTION_YEARS, rest=_EX6_SOLUTION_REST):
    return project + "\n\n" + years + "\n\n" + rest + _EX6_PRINT


_EX6_NUMPY = '''import numpy as np


def project(start, rates_pct):
    factors = [1.0] + [1 + rate / 100 for rate in rates_pct]
    return list(start * np.cumprod(factors))


def years_to_match(start, target, rate_pct):
    if start >= target:
        return 0
    if rate_pct <= 0:
        raise ValueError("a rate of 0 or less never closes the gap")
    return math.ceil(math.log(target / start) / math.log(1 + rate_pct / 100))


paths = pd.DataFrame({name: pd.Series(project(russia_2024, rates), index=range(2024, 2031))
                      for name, rates in SCENARIOS.items()})
years_to_china = np.int64(years_to_match(russia_2024, china_2024, 54))
''' + _EX6_PRINT

_EX6_TUPLE = '''def project(start, rates_pct):
    levels = (start,)
    for rate in rates_pct:
        levels = levels + (levels[-1] * (100 + rate) / 100,)
    return levels


def years_to_match(start, target, rate_pct):
    years = 0.0
    while start < target:
        if rate_pct <= 0:
            raise ValueError("never")
        start = start * (1 + rate_pct / 100)
        years += 1
    return years


paths = pd.DataFrame([project(russia_2024, rates) for rates in SCENARIOS.values()],
                     index=list(SCENARIOS), columns=range(2024, 2031)).T
years_to_china = years_to_match(russia_2024, china_2024, SCENARIOS["boom continues"][0])
''' + _EX6_PRINT

_EX6_ROUNDED = _ex6(project=_EX6_SOLUTION_PROJECT.replace(
    "levels.append(levels[-1] * (1 + rate / 100))", "levels.append(round(levels[-1] * (1 + rate / 100)))"))
_EX6_STRICT = _ex6(years=_EX6_SOLUTION_YEARS.replace("if start >= target:", "if start > target:").replace(
    "while level < target:", "while level <= target:"))
_EX6_FRACTION = _ex6(rest=_EX6_SOLUTION_REST.replace('SCENARIOS["boom continues"][0])',
                                                      'SCENARIOS["boom continues"][0] / 100)'))

# ---------------------------------------------------------------- Found when trying the student version (review)

_EX1_APPLY = '''def flag_structural_zeros(rows):
    s = rows.apply(lambda r: r["partner"] == "USSR/Russia" and r["year"] <= 1991 and r["value"] == 0, axis=1)
    s.name = "structural_zero"
    return s


cow_clean = cow.copy()
cow_clean["value"] = cow_clean["value"].where(~flag_structural_zeros(cow))
print(int(flag_structural_zeros(cow).sum()), "structural zeros set to missing")
'''

_EX2_EXPLODE = '''PARTNER_KEY = {"USSR": "USSR/Russia", "Russia": "USSR/Russia", "USSR/Russia": "USSR/Russia",
               "China": "China", "Japan": "Japan", "South Korea": "South Korea", "USA": "USA"}


def suspect_zeros(cow_rows, other_rows):
    o = other_rows.query("flow == 'total_trade' and value > 0").assign(
        partner=lambda d: d["partner"].astype("string").map(PARTNER_KEY))
    o = o[o["partner"].notna()].groupby(["year", "partner"])["source_id"].unique().explode().rename("other_source").reset_index()
    z = cow_rows.query("flow == 'total_trade' and value == 0")[["year", "partner"]].astype({"partner": "string"})
    res = z.merge(o, how="inner", on=["year", "partner"])
    res = res.sort_values(["partner", "year", "other_source"], ignore_index=True)
    return res[["year", "partner", "other_source"]]


suspects = suspect_zeros(cow, trade[trade["source_id"] != "cow4trade"])
suspects.groupby(["partner", "other_source"])["year"].agg(["min", "max", "count"])
'''

_EX3_SHARE_ROW_IN_FUNCTION = '''def share_within_source(rows, source_id, year, partner, world):
    sel = rows[(rows["source_id"] == source_id) & (rows["year"] == year)]
    pct = sel[(sel["partner"] == partner) & (sel["flow"] == "share_of_dprk_total_trade_pct")]
    if len(pct):
        return float(pct["value"].iloc[0])

    def amount(p):
        r = sel[sel["partner"] == p]
        tot = r[r["flow"] == "total_trade"]
        if len(tot):
            return float(tot["value"].iloc[0]), set(tot["unit"].astype(str))
        ex = r[r["flow"] == "dprk_exports"]
        im = r[r["flow"] == "dprk_imports"]
        if len(ex) == 0 or len(im) == 0:
            raise ValueError(f"no amount for {p}")
        return float(ex["value"].iloc[0] + im["value"].iloc[0]), set(ex["unit"].astype(str)) | set(im["unit"].astype(str))

    a, ua = amount(partner)
    b, ub = amount(world)
    if len(ua | ub) != 1:
        raise ValueError("mixed units")
    return a / b * 100


ussr_share_1989 = share_within_source(trade, "jetro", 1989, "USSR", "World")
ussr_share_1991 = share_within_source(trade, "kotra1992", 1991, "USSR/Russia", "World (excl. ROK)")
print(f"USSR share: {ussr_share_1989:.1f} % in 1989 (JETRO), {ussr_share_1991:.1f} % in 1991 (KOTRA's first estimate)")
'''

_EX5_YLIM = '''import numpy as np
fig, ax = plt.subplots(figsize=(8, 5))
n = len(usd_aid)
y = np.arange(n)
labels = []
for r in usd_aid.itertuples():
    start = "?" if pd.isna(r.period_start) else r.period_start
    labels.append(f"{r.donor} {start}–{r.period_end} ({r.status})")
ax.barh(y, usd_aid["amount_low"], color=[nkcourse.PALETTE["blue"] if d == "USSR" else nkcourse.PALETTE["vermillion"] for d in usd_aid["donor"]])
has_range = (usd_aid["amount_high"] > usd_aid["amount_low"]).to_numpy()
if has_range.any():
    ax.errorbar(usd_aid["amount_low"][has_range], y[has_range],
                xerr=[np.zeros(has_range.sum()), (usd_aid["amount_high"] - usd_aid["amount_low"])[has_range]], fmt="none", ecolor="black")
for yi, lo, hi in zip(y, usd_aid["amount_low"], usd_aid["amount_high"]):
    if pd.isna(hi):
        ax.text(lo, yi, " or more", va="center")
ax.set_yticks(y)
ax.set_yticklabels(labels)
ax.set_ylim(n - 0.5, -0.5)
ax.set_title("Dollar-denominated aid to North Korea")
ax.set_xlabel("US dollars (millions)")
nkcourse.add_source_note(fig, "time1953, time1960, loc1993, ciasova1985. Rows in roubles are not shown.")
'''

_EX5_NO_QUESTION_MARK = _EX5_SOLUTION.replace(
    "{r.period_start if pd.notna(r.period_start) else '?'}", "{r.period_start}")


ALTERNATIVES = {
    "a6_ex1_answer": [
        Answer(_EX1_LOOP, "a loop over the rows; cow_clean with Series.mask"),
        Answer(_EX1_NULLABLE, "nullable string/Int64/boolean types; cow_clean in another row and column order"),
        Answer(_EX1_APPLY, "DataFrame.apply(axis=1) with and/or; cow_clean with Series.where"),
    ],
    "a6_ex2_answer": [
        Answer(_EX2_LOOP, "a loop and a set instead of a merge"),
        Answer(_EX2_NULLABLE, "nullable Int64/string columns, a categorical other_source, sort_values(ignore_index)"),
        Answer(_EX2_EXPLODE, "query, groupby().unique().explode() for the sources, string partner"),
    ],
    "a6_ex3_answer": [
        Answer(_EX3_QUERY, "query and a loop over partner and world; numpy float64; a share rounded to 2 decimals"),
        Answer(_EX3_NUMPY, "numpy float64 results; a share rounded to 3 decimals"),
    ],
    "a6_ex4_answer": [
        Answer(_EX4_PIVOT, "pivot_table on a mapped status"),
        Answer(_EX4_INT64, "nullable Int64 columns and a string index without a name"),
    ],
    "a6_ex5_answer": [
        Answer(_EX5_CATEGORIES, "categorical y axis inverted, another label wording, annotate, US$, 'roubles'"),
        Answer(_EX5_LOOP, "one barh call per row, numpy values, colours not from the palette, zero-length error "
                          "bars for every row, inverted y axis"),
        Answer(_EX5_YLIM, "numeric positions with set_yticklabels, y axis turned by set_ylim(n - 0.5, -0.5), "
                          "an en dash between the years, one masked errorbar call, 'roubles'"),
    ],
    "a6_ex6_answer": [
        Answer(_EX6_NUMPY, "numpy cumprod (a list of float64), a logarithm, np.int64 years_to_china"),
        Answer(_EX6_TUPLE, "project returns a tuple, years_to_match a float, paths by transposing"),
    ],
}

MISTAKES = {
    "a6_ex1_answer": [
        Mistake(_EX1_BEFORE_1991, "year < 1991 leaves out the 1991 zeros",
                fails=("a6_ex1_flags_tests", "a6_ex1_clean_tests")),
        Mistake(_EX1_NO_COPY, "cow_clean = cow without .copy(): cow loses its zeros", fails=("a6_ex1_clean_tests",)),
        Mistake(_EX1_ANY_PARTNER, "flags the zeros of every partner, not only the USSR's",
                fails=("a6_ex1_flags_tests", "a6_ex1_clean_tests")),
    ],
    "a6_ex2_answer": [
        Mistake(_EX2_NO_KEY, "matches the raw partner spellings, without PARTNER_KEY", fails=("a6_ex2_tests",)),
        Mistake(_EX2_DUPLICATES, "forgets drop_duplicates: one source reported under two spellings counts twice",
                fails=("a6_ex2_tests",)),
        Mistake(_EX2_BY_YEAR, "sorts by year first", fails=("a6_ex2_tests",)),
    ],
    "a6_ex3_answer": [
        Mistake(_EX3_STATED_SHARE, "takes JETRO's stated 50 % instead of the share of its flows",
                fails=("a6_ex3_share_1989_tests",), secrets=("58.4", "58.41")),
        Mistake(_EX3_NO_UNIT_CHECK, "never checks the units", fails=("a6_ex3_function_tests",)),
        Mistake(_EX3_ALL_FLOWS, "adds total_trade, exports and imports together",
                fails=("a6_ex3_function_tests", "a6_ex3_share_1989_tests"), secrets=("58.4", "58.41")),
        Mistake(_EX3_SHARE_ROW_IN_FUNCTION, "the function returns a stated share_of_dprk_total_trade_pct row when "
                "there is one", fails=("a6_ex3_function_tests", "a6_ex3_share_1989_tests"),
                secrets=("58.4", "58.41")),
    ],
    "a6_ex4_answer": [
        Mistake(_EX4_PLEDGED_ONLY, "itemises pledges only, not deliveries", fails=("a6_ex4_tests",),
                secrets=("440", "310")),
        Mistake(_EX4_WRONG_SIGN, "gap = itemised - estimate", fails=("a6_ex4_tests",), secrets=("310",)),
        Mistake(_EX4_BEFORE_1960, "period_end < 1960 drops the 1960 rows", fails=("a6_ex4_tests",),
                secrets=("440", "422")),
    ],
    "a6_ex5_answer": [
        Mistake(_EX5_UPSIDE_DOWN, "the first row of the table at the bottom", fails=("a6_ex5_tests",)),
        Mistake(_EX5_NO_RUBLES, "the source line does not say the ruble rows are left out", fails=("a6_ex5_tests",)),
        Mistake(_EX5_NO_STATUS, "labels without the status", fails=("a6_ex5_tests",)),
        Mistake(_EX5_NO_QUESTION_MARK, "writes <NA> instead of ? for an unknown start year",
                fails=("a6_ex5_tests",)),
    ],
    "a6_ex6_answer": [
        Mistake(_EX6_ROUNDED, "rounds each level to a whole number",
                fails=("a6_ex6_project_tests", "a6_ex6_paths_tests")),
        Mistake(_EX6_STRICT, "years_to_match waits until the level exceeds target", fails=("a6_ex6_years_tests",)),
        Mistake(_EX6_FRACTION, "passes the rate as a fraction (0.54) instead of percent",
                fails=("a6_ex6_china_tests",)),
    ],
}
