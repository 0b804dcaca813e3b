"""Fairness cases of Assignment 4 (automatic intervention): correct answers in other forms, and typical mistakes.

Mistakes are lined up so that the K-th ones of neighbouring cells do not cancel out: the weakest-first ranking of
Exercise 2 sits next to error bars drawn to the wrong ends (the figure's order then follows the student's own
ranking, which Exercise 4 accepts), and the reverse tie-break next to a figure drawn upside down. A commitment
score that ignores the weights sits next to an Exercise 3 that counts the weightings that change the ranking, so
that the count from the student's own functions (243) is not the wrong count either. A score that averages
instead of adding sits next to an Exercise 3 that takes base from the student's own function (with base from
base_scores, base would lie outside low..high, and the prescribed xerr=[x - low, high - x] of Exercise 4 raises on
the negative length: no test can grade a figure that was not drawn).
"""
from tests.fairness.spec import Answer, Mistake

_EX1_TAIL = '''


commitment_score(indicators, BASE_WEIGHTS)'''

_EX2_TAIL = '''


ranking = rank_treaties(base_scores)
ranking'''

_EX3_TAIL = '''
print(f"{n_same} of {len(WEIGHT_GRID)} weightings keep the ranking")
score_range'''

_EX4_TAIL = '''
plt.show()'''

_EX6_TAIL = '''
print(atop_compare)
print("Differ:", differ)'''

_EX3_SOLUTION_SAME = '''grid_scores = pd.DataFrame({i: commitment_score(indicators, weights)
                            for i, weights in enumerate(WEIGHT_GRID)})
n_same = sum(rank_treaties(grid_scores[i]) == ranking for i in grid_scores.columns)
'''

_EX4_LABELS = '''ax.set_xlabel("Commitment score from the clause text (weighted count of features)")
ax.set_ylabel("Treaty")
ax.set_title("How strong is the promise on paper? Scores over 243 weightings")
nkcourse.add_source_note(fig, "course data, tables provisions and treaties; weights 0.5, 1 or 2 per indicator")'''

_EX6_HAS = '''def has_topic(topic):
    return atop["treaty_id"].isin(provisions.loc[provisions["topic"] == topic, "treaty_id"]).to_numpy()


'''

ALTERNATIVES = {
    "a4_ex1_answer": [
        Answer('''def commitment_score(indicators, weights):
    for column in indicators.columns:
        if column not in weights:
            raise ValueError("there is no weight for the column " + str(column))
    values = []
    for label, row in indicators.iterrows():
        total = 0.0
        for column in indicators.columns:
            total += row[column] * weights[column]
        values.append(total)
    return pd.Series(values, index=indicators.index, name="score")''' + _EX1_TAIL,
               "a loop over rows and columns; builds the Series by hand"),
        Answer('''import numpy as np


def commitment_score(indicators, weights):
    extra = [key for key in weights if key not in indicators.columns]
    if extra:
        raise ValueError(f"weights for columns the table does not have: {extra}")
    for column in indicators.columns:
        if column not in weights:
            raise ValueError(f"{column!r} has no weight")
    vector = np.array([np.float64(weights[column]) for column in indicators.columns])
    return pd.Series(indicators.to_numpy() @ vector, index=indicators.index, name=np.str_("score"),
                     dtype="Float64")''' + _EX1_TAIL,
               "numpy matrix product; nullable Float64 values; refuses keys that name no column (left free)"),
        Answer('''def commitment_score(indicators, weights):
    columns, keys = set(indicators.columns), set(weights)
    if columns != keys:
        raise ValueError(f"no weight for {sorted(columns - keys)}; weights for no column: {sorted(keys - columns)}")
    return indicators.dot(pd.Series(weights)[indicators.columns]).rename("score")''' + _EX1_TAIL,
               "DataFrame.dot with a weight Series reordered by name; refuses keys that name no column"),
    ],
    "a4_ex2_answer": [
        Answer('''def rank_treaties(scores):
    return scores.sort_index().sort_values(ascending=False, kind="stable").index.tolist()''' + _EX2_TAIL,
               "sort_index, then a stable sort_values"),
        Answer('''import numpy as np


def rank_treaties(scores):
    table = pd.DataFrame({"treaty": scores.index.astype(str), "score": scores.to_numpy()})
    table = table.sort_values(["score", "treaty"], ascending=[False, True])
    return list(table["treaty"].to_numpy().astype(np.str_))''' + _EX2_TAIL,
               "sort_values on two columns; a list of numpy.str_"),
        Answer('''def rank_treaties(scores):
    table = scores.rename("score").reset_index()
    table.columns = ["treaty_id", "score"]
    return list(table.sort_values(["score", "treaty_id"], ascending=[False, True])["treaty_id"])''' + _EX2_TAIL,
               "reset_index, renaming the columns itself (works whatever the index's name)"),
    ],
    "a4_ex3_answer": [
        Answer('''n_same = 0
lows, highs = {}, {}
for weights in WEIGHT_GRID:
    scores = commitment_score(indicators, weights)
    if rank_treaties(scores) == ranking:
        n_same += 1
    for treaty, score in scores.items():
        lows[treaty] = min(lows.get(treaty, score), score)
        highs[treaty] = max(highs.get(treaty, score), score)
score_range = pd.DataFrame({"base": base_scores, "low": pd.Series(lows), "high": pd.Series(highs)})''' + _EX3_TAIL,
               "a loop with dicts; base_scores from the worked example; columns in another order"),
        Answer('''import numpy as np

matrix = np.array([commitment_score(indicators, weights).to_numpy() for weights in WEIGHT_GRID])
n_same = np.sum([rank_treaties(commitment_score(indicators, weights)) == ranking for weights in WEIGHT_GRID])
score_range = pd.DataFrame({"low": matrix.min(axis=0), "base": commitment_score(indicators, BASE_WEIGHTS).to_numpy(),
                            "high": matrix.max(axis=0)}, index=indicators.index).astype("Float64")''' + _EX3_TAIL,
               "a numpy matrix; n_same as numpy.int64; nullable Float64 columns"),
        Answer('''all_scores = pd.concat([commitment_score(indicators, weights) for weights in WEIGHT_GRID], axis=1)
same = [rank_treaties(all_scores.iloc[:, k]) == ranking for k in range(all_scores.shape[1])]
n_same = int(pd.Series(same).sum())
score_range = all_scores.agg(["min", "max"], axis=1).rename(columns={"min": "low", "max": "high"})
score_range["base"] = base_scores''' + _EX3_TAIL,
               "pd.concat and agg(['min', 'max']); base added as a last column"),
    ],
    "a4_ex4_answer": [
        Answer('''fig, ax = plt.subplots(figsize=(8, 4.5))
for position, treaty in enumerate(ranking):
    row = score_range.loc[treaty]
    ax.errorbar([row["base"]], [position], xerr=[[row["base"] - row["low"]], [row["high"] - row["base"]]],
                fmt="o", capsize=4, color="tab:red")
ax.set_yticks(range(len(ranking)), ranking)
ax.invert_yaxis()
ax.set_xlabel("Score: weighted count of commitment features in the text")
ax.set_title("Commitment strength on paper")
nkcourse.add_source_note(fig, "course data")''' + _EX4_TAIL,
               "one errorbar call per row; the strongest first on an inverted y axis; a colour of its own"),
        Answer('''ordered = score_range.sort_values("base")
x = ordered["base"].to_numpy()
fig, ax = plt.subplots()
ax.errorbar(x, list(ordered.index), xerr=[x - ordered["low"].to_numpy(), ordered["high"].to_numpy() - x],
            fmt="s", capsize=2)
ax.set_xlabel("Commitment score (features of the clause, weighted)")
fig.suptitle("Scores of the assistance clauses, lowest to highest weighting")
nkcourse.add_source_note(fig, "course tables provisions and treaties")''' + _EX4_TAIL,
               "categorical y axis from the treaty ids; sorted by sort_values (ties in its own order); suptitle"),
    ],
    "a4_ex5_answer": [
        Answer('''points = {"yes": 1, "partial": 0.5, "no": 0}
totals = {}
for treaty, status in zip(practice["treaty_id"], practice["status"]):
    totals[treaty] = totals.get(treaty, 0) + points[str(status)]
practice_met = pd.Series(totals)
practice_met''', "a loop with a dict; no Series name"),
        Answer('''met = practice["status"].astype(str).replace({"yes": "1", "partial": "0.5", "no": "0"}).astype(float)
practice_met = (practice.assign(met=met)
                .groupby("treaty_id", sort=False)["met"].sum().astype("Float64").rename("conditions met"))
practice_met''', "groupby on a string column; nullable Float64; a name of its own"),
        Answer('''import numpy as np

points = np.where(practice["status"] == "yes", 1.0, np.where(practice["status"] == "partial", 0.5, 0.0))
practice_met = pd.Series(points, dtype="Float64").groupby(practice["treaty_id"].to_numpy(), sort=False).sum()
practice_met''', "numpy.where; nullable Float64; grouped by a numpy array (index without a name)"),
    ],
    "a4_ex6_answer": [
        Answer('''rows = []
for treaty, defense, consul in zip(atop["treaty_id"], atop["defense"], atop["consul"]):
    topics = set(provisions.loc[provisions["treaty_id"] == treaty, "topic"].astype(str))
    rows.append({"ours_defense": "assistance" in topics, "atop_defense": bool(defense),
                 "ours_consult": "consultation" in topics, "atop_consul": bool(consul)})
atop_compare = pd.DataFrame(rows, index=list(atop["treaty_id"]))
differ = [treaty for treaty, row in atop_compare.iterrows()
          if row["ours_defense"] != row["atop_defense"] or row["ours_consult"] != row["atop_consul"]]''' + _EX6_TAIL,
               "a loop building rows; Python bools; a plain index"),
        Answer('''ours = provisions.groupby("treaty_id")["topic"].agg(lambda topics: set(topics.astype(str)))
atop_compare = pd.DataFrame({
    "atop_defense": atop["defense"].to_numpy(),
    "atop_consul": atop["consul"].to_numpy(),
    "ours_defense": [("assistance" in ours.get(t, set())) for t in atop["treaty_id"]],
    "ours_consult": [("consultation" in ours.get(t, set())) for t in atop["treaty_id"]],
}, index=pd.Index(atop["treaty_id"], name="treaty_id")).astype("boolean")
mask = (atop_compare["ours_defense"] != atop_compare["atop_defense"]) | (
    atop_compare["ours_consult"] != atop_compare["atop_consul"])
differ = tuple(atop_compare.index[mask.to_numpy(dtype=bool)])''' + _EX6_TAIL,
               "nullable boolean columns in another order; a string-dtype index; differ as a tuple"),
    ],
}

MISTAKES = {
    "a4_ex1_answer": [
        Mistake("""def commitment_score(indicators, weights):
    return pd.Series(0.0, index=indicators.index, name="score")


commitment_score(indicators, BASE_WEIGHTS)
""", "a cheat: a constant score, so that 'every weighting keeps the ranking' and flat ranges follow from it; "
            "nothing is carried forward from a constant function",
                fails=("a4_ex1_tests", "a4_ex3_same_tests", "a4_ex3_range_tests", "a4_ex4_tests")),
        Mistake('''def commitment_score(indicators, weights):
    missing = [column for column in indicators.columns if column not in weights]
    if missing:
        raise ValueError(f"no weight for: {', '.join(missing)}")
    return indicators.sum(axis=1).astype(float).rename("score")''' + _EX1_TAIL,
                "ignores the weights: counts the features", fails=("a4_ex1_tests",)),
        Mistake('''def commitment_score(indicators, weights):
    weighted = indicators.astype(float) * pd.Series({column: float(weights.get(column, 0.0))
                                                     for column in indicators.columns})
    return weighted.sum(axis=1).rename("score")''' + _EX1_TAIL,
                "a silent zero weight for a column without one", fails=("a4_ex1_tests",)),
        Mistake('''import numpy as np


def commitment_score(indicators, weights):
    missing = [column for column in indicators.columns if column not in weights]
    if missing:
        raise ValueError(f"no weight for: {', '.join(missing)}")
    return pd.Series(indicators.to_numpy() @ np.array(list(weights.values()), dtype=float), index=indicators.index,
                     name="score")''' + _EX1_TAIL,
                "weights matched by position in the dict, not by column name", fails=("a4_ex1_tests",)),
        Mistake('''def commitment_score(indicators, weights):
    missing = [column for column in indicators.columns if column not in weights]
    if missing:
        raise ValueError(f"no weight for: {', '.join(missing)}")
    return (indicators * pd.Series({column: weights[column] for column in indicators.columns})).mean(axis=1).rename(
        "score")''' + _EX1_TAIL,
                "the mean of the weighted indicators instead of their sum",
                fails=("a4_ex1_tests",)),
    ],
    "a4_ex2_answer": [
        Mistake('''def rank_treaties(scores):
    return [str(t) for t in sorted(scores.index, key=lambda t: (scores[t], t))]''' + _EX2_TAIL,
                "weakest first", fails=("a4_ex2_tests",)),
        Mistake('''def rank_treaties(scores):
    return [str(t) for t in sorted(scores.index, key=lambda t: (scores[t], t), reverse=True)]''' + _EX2_TAIL,
                "ties broken in reverse alphabetical order", fails=("a4_ex2_tests",)),
        Mistake('''def rank_treaties(scores):
    return [str(t) for t in scores.sort_values(ascending=False, kind="stable").index]''' + _EX2_TAIL,
                "ties left in the order of the index", fails=("a4_ex2_tests",)),
    ],
    "a4_ex3_answer": [
        Mistake('''grid_scores = pd.DataFrame({i: commitment_score(indicators, weights)
                            for i, weights in enumerate(WEIGHT_GRID)})
n_same = sum(rank_treaties(grid_scores[i]) != ranking for i in grid_scores.columns)
score_range = pd.DataFrame({
    "low": grid_scores.min(axis=1),
    "base": commitment_score(indicators, BASE_WEIGHTS),
    "high": grid_scores.max(axis=1),
})''' + _EX3_TAIL, "n_same counts the weightings that change the ranking", fails=("a4_ex3_same_tests",),
                secrets=("216",)),
        Mistake(_EX3_SOLUTION_SAME + '''score_range = pd.DataFrame({
    "low": grid_scores.min(axis=1),
    "base": commitment_score(indicators, BASE_WEIGHTS),
    "high": grid_scores.max(axis=1),
}).sort_index()''' + _EX3_TAIL, "score_range sorted by treaty_id", fails=("a4_ex3_range_tests",)),
        Mistake(_EX3_SOLUTION_SAME + '''score_range = pd.DataFrame({
    "low": grid_scores.min(axis=1),
    "base": grid_scores.mean(axis=1),
    "high": grid_scores.max(axis=1),
})''' + _EX3_TAIL, "base is the mean score over the grid", fails=("a4_ex3_range_tests",)),
        Mistake('''grid_scores = pd.DataFrame({i: commitment_score(indicators, weights)
                            for i, weights in enumerate(WEIGHT_GRID)})
n_same = sum(rank_treaties(grid_scores[i]) == ranking for i, weights in enumerate(WEIGHT_GRID)
             if weights != BASE_WEIGHTS)
score_range = pd.DataFrame({"low": grid_scores.min(axis=1), "base": commitment_score(indicators, BASE_WEIGHTS),
                            "high": grid_scores.max(axis=1)})''' + _EX3_TAIL,
                "n_same leaves out the base weighting (score_range right)",
                fails=("a4_ex3_same_tests",), secrets=("27",)),
    ],
    "a4_ex4_answer": [
        Mistake('''ordered = score_range.loc[ranking[::-1]]
positions = range(len(ordered))
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.errorbar(ordered["base"], positions,
            xerr=[ordered["high"] - ordered["base"], ordered["base"] - ordered["low"]], fmt="o", capsize=4)
ax.set_yticks(list(positions), ordered.index)
''' + _EX4_LABELS + _EX4_TAIL, "error bars drawn to the wrong ends (xerr=[high - x, x - low])",
                fails=("a4_ex4_tests",)),
        Mistake('''ordered = score_range.loc[ranking]
positions = range(len(ordered))
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.errorbar(ordered["base"], positions,
            xerr=[ordered["base"] - ordered["low"], ordered["high"] - ordered["base"]], fmt="o", capsize=4)
ax.set_yticks(list(positions), ordered.index)
''' + _EX4_LABELS + _EX4_TAIL, "the strongest at the bottom", fails=("a4_ex4_tests",)),
        Mistake('''ordered = score_range.loc[ranking[::-1]]
positions = range(len(ordered))
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.errorbar(ordered["base"], positions, xerr=[ordered["low"], ordered["high"]], fmt="o", capsize=4)
ax.set_yticks(list(positions), ordered.index)
''' + _EX4_LABELS + _EX4_TAIL, "xerr given the ends (low, high) instead of the distances to them",
                fails=("a4_ex4_tests",)),
        Mistake('''ordered = score_range.loc[ranking[::-1]]
positions = range(len(ordered))
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.errorbar(ordered["base"], positions,
            xerr=[ordered["base"] - ordered["low"], ordered["high"] - ordered["base"]], fmt="o", capsize=4)
''' + _EX4_LABELS + _EX4_TAIL, "y ticks left as numbers: no treaty id at the points", fails=("a4_ex4_tests",)),
    ],
    "a4_ex5_answer": [
        Mistake('''practice_met = (practice["status"].astype(str) != "no").astype(float).groupby(
    practice["treaty_id"], sort=False).sum()
practice_met''', "counts 'partial' as a whole condition met", fails=("a4_ex5_tests",)),
        Mistake('''practice_met = practice["status"].astype(str).map({"yes": 1.0, "partial": 0.5, "no": 0.0}).groupby(
    practice["treaty_id"]).sum()
practice_met''', "groupby sorts the treaty_ids alphabetically", fails=("a4_ex5_tests",)),
        Mistake('''practice_met = (practice["status"].astype(str) == "yes").astype(float).groupby(
    practice["treaty_id"], sort=False).sum()
practice_met''', "counts only 'yes'", fails=("a4_ex5_tests",)),
        Mistake('''practice_met = practice["status"].astype(str).map({"yes": 1.0, "partial": 0.5, "no": 0.0}).groupby(
    practice["treaty_id"], sort=False).mean()
practice_met''', "the mean over the conditions (a share) instead of their number", fails=("a4_ex5_tests",)),
    ],
    "a4_ex6_answer": [
        Mistake('''atop_compare = pd.DataFrame({
    "ours_defense": atop["treaty_id"].isin(clauses.index).to_numpy(),
    "atop_defense": atop["defense"].astype(bool).to_numpy(),
    "ours_consult": atop["treaty_id"].isin(
        provisions.loc[provisions["topic"] == "consultation", "treaty_id"]).to_numpy(),
    "atop_consul": atop["consul"].astype(bool).to_numpy(),
}, index=atop["treaty_id"])
disagree = (atop_compare["ours_defense"] != atop_compare["atop_defense"]) | (
    atop_compare["ours_consult"] != atop_compare["atop_consul"])
differ = [str(t) for t in atop_compare.index[disagree]]''' + _EX6_TAIL,
                "ours_defense from clauses, which Section 1 padded with the 2000 treaty",
                fails=("a4_ex6_compare_tests",)),
        Mistake(_EX6_HAS + '''atop_compare = pd.DataFrame({
    "ours_defense": has_topic("assistance"),
    "atop_defense": atop["defense"].astype(bool).to_numpy(),
    "ours_consult": has_topic("consultation"),
    "atop_consul": atop["consul"].astype(bool).to_numpy(),
}, index=atop["treaty_id"])
disagree = (atop_compare["ours_defense"] != atop_compare["atop_defense"]) & (
    atop_compare["ours_consult"] != atop_compare["atop_consul"])
differ = [str(t) for t in atop_compare.index[disagree]]''' + _EX6_TAIL,
                "differ needs disagreement on both (& instead of |)", fails=("a4_ex6_differ_tests",)),
        Mistake(_EX6_HAS + '''atop_compare = pd.DataFrame({
    "ours_defense": has_topic("assistance"),
    "atop_defense": atop["defense"].astype(bool).to_numpy(),
    "ours_consult": has_topic("consult"),
    "atop_consul": atop["consul"].astype(bool).to_numpy(),
}, index=atop["treaty_id"])
disagree = (atop_compare["ours_defense"] != atop_compare["atop_defense"]) | (
    atop_compare["ours_consult"] != atop_compare["atop_consul"])
differ = [str(t) for t in atop_compare.index[disagree]]''' + _EX6_TAIL,
                "looks for the topic 'consult', which no row has", fails=("a4_ex6_compare_tests",)),
        Mistake(_EX6_HAS + '''atop_compare = pd.DataFrame({
    "ours_defense": has_topic("assistance"),
    "atop_defense": atop["defense"].astype(bool).to_numpy(),
    "ours_consult": has_topic("consultation"),
    "atop_consul": atop["consul"].astype(bool).to_numpy(),
}, index=atop["treaty_id"])
agree = (atop_compare["ours_defense"] == atop_compare["atop_defense"]) & (
    atop_compare["ours_consult"] == atop_compare["atop_consul"])
differ = [str(t) for t in atop_compare.index[agree]]''' + _EX6_TAIL,
                "lists the treaties where the two codings agree", fails=("a4_ex6_differ_tests",)),
    ],
}
