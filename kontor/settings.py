"""Settings of the business logic, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kontor.db import DEFAULT_URL
from kontor.language import SUPPORTED


@dataclass(frozen=True)
class Settings:
    """Where the company facts and the business data live; the first language."""

    company_file: Path = Path("company.yml")
    default_language: str = "de"
    database_url: str = DEFAULT_URL
    # where imports write the catalog's words for training
    catalog_lookup: Path = Path("data/lookups/catalog.yml")
    # where leads go besides our database: local (none), hubspot or pipedrive
    crm: str = "local"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        """Read the KONTOR_… variables (.env.example names them), with defaults."""
        language = env.get("KONTOR_DEFAULT_LANGUAGE", cls.default_language)
        if language not in SUPPORTED:
            raise ValueError(
                f"KONTOR_DEFAULT_LANGUAGE={language!r}: "
                f"use one of {', '.join(SUPPORTED)}"
            )
        return cls(
            company_file=Path(env.get("KONTOR_COMPANY_FILE", str(cls.company_file))),
            default_language=language,
            database_url=env.get("KONTOR_DATABASE_URL") or cls.database_url,
            crm=_crm(env.get("KONTOR_CRM") or cls.crm),
            catalog_lookup=Path(
                env.get("KONTOR_CATALOG_LOOKUP") or str(cls.catalog_lookup)
            ),
        )


CRMS = ("local", "hubspot", "pipedrive")


def _crm(name: str) -> str:
    name = name.strip().lower()
    if name not in CRMS:
        raise ValueError(f"KONTOR_CRM={name!r}: use one of {', '.join(CRMS)}")
    return name
