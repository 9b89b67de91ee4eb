"""Shared helpers of the gazetteer tools: khabar's matching normalization and TSV reading.

`norm` follows src/text/normalize.rs (DESIGN.md's list): presentation forms to base letters,
invisible marks dropped, Arabic-Indic and Persian digits to ASCII, tashkeel and tatweel dropped,
أ إ آ ٱ -> ا, ى ی ئ -> ي, ک -> ك, ة -> ه, ؤ -> و, quotes and dashes unified, Latin case folded
(unless keep_case), whitespace collapsed. The generators and checkers must key forms the same
way khabar matches them, so every tool imports it from here.
"""
import os
import re
import unicodedata

TASHKEEL = re.compile("[\u064B-\u065F\u0670\u0640]")
INVISIBLE = re.compile("[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\u00AD\uFEFF]")
PRESENTATION = re.compile("[\uFB50-\uFDFF\uFE70-\uFEFE]")
MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u0672": "ا", "\u0673": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي", "ک": "ك", "ة": "ه", "ؤ": "و",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
})


def norm(s, keep_case=False):
    s = PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), s)
    s = INVISIBLE.sub("", s)
    s = TASHKEEL.sub("", s).translate(MAP)
    s = " ".join(s.split())
    return s if keep_case else s.casefold()


def lexicon_words(root, cls, lang="ar"):
    """The normalized words of one lexicon class of ROOT/lexicon.tsv (the file resolution
    reads: "particle", "between", "conjunction" ...), so the tools and khabar share one list."""
    return {norm(r["word"]) for r in rows(os.path.join(root, "lexicon.tsv"))
            if r.get("class") == cls and r.get("lang") == lang}


def rows(path):
    """The rows of one gazetteer TSV file as dicts keyed by its header (comments and blank
    lines skipped, short rows padded)."""
    header = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            cols += [""] * (len(header) - len(cols))
            yield dict(zip(header, cols))


def nisba_names(alias_rows):
    """Country names that are also their definite nisba: a name with the article whose form
    without it is listed as the country's nisba (السعودية, with the nisba سعودية). The country
    table lists such a form once, as a name (no form has two certain readings), so the
    tables of bodies named by the nisba ("الحكومة السعودية", "وزارة الخارجية السعودية") add
    it to the country's nisba forms here. Returns {entity: [forms]}."""
    alias_rows = list(alias_rows)
    indefinite = {(r["entity"], r["alias"]) for r in alias_rows if r.get("kind") == "nisba"}
    out = {}
    for r in alias_rows:
        a = r["alias"]
        if r.get("kind") == "name" and a.startswith("ال") and " " not in a \
                and (r["entity"], a[2:]) in indefinite:
            out.setdefault(r["entity"], []).append(a)
    return out


def english_country_name(en):
    """A country's English name as it reads after "of" ("Ministry of the United States")."""
    if re.match(r"(United|Republic|Democratic|Czech|Central African|Dominican Republic|Netherlands|Philippines|Bahamas|Gambia)\b", en) \
            or re.search(r"(Islands|Republic|Emirates|States)$", en):
        return "the " + en
    return en


def demonym_adjectives(demonyms):
    """The adjectives among a country's demonyms: those whose plural with s is also listed
    (Russian/Russians), else those not ending in s, else the first."""
    s = set(demonyms)
    adj = [d for d in demonyms if d + "s" in s]
    if not adj:
        adj = [d for d in demonyms if not d.endswith("s")] or demonyms[:1]
    return sorted(set(adj), key=demonyms.index)
