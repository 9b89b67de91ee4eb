"""Type stubs of the compiled module (re-exported by `khabar`)."""

import datetime
import os
from typing import Any, Iterable, Iterator, Literal, Sequence, overload

SCHEMA: str
"""The schema version written in every extraction: "khabar/1"."""

__version__: str

_Path = str | os.PathLike[str]
_Date = str | datetime.date

class KhabarError(Exception):
    """Base class of khabar's errors."""

class ConfigError(KhabarError):
    """Gazetteer or rule files that cannot be loaded; the message names each file:line."""

class RecordError(KhabarError):
    """A record that cannot be extracted."""

    reason: str
    """The reason, as `khabar extract` writes it to its rejects file."""
    index: int | None
    """The record's position in the input of `extract_many` (None for `extract`)."""

Extraction = dict[str, Any]
"""One document's extraction ("khabar/1"): schema, doc_id, lang, date, entities, relations,
warnings (the repository README describes every field)."""

class Extractions(Iterator[Any]):
    """The results of `Pipeline.extract_many`, in input order."""

    def __iter__(self) -> Extractions: ...
    def __next__(self) -> Any: ...

class Pipeline:
    """A khabar pipeline: gazetteers and rules loaded once, then used for any number of
    documents; immutable and safe to share between threads."""

    def __init__(
        self,
        gazetteers: _Path | None = None,
        rules: _Path | None = None,
        add_gazetteers: _Path | Sequence[_Path] | None = None,
        add_rules: _Path | Sequence[_Path] | None = None,
        tagger: bool = True,
    ) -> None: ...
    @property
    def tagger(self) -> bool:
        """Whether the name tagger stage runs (the CLI's `--no-tagger` is `tagger=False`)."""
    @property
    def fingerprint(self) -> str:
        """A fingerprint of the loaded gazetteers and rules."""
    @overload
    def extract(
        self,
        text: str,
        id: str | None = None,
        lang: str | None = None,
        date: _Date | None = None,
        *,
        output: Literal["dict"] = "dict",
        max_token_bytes: int = 65536,
    ) -> Extraction: ...
    @overload
    def extract(
        self,
        text: str,
        id: str | None = None,
        lang: str | None = None,
        date: _Date | None = None,
        *,
        output: Literal["json"],
        max_token_bytes: int = 65536,
    ) -> str: ...
    def extract_many(
        self,
        records: Iterable[str | dict[str, Any]],
        threads: int | None = None,
        *,
        input: Literal["text", "jsonl"] = "text",
        output: Literal["dict", "json"] = "dict",
        on_bad_record: Literal["fail", "reject", "skip"] = "fail",
        id_field: str = "id",
        text_field: str = "text",
        date_field: str = "date",
        lang_field: str = "lang",
        date: _Date | None = None,
        max_token_bytes: int = 65536,
        chunk_records: int = 256,
    ) -> Extractions:
        """Yields one extraction per record (a dict, or JSON text with output="json"), in input
        order; with on_bad_record="reject", {"index", "reason", "rejected": True} in a bad
        record's place."""
