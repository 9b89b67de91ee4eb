"""khabar: named entities and relations from Arabic and English news.

>>> import khabar
>>> nlp = khabar.Pipeline()
>>> ex = nlp.extract("أجرت روسيا والجزائر مفاوضات بشأن الغاز", id="d1")
>>> ex["schema"], [e["id"] for e in ex["entities"]]
('khabar/1', ['country:RUS', 'country:DZA'])

``Pipeline.extract`` returns exactly the object ``khabar extract`` writes for a document
(``json.loads`` of its JSON line, keys in the same order); ``Pipeline.extract_many`` runs many
records on worker threads, without the GIL, in input order. The output schema ("khabar/1") is
described in the repository's README.
"""

from ._khabar import (
    SCHEMA,
    ConfigError,
    Extractions,
    KhabarError,
    Pipeline,
    RecordError,
    __version__,
)

__all__ = [
    "SCHEMA",
    "ConfigError",
    "Extractions",
    "KhabarError",
    "Pipeline",
    "RecordError",
    "__version__",
]
