#!/usr/bin/env python3
"""Generate gazetteers/ministries.tsv and gazetteers/ministry-aliases.tsv (stdlib only).

Ministries are not listed by hand: a portfolio list (below, written for this project) is
crossed with the UN member states (+ Palestine) of gazetteers/countries.tsv, whose Arabic
nisba adjectives and English demonyms come from gazetteers/country-aliases.tsv
(kinds `nisba` / `demonym`, see gazetteers/README.md).

Output ids: agency:<iso3 lower>-<portfolio>-ministry (agency:rus-foreign-ministry), type
AGENCY, kind ministry, country set. Names: "Ministry of Foreign Affairs of Russia" /
"وزارة الخارجية الروسية". Aliases: "الخارجية الروسية" (short), "وزارة خارجية روسيا",
"Russian Foreign Ministry", "Russian Ministry of Foreign Affairs", ... A bare
"وزارة الخارجية" (no country) is never an alias. A generated form shared by two
ministries (e.g. both Congos have the nisba الكونغولية) is flagged `ambiguous` on all of
them, and the canonical Arabic name then uses "في <country>" instead of the nisba.

Usage: gen_ministries.py [GAZETTEER_DIR]   (default: gazetteers/ of this repo)
Deterministic: same inputs, same bytes.
"""
import os
import re
import sys
from collections import defaultdict

from gazlib import demonym_adjectives, english_country_name, nisba_names, norm, rows

UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
OBSERVERS = ["PSE"]  # news names its ministries constantly
ARAB_LEAGUE = set("DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM".split())

# slug, Arabic (definite), extra Arabic portfolio names, English "Ministry of X", English "X Ministry"
# forms, where (None = every country, or a set of ISO3 codes)
PORTFOLIOS = [
    ("foreign", "الخارجية", ["الشؤون الخارجية"], "Foreign Affairs", ["Foreign"], None),
    ("defence", "الدفاع", [], "Defence", ["Defence", "Defense"], None),
    ("interior", "الداخلية", [], "the Interior", ["Interior"], None),
    ("finance", "المالية", [], "Finance", ["Finance"], None),
    ("justice", "العدل", [], "Justice", ["Justice"], None),
    ("health", "الصحة", [], "Health", ["Health"], None),
    ("economy", "الاقتصاد", [], "Economy", ["Economy"], None),
    ("energy", "الطاقة", [], "Energy", ["Energy"], None),
    ("trade", "التجارة", [], "Trade", ["Trade", "Commerce"], None),
    ("education", "التربية", ["التعليم", "التربية والتعليم"], "Education", ["Education"], None),
    ("higher-education", "التعليم العالي", [], "Higher Education", ["Higher Education"], None),
    ("agriculture", "الزراعة", [], "Agriculture", ["Agriculture"], None),
    ("industry", "الصناعة", [], "Industry", ["Industry"], None),
    ("transport", "النقل", [], "Transport", ["Transport"], None),
    ("culture", "الثقافة", [], "Culture", ["Culture"], None),
    ("information", "الإعلام", [], "Information", ["Information"], None),
    ("tourism", "السياحة", [], "Tourism", ["Tourism"], None),
    ("labour", "العمل", [], "Labour", ["Labour", "Labor"], None),
    ("communications", "الاتصالات", [], "Communications", ["Communications"], None),
    ("housing", "الإسكان", [], "Housing", ["Housing"], None),
    ("environment", "البيئة", [], "Environment", ["Environment"], None),
    ("social-affairs", "الشؤون الاجتماعية", [], "Social Affairs", ["Social Affairs"], None),
    ("youth-sports", "الشباب والرياضة", [], "Youth and Sports", ["Sports"], None),
    ("oil", "النفط", ["البترول"], "Oil", ["Oil", "Petroleum"],
     set("IRQ IRN KWT SYR SDN SSD LBY VEN YEM BHR EGY NGA".split())),
    ("emergencies", "الطوارئ", ["حالات الطوارئ"], "Emergency Situations", ["Emergencies", "Emergency Situations"],
     set("RUS BLR KAZ KGZ TJK AZE ARM UZB".split())),
    ("water", "الموارد المائية", ["الري", "الموارد المائية والري"], "Water Resources", ["Water Resources", "Irrigation"],
     ARAB_LEAGUE | {"IRN", "TUR", "ETH"}),
    ("religious-affairs", "الأوقاف", ["الشؤون الدينية", "الأوقاف والشؤون الدينية", "الشؤون الإسلامية"], "Religious Affairs", ["Religious Affairs", "Endowments"],
     ARAB_LEAGUE | {"TUR", "PAK", "IDN", "MYS"}),
    ("electricity", "الكهرباء", [], "Electricity", ["Electricity"],
     set("IRQ EGY SYR YEM KWT SDN LBN PAK".split())),
    ("planning", "التخطيط", [], "Planning", ["Planning"], ARAB_LEAGUE),
    ("investment", "الاستثمار", [], "Investment", ["Investment"], ARAB_LEAGUE | {"UZB", "TUR"}),
]
MAJOR = {"foreign", "defence", "interior", "finance", "justice", "health", "economy", "energy", "trade", "oil"}

# country-specific names news uses (Arabic forms and English names of the department)
OVERRIDES = {
    ("USA", "foreign"): {"en": "United States Department of State",
                         "aliases": ["State Department", "US State Department", "U.S. State Department",
                                     "Department of State", "US Department of State"]},
    ("USA", "defence"): {"en": "United States Department of Defense",
                         "aliases": ["Department of Defense", "US Department of Defense", "Defense Department",
                                     "U.S. Department of Defense", "#DoD^"]},
    ("USA", "finance"): {"en": "United States Department of the Treasury", "ar": "وزارة الخزانة الأمريكية",
                         "aliases": ["US Treasury", "U.S. Treasury", "Treasury Department", "US Treasury Department",
                                     "وزارة الخزانة الأميركية", "~الخزانة الأمريكية", "~الخزانة الأميركية"]},
    ("USA", "interior"): {"en": "United States Department of the Interior", "aliases": ["Interior Department"]},
    ("USA", "justice"): {"en": "United States Department of Justice",
                         "aliases": ["Justice Department", "US Justice Department", "#DOJ^"]},
    ("GBR", "foreign"): {"en": "Foreign, Commonwealth and Development Office",
                         "aliases": ["Foreign Office", "British Foreign Office", "#FCDO", "UK Foreign Office"]},
    ("GBR", "defence"): {"en": "Ministry of Defence of the United Kingdom", "aliases": ["UK Ministry of Defence"]},
    ("GBR", "interior"): {"en": "Home Office", "aliases": ["British Home Office", "UK Home Office"]},
    ("GBR", "finance"): {"en": "HM Treasury", "ar": "وزارة الخزانة البريطانية",
                         "aliases": ["British Treasury", "UK Treasury", "~الخزانة البريطانية"]},
    ("EGY", "oil"): {"ar": "وزارة البترول المصرية", "en": "Ministry of Petroleum of Egypt",
                     "aliases": ["~البترول المصرية", "وزارة البترول والثروة المعدنية"]},
    ("DZA", "energy"): {"aliases": ["وزارة الطاقة والمناجم", "Ministry of Energy and Mines of Algeria"]},
    ("RUS", "emergencies"): {"aliases": ["#EMERCOM", "وزارة الطوارئ الروسية"]},
    ("SAU", "interior"): {},
}

AR = re.compile(r"[\u0600-\u06FF]")


def normalize(s, case=False):
    return norm(s, keep_case=case)


def read_table(path):
    return list(rows(path))


def construct_form(ar_def):
    """الخارجية -> خارجية (first word without the article), for 'وزارة خارجية روسيا'."""
    w = ar_def.split(" ")
    if w[0].startswith("ال"):
        w[0] = w[0][2:]
    return " ".join(w)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers")
    root = os.path.normpath(root)
    cpath, apath = os.path.join(root, "countries.tsv"), os.path.join(root, "country-aliases.tsv")
    if not os.path.exists(cpath):
        sys.exit(f"{cpath} not found: the countries table is needed (README format, header starting with id)")
    countries = {r["id"]: r for r in read_table(cpath) if r.get("type") == "COUNTRY"}
    nisba, demonym = defaultdict(list), defaultdict(list)
    if os.path.exists(apath):
        alias_rows = list(read_table(apath))
        for cid, forms in nisba_names(alias_rows).items():
            nisba[cid].extend(forms)
        for r in alias_rows:
            if r.get("kind") == "nisba":
                nisba[r["entity"]].append(r["alias"])
            elif r.get("kind") == "demonym":
                demonym[r["entity"]].append(r["alias"])

    def fem_nisba(cid):
        # definite feminine singular: every word ends in ية, first word has the article
        out = []
        for a in nisba.get(cid, []):
            w = a.split(" ")
            if w[0].startswith("ال") and all(x.endswith("ية") for x in w) and a not in out:
                out.append(a)
        return out

    def adjectives(cid):
        return demonym_adjectives(demonym.get(cid, []))

    ents, aliases = [], []
    missing = []
    for iso in UN_MEMBERS + OBSERVERS:
        cid = "country:" + iso
        c = countries.get(cid)
        if not c:
            missing.append(iso)
            continue
        cen, car = c.get("en", ""), c.get("ar", "")
        cen = english_country_name(cen)
        nis, adj = fem_nisba(cid), adjectives(cid)
        for slug, ar_def, ar_more, en_of, en_short, where in PORTFOLIOS:
            if where is not None and iso not in where:
                continue
            ov = OVERRIDES.get((iso, slug), {})
            mid = f"agency:{iso.lower()}-{slug}-ministry"
            en_name = ov.get("en") or f"Ministry of {en_of} of {cen}"
            cand_ar = []  # (form, kind) in order of preference for the canonical name
            for n in nis:
                cand_ar.append((f"وزارة {ar_def} {n}", "name"))
            if car:
                cand_ar.append((f"وزارة {construct_form(ar_def)} {car}", "name"))
                cand_ar.append((f"وزارة {ar_def} في {car}", "name"))
            al = []
            for form, kind in cand_ar:
                al.append((form, kind))
            for more in ar_more:
                for n in nis:
                    al.append((f"وزارة {more} {n}", "name"))
            if slug in MAJOR or where is not None:
                for n in nis:
                    # Without وزارة only "الخارجية X" is a reliable name: "الدفاع الروسية" is as
                    # often "Russian defence" (صناعة الدفاع الروسية), so other portfolios'
                    # short forms are held back as ambiguous.
                    al.append((f"{ar_def} {n}".strip(), "short" if slug == "foreign" else "short~ambiguous"))
                    if slug == "foreign":
                        # "السياسة الخارجية الروسية" is Russian foreign policy: an ambiguous
                        # longer form so the longest match holds the short form back.
                        al.append((f"السياسة {ar_def} {n}", "name~ambiguous"))
            for a in adj:
                for s in en_short:
                    al.append((f"{a} {s} Ministry", "name"))
                al.append((f"{a} Ministry of {en_of}", "name"))
            al.append((f"{en_name}", "name"))
            if not ov.get("en"):
                al.append((f"{en_short[0]} Ministry of {cen}", "name"))
            for x in ov.get("aliases", []):
                k = "name"
                if x[:1] in "~#":
                    k = {"~": "short", "#": "abbrev"}[x[0]]
                    x = x[1:]
                al.append((x, k))
            ents.append({"id": mid, "en": en_name, "ar_cands": cand_ar, "ar_override": ov.get("ar"),
                         "country": cid, "aliases": al})
    # which normalized forms belong to more than one ministry?
    owners = defaultdict(set)
    for e in ents:
        forms = [f for f, _ in e["aliases"]] + [f for f, _ in e["ar_cands"]]
        if e["ar_override"]:
            forms.append(e["ar_override"])
        for f in forms:
            case = f.endswith("^")
            owners[normalize(f.rstrip("^"), case)].add(e["id"])
    ent_rows, alias_rows = [], []
    for e in ents:
        ar_name = e["ar_override"]
        if not ar_name:
            for f, _ in e["ar_cands"]:
                if len(owners[normalize(f)]) == 1:
                    ar_name = f
                    break
        en_name = e["en"] if len(owners[normalize(e["en"])]) == 1 else ""
        if not ar_name and not en_name:
            print(f"warning: {e['id']}: no unique name, skipped", file=sys.stderr)
            continue
        ent_rows.append((e["id"], en_name, ar_name or "", e["country"]))
        seen = {en_name, ar_name}
        for f, kind in e["aliases"] + e["ar_cands"]:
            flags = []
            if kind.endswith("~ambiguous"):
                kind = kind[: -len("~ambiguous")]
                flags.append("ambiguous")
            if f.endswith("^"):
                f = f[:-1]
                flags.append("case")
            if f in seen:
                continue
            seen.add(f)
            if len(owners[normalize(f, "case" in flags)]) > 1 and "ambiguous" not in flags:
                flags.append("ambiguous")
            if kind == "abbrev" and "case" not in flags and f.isupper():
                flags.append("case")
            lang = "ar" if AR.search(f) else "en"
            alias_rows.append((e["id"], f, lang, kind, "|".join(sorted(flags))))
    head = ("# generated by tools/gazetteer/gen_ministries.py from the portfolio list in that script x "
            "countries.tsv / country-aliases.tsv (UN member states + Palestine); do not edit by hand\n")
    with open(os.path.join(root, "ministries.tsv"), "w", encoding="utf-8") as o:
        o.write(head + "id\ttype\tkind\ten\tar\tcountry\n")
        for r in ent_rows:
            o.write(f"{r[0]}\tAGENCY\tministry\t{r[1]}\t{r[2]}\t{r[3]}\n")
    with open(os.path.join(root, "ministry-aliases.tsv"), "w", encoding="utf-8") as o:
        o.write(head + "entity\talias\tlang\tkind\tflags\n")
        for r in alias_rows:
            o.write("\t".join(r) + "\n")
    if missing:  # the countries file should list every UN member state
        print(f"warning: not in countries.tsv: {' '.join(missing)}", file=sys.stderr)
    print(f"{len(ent_rows)} ministries, {len(alias_rows)} aliases")


if __name__ == "__main__":
    main()
