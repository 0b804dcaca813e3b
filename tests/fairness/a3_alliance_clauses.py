"""Fairness answers for Assignment 3 (alliance clauses): other correct routes and typical mistakes, per answer cell."""
from tests.fairness.spec import Answer, Mistake

EX2_CALL = 'code_clause("the other side will immediately provide assistance in accordance with Article 51 of the UN Charter")'

ALTERNATIVES = {
    "a3_ex1_answer": [
        Answer("""treaty_table = treaties.set_index("treaty_id")
assistance = provisions.loc[provisions["topic"].eq("assistance")].copy()
assistance["name"] = assistance["treaty_id"].map(treaty_table["name"])
assistance["signed"] = assistance["treaty_id"].map(treaty_table["signed"])
assistance = assistance[["provision_id", "treaty_id", "name", "signed", "article"] + FEATURES + ["wording_status"]]
assistance = assistance.sort_values("signed", kind="stable")
assistance
""", "map instead of merge; the index of provisions kept"),
        Answer("""columns = ["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]
assistance = provisions.query("topic == 'assistance'").merge(treaties[["treaty_id", "name", "signed"]], how="inner")
assistance = assistance[columns].astype({"trigger": "string", "obligation": "string", "immediacy": str,
                                         "geographic_scope": "string", "wording_status": "string",
                                         "signed": "datetime64[ns]", "name": object})
assistance = assistance.sort_values("signed", kind="mergesort").set_index("provision_id", drop=False)
assistance
""", "query and inner merge; string/object dtypes instead of categories, datetime64[ns], nullable boolean kept; "
     "provision_id as the index too"),
        Answer("""parts = []
for tid, name, signed in treaties.sort_values("signed")[["treaty_id", "name", "signed"]].itertuples(index=False):
    rows = provisions[(provisions["treaty_id"] == tid) & (provisions["topic"] == "assistance")].copy()
    rows["name"] = name
    rows["signed"] = signed
    parts.append(rows)
assistance = pd.concat(parts)[["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
assistance
""", "a loop over the treaties in signing order and pd.concat, no merge or sort of the clauses"),
    ],
    "a3_ex2_answer": [
        Answer("""import re


def code_clause(text):
    immediacy = "unspecified"
    if re.search(r"immediately|without delay", text, flags=re.IGNORECASE):
        immediacy = "immediate"
    elif re.search("forthwith", text, flags=re.IGNORECASE):
        immediacy = "forthwith"
    return {
        "immediacy": immediacy,
        "names_art51": re.search(r"article 51", text, flags=re.IGNORECASE) is not None,
        "domestic_condition": any(word in text.lower() for word in ("constitutional", "laws of")),
    }


""" + EX2_CALL + "\n", "regular expressions and any(...) instead of the code_immediacy call"),
        Answer("""import numpy as np


def code_clause(text):
    lowered = pd.Series([text], dtype="string").str.lower()
    return {
        "domestic_condition": lowered.str.contains("constitutional|laws of", regex=True).to_numpy(dtype=bool)[0],
        "immediacy": np.str_(code_immediacy(text)),
        "names_art51": np.bool_(lowered.str.contains("article 51", regex=False).iloc[0]),
    }


""" + EX2_CALL + "\n", "numpy types: np.bool_ and np.str_ values; keys in another order"),
        Answer("""def code_clause(text):
    folded = text.casefold()
    coded = dict()
    coded["domestic_condition"] = any(words in folded for words in ("constitutional", "laws of"))
    coded["names_art51"] = True if folded.find("article 51") >= 0 else False
    coded["immediacy"] = code_immediacy(folded)
    return coded


""" + EX2_CALL + "\n", "casefold, str.find and code_immediacy on the folded text"),
    ],
    "a3_ex3_answer": [
        Answer("""disagree = []
for provision_id, quotation, immediacy, art51, domestic in zip(
        quoted["provision_id"], quoted["quotation"], quoted["immediacy"], quoted["names_art51"],
        quoted["domestic_condition"]):
    coded = code_clause(quotation)
    if (coded["immediacy"], coded["names_art51"], coded["domestic_condition"]) != (immediacy, art51, domestic):
        disagree.append(provision_id)
rule_vs_hand = sorted(disagree)
rule_vs_hand
""", "a loop over zipped columns, comparing tuples"),
        Answer("""coded = pd.DataFrame([code_clause(q) for q in quoted["quotation"]], index=quoted.index)
differs = ((coded["immediacy"].astype("string") != quoted["immediacy"].astype("string"))
           | (coded["names_art51"].astype("boolean") != quoted["names_art51"])
           | (coded["domestic_condition"].astype("boolean") != quoted["domestic_condition"]))
rule_vs_hand = tuple(quoted.loc[differs.to_numpy(dtype=bool), "provision_id"].sort_values())
rule_vs_hand
""", "vectorised comparison with nullable dtypes; a tuple of str instead of a list"),
        Answer("""import numpy as np

coded = quoted["quotation"].apply(code_clause).apply(pd.Series)
mask = np.zeros(len(quoted), dtype=bool)
for key in ["immediacy", "names_art51", "domestic_condition"]:
    mask |= coded[key].astype(str).to_numpy() != quoted[key].astype(str).to_numpy()
rule_vs_hand = sorted(quoted["provision_id"][mask])
rule_vs_hand
""", "apply(pd.Series) and a numpy mask over text forms; a list of pandas str items"),
    ],
    "a3_ex4_answer": [
        Answer("""features = assistance.groupby("treaty_id", sort=False)[FEATURES].first()
features
""", "groupby(sort=False).first() instead of drop_duplicates"),
        Answer("""features = (assistance.loc[~assistance["treaty_id"].duplicated(), ["treaty_id", *FEATURES]]
            .set_index("treaty_id")
            .astype({"names_art51": bool, "domestic_condition": "boolean", "trigger": "string", "immediacy": object}))
features
""", "a duplicated() mask; numpy bool, nullable boolean, string and object columns"),
        Answer("""rows = {}
for _, row in assistance.iterrows():
    if row["treaty_id"] not in rows:
        rows[row["treaty_id"]] = {feature: row[feature] for feature in FEATURES}
features = pd.DataFrame.from_dict(rows, orient="index")
features.index.name = "treaty_id"
features
""", "a loop keeping the first row seen; object columns from a dict"),
    ],
    "a3_ex5_answer": [
        Answer("""names_51 = [treaty for treaty, named in features["names_art51"].items() if named]
domestic_law = features.index[features["domestic_condition"] == True].tolist()
open_ended = treaties.loc[treaties["renewal_term_years"].isna(), "treaty_id"].tolist()
runs_indefinitely = [treaty for treaty in open_ended if treaty != "uncharter1945"]
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "loops and comparisons instead of boolean indexing"),
        Answer("""import numpy as np

names_51 = list(np.array(features.index[features["names_art51"].to_numpy(dtype=bool)], dtype=str))[::-1]
domestic_law = sorted(features.query("domestic_condition == True").index)
runs_indefinitely = list(np.array(treaties.loc[treaties["renewal_term_years"].isna()
                                               & treaties["treaty_id"].ne("uncharter1945"), "treaty_id"],
                                  dtype=str))[::-1]
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "np.str_ items; the lists in reverse or alphabetical order (the prompt leaves the order free)"),
        Answer("""names_51 = sorted(set(assistance.loc[assistance["names_art51"] == True, "treaty_id"]))
domestic_law = features.query("domestic_condition").index.to_numpy()
runs_indefinitely = [treaty for treaty, term in zip(treaties["treaty_id"], treaties["renewal_term_years"])
                     if pd.isna(term) and treaty != "uncharter1945"][::-1]
""" + """print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "names_51 from assistance made unique with set; a numpy array; a loop in reverse order"),
    ],
    "a3_ex6_answer": [
        Answer("""old = provisions.loc[provisions["provision_id"] == "ussrdprk1961-art1", FEATURES].iloc[0]
new = provisions.loc[provisions["provision_id"] == "dprkrus2024-art4-tass", FEATURES].iloc[0]
changed = []
for feature in FEATURES:
    if old[feature] != new[feature]:
        changed.append(feature)
changed
""", "a loop with two selected rows"),
        Answer("""import numpy as np

pair = provisions.set_index("provision_id").loc[["ussrdprk1961-art1", "dprkrus2024-art4-tass"], FEATURES].astype(str)
changed = list(np.array(FEATURES)[(pair.iloc[0] != pair.iloc[1]).to_numpy()])
changed
""", "a vectorised comparison; np.str_ items"),
        Answer("""coded = provisions.set_index("provision_id")[FEATURES]
diff = coded.loc[["ussrdprk1961-art1"]].reset_index(drop=True).astype(str).compare(
    coded.loc[["dprkrus2024-art4-tass"]].reset_index(drop=True).astype(str))
changed = tuple(feature for feature in FEATURES if feature in diff.columns.get_level_values(0))
changed
""", "DataFrame.compare; a tuple"),
    ],
}

MISTAKES = {
    "a3_ex1_answer": [
        Mistake("""assistance = (
    provisions[provisions["topic"] == "assistance"]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="left")
    [["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
    .sort_values(["signed", "provision_id"])
)
assistance
""", "sorts by signed and provision_id, losing the table's order within the 2024 treaty",
            fails=("a3_ex1_tests",), secrets=("dprkrus2024-art4-yonhap",)),
        Mistake("""assistance = (
    provisions[provisions["topic"] == "assistance"]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="left")
    [["provision_id", "name", "signed", "treaty_id", "article", *FEATURES, "wording_status"]]
    .sort_values("signed", kind="stable")
)
assistance
""", "columns in the wrong order", fails=("a3_ex1_tests",)),
        Mistake("""assistance = (
    provisions[provisions["topic"] == "assistance"]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="left")
    [["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
    .sort_values("signed", kind="stable")
    .drop_duplicates("treaty_id")
)
assistance
""", "keeps one clause per treaty, dropping the other translations of 2024",
            fails=("a3_ex1_tests",), secrets=("dprkrus2024-art4-kcna",)),
        Mistake("""assistance = (
    provisions[provisions["topic"] == "assistance"]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="left")
    [["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
    .sort_values("signed", ascending=False, kind="stable")
)
assistance
""", "newest first (a later exercise built on this order must not lose points)", fails=("a3_ex1_tests",)),
        Mistake("""assistance = (
    provisions[(provisions["topic"] == "assistance") & (provisions["wording_status"] == "seen")]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="left")
    [["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
    .sort_values("signed", kind="stable")
)
assistance
""", "keeps only the clauses seen in full, dropping US-ROK and PRC-DPRK (features and the queries built on it "
     "must not lose points)", fails=("a3_ex1_tests",), secrets=("usrok1953-art3", "prcdprk1961-art2")),
        Mistake("""assistance = (
    provisions[provisions["topic"] == "assistance"]
    .merge(treaties[["treaty_id", "name", "signed"]], on="treaty_id", how="right")
    [["provision_id", "treaty_id", "name", "signed", "article", *FEATURES, "wording_status"]]
    .sort_values("signed", kind="stable")
)
assistance
""", "how='right': treaties without an assistance clause come in with empty rows", fails=("a3_ex1_tests",)),
    ],
    "a3_ex2_answer": [
        Mistake("""def code_clause(text):
    lowered = text.lower()
    return {
        "immediacy": code_immediacy(text),
        "names_art51": "Article 51" in text,
        "domestic_condition": "constitutional" in lowered or "laws of" in lowered,
    }


""" + EX2_CALL + "\n", "looks for 'Article 51' with its capital only", fails=("a3_ex2_tests",)),
        Mistake("""def code_clause(text):
    lowered = text.lower()
    return {
        "immediacy": code_immediacy(text),
        "names_art51": "article 51" in lowered,
        "domestic_condition": "constitutional" in lowered,
    }


""" + EX2_CALL + "\n", "forgets 'laws of'", fails=("a3_ex2_tests",)),
        Mistake("""def code_clause(text):
    lowered = text.lower()
    return {
        "immediacy": code_immediacy(text),
        "names_art51": "yes" if "article 51" in lowered else "no",
        "domestic_condition": "yes" if ("constitutional" in lowered or "laws of" in lowered) else "no",
    }


""" + EX2_CALL + "\n", "'yes'/'no' text instead of True/False", fails=("a3_ex2_tests",)),
        Mistake("""def code_clause(text):
    lowered = text.lower()
    if "forthwith" in lowered:
        immediacy = "forthwith"
    elif "immediately" in lowered or "without delay" in lowered:
        immediacy = "immediate"
    else:
        immediacy = "unspecified"
    return {
        "immediacy": immediacy,
        "names_art51": "article 51" in lowered,
        "domestic_condition": "constitutional" in lowered or "laws of" in lowered,
    }


""" + EX2_CALL + "\n", "tests 'forthwith' before 'immediately', unlike code_immediacy", fails=("a3_ex2_tests",)),
        Mistake("""def code_clause(text):
    lowered = text.lower()
    return {
        "immediacy": code_immediacy(text),
        "names_art51": "article 51" in lowered,
        "domestic_condition": "constitution" in lowered or "laws" in lowered,
    }


""" + EX2_CALL + "\n", "looks for 'constitution' and 'laws' instead of the exact words", fails=("a3_ex2_tests",)),
        Mistake("""def code_clause(text):
    lowered = text.lower()
    return {
        "immediacy": code_immediacy(text),
        "names_art51": "51" in lowered,
        "domestic_condition": "constitutional" in lowered or "laws of" in lowered,
    }


""" + EX2_CALL + "\n", "looks for the number 51 alone", fails=("a3_ex2_tests",)),
    ],
    "a3_ex3_answer": [
        Mistake("""rule_vs_hand = [
    row["provision_id"] for _, row in quoted.iterrows()
    if code_clause(row["quotation"]) != {"immediacy": row["immediacy"], "names_art51": bool(row["names_art51"]),
                                          "domestic_condition": bool(row["domestic_condition"])}
]
rule_vs_hand
""", "not sorted (the order of quoted)", fails=("a3_ex3_tests",)),
        Mistake("""rule_vs_hand = sorted(
    row["provision_id"] for _, row in quoted.iterrows()
    if code_clause(row["quotation"])["immediacy"] != row["immediacy"]
)
rule_vs_hand
""", "compares immediacy only", fails=("a3_ex3_tests",), secrets=("usjapan1960-art5", "usrok1953-art3")),
        Mistake("""rule_vs_hand = sorted(
    row["provision_id"] for _, row in quoted.iterrows()
    if code_clause(row["quotation"]) == {"immediacy": row["immediacy"], "names_art51": bool(row["names_art51"]),
                                          "domestic_condition": bool(row["domestic_condition"])}
)
rule_vs_hand
""", "lists the clauses where rule and hand coding agree", fails=("a3_ex3_tests",),
            secrets=("usjapan1960-art5", "nato1949-art5")),
    ],
    "a3_ex4_answer": [
        Mistake("""assistance = assistance.iloc[:0]
features = assistance.drop_duplicates("treaty_id").set_index("treaty_id")[FEATURES]
features
""", "a cheat: an empty assistance so that an empty features matches it; nothing carried forward from it",
                fails=("a3_ex4_tests", "a3_ex5_names51_tests", "a3_ex5_domestic_tests")),
        Mistake("""features = assistance.groupby("treaty_id")[FEATURES].first()
features
""", "groupby sorts the treaties alphabetically, not by signing date", fails=("a3_ex4_tests",)),
        Mistake("""features = (assistance[assistance["provision_id"] != "dprkrus2024-art4-yonhap"]
            .drop_duplicates("treaty_id").set_index("treaty_id")[FEATURES])
features
""", "keeps the Russian-based TASS translation of 2024 instead of the first row", fails=("a3_ex4_tests",),
            secrets=("armed_invasion_state_of_war",)),
        Mistake("""features = assistance.drop_duplicates("treaty_id").set_index("treaty_id")[[*FEATURES, "wording_status"]]
features
""", "keeps wording_status as a seventh column", fails=("a3_ex4_tests",)),
        Mistake("""features = assistance[assistance["wording_status"] == "seen"].drop_duplicates("treaty_id").set_index("treaty_id")[FEATURES]
features
""", "keeps only clauses seen in full (the queries built on features must not lose points)",
            fails=("a3_ex4_tests",)),
    ],
    "a3_ex5_answer": [
        Mistake("""names_51 = list(assistance.loc[assistance["names_art51"].fillna(False).astype(bool), "treaty_id"])
domestic_law = list(features.index[features["domestic_condition"].fillna(False).astype(bool)])
runs_indefinitely = list(treaties.loc[treaties["renewal_term_years"].isna() & (treaties["treaty_id"] != "uncharter1945"), "treaty_id"])
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "names_51 from assistance: the 2024 treaty three times", fails=("a3_ex5_names51_tests",)),
        Mistake("""names_51 = list(features.index[features["names_art51"].fillna(False).astype(bool)])
domestic_law = list(features.index[~features["domestic_condition"].fillna(False).astype(bool)])
runs_indefinitely = list(treaties.loc[treaties["renewal_term_years"].isna() & (treaties["treaty_id"] != "uncharter1945"), "treaty_id"])
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "domestic_law inverted (the clauses without a domestic condition)", fails=("a3_ex5_domestic_tests",),
            secrets=("usrok1953",)),
        Mistake("""names_51 = list(features.index[features["names_art51"].fillna(False).astype(bool)])
domestic_law = list(features.index[features["domestic_condition"].fillna(False).astype(bool)])
runs_indefinitely = list(treaties.loc[treaties["renewal_term_years"].isna(), "treaty_id"])
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "keeps the UN Charter in runs_indefinitely", fails=("a3_ex5_indefinite_tests",)),
        Mistake("""names_51 = list(features.index[features["names_art51"].fillna(False).astype(bool)])
domestic_law = list(features.index[features["domestic_condition"].fillna(False).astype(bool)])
runs_indefinitely = list(treaties.loc[treaties["initial_term_years"].isna() & (treaties["treaty_id"] != "uncharter1945"), "treaty_id"])
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "uses initial_term_years instead of renewal_term_years", fails=("a3_ex5_indefinite_tests",),
            secrets=("nato1949", "usjapan1960")),
        Mistake("""names_51 = list(features.index[features["domestic_condition"].fillna(False).astype(bool)])
domestic_law = list(features.index[features["domestic_condition"].fillna(False).astype(bool)])
runs_indefinitely = list(treaties.loc[treaties["renewal_term_years"].isna() & (treaties["treaty_id"] != "uncharter1945"), "treaty_id"])
print("Art. 51:", names_51)
print("Domestic law:", domestic_law)
print("Indefinite:", runs_indefinitely)
""", "names_51 from the wrong column (copy-paste of domestic_condition)", fails=("a3_ex5_names51_tests",),
            secrets=("nato1949",)),
    ],
    "a3_ex6_answer": [
        Mistake("""rows = provisions.set_index("provision_id").loc[["ussrdprk1961-art1", "dprkrus2024-art4-yonhap"], FEATURES]
changed = [feature for feature in FEATURES if str(rows.iloc[0][feature]) != str(rows.iloc[1][feature])]
changed
""", "compares with the Yonhap translation instead of TASS", fails=("a3_ex6_tests",)),
        Mistake("""rows = provisions.set_index("provision_id").loc[["ussrdprk1961-art1", "dprkrus2024-art4-tass"], FEATURES]
changed = sorted(feature for feature in FEATURES if str(rows.iloc[0][feature]) != str(rows.iloc[1][feature]))
changed
""", "sorted alphabetically instead of in the order of FEATURES", fails=("a3_ex6_tests",)),
        Mistake("""rows = provisions.set_index("provision_id").loc[["ussrdprk1961-art1", "dprkrus2024-art4-tass"], FEATURES]
changed = [feature for feature in FEATURES if str(rows.iloc[0][feature]) == str(rows.iloc[1][feature])]
changed
""", "lists the features that stay the same", fails=("a3_ex6_tests",)),
    ],
}
