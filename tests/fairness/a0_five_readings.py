"""Fairness cases of Assignment 0 (five readings): correct answers in other forms, and typical mistakes.

Exercise 4b builds on the renewal rule of 4a but not on the student's list: its prompt asks for the term ends to be
worked out inside the function, and its hidden test calls the function on notice dates only, so a slip in
`term_ends` costs only 4a's points.
"""
from tests.fairness.spec import Answer, Mistake

ALTERNATIVES = {
    "a0_ex1_answer": [
        Answer('''automatic = claims.query("question == 'automatic_intervention' and stance != 'not_addressed'")
automatic = automatic[["stance", "source_id"]].reset_index(drop=True)
automatic''', "query(); the two columns in the other order; a fresh 0..n-1 index"),
        Answer('''kept = []
for _, row in claims.iterrows():
    if row["question"] == "automatic_intervention" and row["stance"] != "not_addressed":
        kept.append({"source_id": row["source_id"], "stance": str(row["stance"])})
automatic = pd.DataFrame(kept).astype("string").sort_values("source_id", ascending=False)
automatic''', "a loop over rows; nullable string dtypes; rows in another order"),
        Answer('''mask = claims["question"].astype(str).eq("automatic_intervention") & ~claims["stance"].isin(["not_addressed"])
automatic = claims[mask].set_index("source_id", drop=False)[["source_id", "stance"]]
automatic''', "isin/eq masks; categorical stance kept; source_id as the index too"),
    ],
    "a0_ex2_answer": [
        Answer('''stance_table = claims.set_index(["question", "source_id"])["stance"].unstack()
stance_table = stance_table[sorted(stance_table.columns, reverse=True)]
stance_table''', "set_index + unstack; columns in another order"),
        Answer('''stance_table = pd.crosstab(claims["question"], claims["source_id"], values=claims["stance"].astype(str),
                           aggfunc="first").astype("string").sort_index(ascending=False)
stance_table''', "crosstab with aggfunc='first'; nullable string dtype; rows in another order"),
        Answer('''stance_table = pd.DataFrame({
    source: {str(q): str(s) for q, s in zip(group["question"], group["stance"])}
    for source, group in claims.groupby("source_id")
})
stance_table''', "a dict of dicts; plain str values"),
    ],
    "a0_ex3_answer": [
        Answer('''consensus = {}
for question, group in taken.groupby("question", observed=True):
    counts = group["stance"].value_counts()
    consensus[question] = counts.max() / counts.sum()
consensus = pd.Series(consensus)
most_contested = min(consensus.index, key=lambda q: consensus[q])
consensus''', "a loop; counts divided by their sum (numpy.float64); min with a key"),
        Answer('''import numpy as np

shares = pd.crosstab(taken["question"], taken["stance"].astype(str), normalize="index")
consensus = shares.max(axis=1).sort_values(ascending=False).round(2)
most_contested = np.str_(consensus.idxmin())
consensus''', "crosstab normalised by row; rounded to two decimals; another order; numpy.str_"),
        Answer('''counts = taken.groupby(["question", "stance"], observed=True).size()
by_question = counts.groupby(level="question", observed=True)
consensus = (by_question.max() / by_question.sum()).astype("Float64")
most_contested = consensus.index[consensus.to_numpy().argmin()]
consensus''', "counts per (question, stance) divided by the total; nullable Float64; argmin on the array"),
    ],
    "a0_ex4a_answer": [
        Answer('''first = start + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
step = int(ussr_1961["renewal_term_years"])
count = (1996 - first.year) // step + 1
term_ends = [first + pd.DateOffset(years=step * k) for k in range(count)]
term_ends''', "a list comprehension over the number of terms"),
        Answer('''first = ussr_1961["entry_into_force"] + pd.DateOffset(years=ussr_1961["initial_term_years"].item())
ends = pd.date_range(first, "1996-12-31", freq=pd.DateOffset(years=ussr_1961["renewal_term_years"].item()))
term_ends = tuple(end.to_pydatetime() for end in ends)
term_ends''', "pd.date_range; a tuple of datetime.datetime"),
    ],
    "a0_ex4b_answer": [
        Answer('''def lapse_date(notice):
    first = ussr_1961["entry_into_force"] + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    k = 0
    while True:
        end = first + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]) * k)
        if notice + pd.DateOffset(months=int(ussr_1961["notice_months"])) <= end:
            return end
        k += 1


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
               "counts terms; adds the notice period to the notice instead of subtracting it from the end"),
        Answer('''def lapse_date(notice):
    latest_notice = notice + pd.DateOffset(months=ussr_1961["notice_months"].item())
    ends = [start + pd.DateOffset(years=ussr_1961["initial_term_years"].item())]
    while ends[-1] < latest_notice:
        ends.append(ends[-1] + pd.DateOffset(years=ussr_1961["renewal_term_years"].item()))
    return ends[-1].to_pydatetime()


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
               "builds its own list of term ends; returns a datetime.datetime"),
        Answer('''def lapse_date(notice):
    step = int(ussr_1961["renewal_term_years"])
    first = start + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    deadline = notice + pd.DateOffset(months=int(ussr_1961["notice_months"]))
    if deadline <= first:
        return first
    end = first + pd.DateOffset(years=step * -(-(deadline.year - first.year) // step))
    if end < deadline:
        end += pd.DateOffset(years=step)
    return end


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
               "no loop: works out the number of renewal terms from the years"),
    ],
}

MISTAKES = {
    "a0_ex1_answer": [
        Mistake('''automatic = claims.loc[claims["question"] == "automatic_intervention", ["source_id", "stance"]]
automatic''', "forgets to leave out not_addressed (the visible check catches it)",
                fails=("a0_ex1_tests",)),
        Mistake('''automatic = claims.loc[(claims["question"] == "automatic_intervention")
                       & claims["stance"].isin(["yes", "qualified"]), ["source_id", "stance"]]
automatic''', "reads 'takes a position' as 'says yes or qualified': drops the reading that says no",
                fails=("a0_ex1_tests",), secrets=("lankov2024",)),
        Mistake('''automatic = claims.loc[(claims["question"] == "automatic_intervention") | (claims["stance"] != "not_addressed"),
                       ["source_id", "stance"]]
automatic''', "| instead of &: keeps every question's positions", fails=("a0_ex1_tests",)),
    ],
    "a0_ex2_answer": [
        Mistake('''stance_table = claims.pivot(index="source_id", columns="question", values="stance")
stance_table''', "rows and columns swapped (the visible check catches it)", fails=("a0_ex2_tests",)),
        Mistake('''stance_table = claims.pivot(index="question", columns="source_id", values="summary")
stance_table''', "pivots the paraphrase (summary) instead of the stance code", fails=("a0_ex2_tests",)),
        Mistake('''stance_table = claims[claims["stance"] != "not_addressed"].pivot(index="question", columns="source_id",
                                                                   values="stance")
stance_table''', "leaves out not_addressed, so some cells are empty (the visible check catches it)",
                fails=("a0_ex2_tests",)),
    ],
    "a0_ex3_answer": [
        Mistake('''consensus = claims.groupby("question", observed=True)["stance"].agg(
    lambda stances: stances.value_counts(normalize=True).max()
)
most_contested = str(consensus.idxmin())
consensus''', "counts the readings coded not_addressed (groups claims, not taken)",
                fails=("a0_ex3_consensus_tests", "a0_ex3_contested_tests"), secrets=("china_view", "0.4")),
        Mistake('''consensus = taken.groupby("question", observed=True)["stance"].agg(
    lambda stances: stances.value_counts(normalize=True).max()
)
most_contested = str(consensus.idxmax())
consensus''', "idxmax instead of idxmin: the most agreed question", fails=("a0_ex3_contested_tests",),
                secrets=("china_view",)),
        Mistake('''consensus = taken.groupby("question", observed=True)["stance"].agg(
    lambda stances: stances.value_counts(normalize=True).min()
)
most_contested = str(consensus.idxmin())
consensus''', "the share of the least common stance instead of the most common",
                fails=("a0_ex3_consensus_tests", "a0_ex3_contested_tests"), secrets=("china_view",)),
    ],
    "a0_ex4a_answer": [
        Mistake('''term_ends = [ussr_1961["signed"] + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))]
while term_ends[-1].year < 1996:
    term_ends.append(term_ends[-1] + pd.DateOffset(years=int(ussr_1961["renewal_term_years"])))
term_ends''', "counts the terms from the signing, not the entry into force (the visible check catches it)",
                fails=("a0_ex4a_tests",)),
        Mistake('''term_ends = [start + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))]
while term_ends[-1].year < 1996:
    term_ends.append(term_ends[-1] + pd.DateOffset(years=int(ussr_1961["renewal_term_years"])))
term_ends''', "the first term as long as the renewals", fails=("a0_ex4a_tests",), secrets=("1971-09-10",)),
        Mistake('''term_ends = [start + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))]
while term_ends[-1].year <= 1996:
    term_ends.append(term_ends[-1] + pd.DateOffset(years=int(ussr_1961["renewal_term_years"])))
term_ends''', "<= in the loop: one term end too many (the visible check catches it)", fails=("a0_ex4a_tests",)),
        Mistake('''term_ends = []
end = start + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
while end.year < 1996:
    end = end + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))
    term_ends.append(end)
term_ends''', "adds a term before appending: leaves out the end of the first term", fails=("a0_ex4a_tests",),
                secrets=("1971-09-10",)),
    ],
    "a0_ex4b_answer": [
        Mistake('''def lapse_date(notice):
    end = ussr_1961["entry_into_force"] + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    while end - pd.DateOffset(months=int(ussr_1961["notice_months"])) <= notice:
        end = end + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))
    return end


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
                "a notice exactly notice_months before a term end is refused (<= instead of <)",
                fails=("a0_ex4b_tests",), secrets=("1971-09-10",)),
        Mistake('''def lapse_date(notice):
    end = ussr_1961["entry_into_force"] + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    while end < notice:
        end = end + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))
    return end


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
                "forgets the notice period: the first term end after the notice", fails=("a0_ex4b_tests",),
                secrets=("2001-09-10",)),
        Mistake('''def lapse_date(notice):
    for end in term_ends:
        if end - pd.DateOffset(months=int(ussr_1961["notice_months"])) >= notice:
            return end


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
                "reads the list term_ends, which stops in 1996: no lapse date for later notices",
                fails=("a0_ex4b_tests",), secrets=("2001-09-10",)),
        Mistake('''def lapse_date(notice):
    end = ussr_1961["entry_into_force"] + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    while end - pd.DateOffset(months=int(ussr_1961["notice_months"])) < notice:
        end = end + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))
    print(end)


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
                "prints the term end instead of returning it (the visible check catches it)",
                fails=("a0_ex4b_tests",)),
        Mistake('''def lapse_date(notice):
    end = start + pd.DateOffset(years=int(ussr_1961["initial_term_years"]))
    while (end - notice).days < 365:
        end = end + pd.DateOffset(years=int(ussr_1961["renewal_term_years"]))
    return end


print("notice 7 Sep 1995 ->", lapse_date(pd.Timestamp("1995-09-07")).date())
print("notice 1 Dec 1991 ->", lapse_date(pd.Timestamp("1991-12-01")).date())''',
                "365 days instead of 12 months: accepts a notice one day short of a year before a leap-year term end",
                fails=("a0_ex4b_tests",), secrets=("2001-09-10",)),
    ],
}
