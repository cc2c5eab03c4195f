"""Settings of the business logic, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from kontor.db import DEFAULT_URL
from kontor.knowledge.embeddings import Embedder, embedder_from_settings
from kontor.knowledge.llm import LLMClient, LLMConfig
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
    # the knowledge fallback's language model (OpenAI-compatible); none by default
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 20.0
    # an embeddings endpoint instead of the bundled e5 model
    embeddings_base_url: str = ""
    embeddings_model: str = ""
    embeddings_api_key: str = ""
    # the relevance below which the fallback says "not found" (None: calibrated default)
    knowledge_threshold: Optional[float] = None
    # Rasa's conversations (its SQL tracker store), for retention, export and erasure
    tracker_url: str = "sqlite:///var/conversations.db"

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
            llm_base_url=env.get("KONTOR_LLM_BASE_URL", "").strip(),
            llm_model=env.get("KONTOR_LLM_MODEL", "").strip(),
            llm_api_key=env.get("KONTOR_LLM_API_KEY", "").strip(),
            llm_timeout=_number(env, "KONTOR_LLM_TIMEOUT", cls.llm_timeout),
            embeddings_base_url=env.get("KONTOR_EMBEDDINGS_BASE_URL", "").strip(),
            embeddings_model=env.get("KONTOR_EMBEDDINGS_MODEL", "").strip(),
            embeddings_api_key=env.get("KONTOR_EMBEDDINGS_API_KEY", "").strip(),
            tracker_url=env.get("KONTOR_TRACKER_URL", "").strip()
            or (
                f"sqlite:///{env['KONTOR_TRACKER_DB']}"
                if env.get("KONTOR_TRACKER_DB", "").strip()
                else cls.tracker_url
            ),
            knowledge_threshold=(
                _number(env, "KONTOR_KNOWLEDGE_THRESHOLD", 0.0)
                if env.get("KONTOR_KNOWLEDGE_THRESHOLD", "").strip()
                else None
            ),
        )

    def llm(self) -> Optional[LLMClient]:
        """The configured language model, or None (the embedded default)."""
        if not self.llm_base_url:
            return None
        return LLMClient(
            LLMConfig(
                base_url=self.llm_base_url,
                model=self.llm_model or "default",
                api_key=self.llm_api_key,
                timeout=self.llm_timeout,
            )
        )

    def embedder(self) -> Embedder:
        """The configured embeddings endpoint, or the bundled model."""
        if self.embeddings_base_url and not self.embeddings_model:
            raise ValueError(
                "KONTOR_EMBEDDINGS_BASE_URL is set: set KONTOR_EMBEDDINGS_MODEL too"
            )
        return embedder_from_settings(
            self.embeddings_base_url,
            self.embeddings_model,
            self.embeddings_api_key,
        )


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{name}={text!r}: expected a number") from None
    if value < 0:
        raise ValueError(f"{name}={text!r}: must not be negative")
    return value


CRMS = ("local", "hubspot", "pipedrive")


def _crm(name: str) -> str:
    name = name.strip().lower()
    if name not in CRMS:
        raise ValueError(f"KONTOR_CRM={name!r}: use one of {', '.join(CRMS)}")
    return name


def rasa_token(env: Mapping[str, str]) -> str:
    """Rasa's API token: KONTOR_RASA_TOKEN, or the file KONTOR_RASA_TOKEN_FILE names.

    The file is for secrets handed over as files (Docker, systemd credentials); an
    unreadable file is a ValueError that names it. Empty when neither is set.
    """
    path = env.get("KONTOR_RASA_TOKEN_FILE", "").strip()
    if not path:
        return env.get("KONTOR_RASA_TOKEN", "").strip()
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ValueError(f"KONTOR_RASA_TOKEN_FILE {path}: {error.strerror}") from None
