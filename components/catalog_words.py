"""The catalog's words in a trained model: read from the training data, stored, loaded.

Both components that read entities (the entity-type featurizer and the extractor)
store the same vocabulary — product names, kinds, groups from data/lookups/ — so a
model parses with the catalog it was trained on, whatever the database holds later.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Sequence

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from kontor.catalog_vocabulary import from_training_data

Vocabulary = Dict[str, Dict[str, List[str]]]
FILE = "catalog_words.json"


def vocabulary_of(training_data: TrainingData) -> Vocabulary:
    """The lookup tables and synonyms of the catalog's entity types."""
    return from_training_data(
        training_data.lookup_tables, training_data.entity_synonyms
    )


def vocabulary_from_files(paths: Sequence[Path]) -> Vocabulary:
    """The catalog's words of NLU files (data/lookups/*.yml), as training reads them."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = TrainingData()
    for path in paths:
        data = data.merge(RasaYAMLReader().read(str(path)))
    return vocabulary_of(data)


def store(
    vocabulary: Vocabulary, model_storage: ModelStorage, resource: Resource
) -> None:
    """Write ``vocabulary`` into the model."""
    with model_storage.write_to(resource) as directory:
        (directory / FILE).write_text(
            json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8"
        )


def restore(model_storage: ModelStorage, resource: Resource) -> Vocabulary:
    """The vocabulary a model was trained with (empty if it stored none)."""
    try:
        with model_storage.read_from(resource) as directory:
            path = directory / FILE
            if not path.exists():
                return {}
            return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # nothing stored for this resource
        return {}
