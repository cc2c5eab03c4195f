"""One JSON call to a CRM over requests: timeout, and failures sorted for retrying."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import requests

from kontor.crm import TIMEOUT, TemporaryFailure, classify


def call(
    session: requests.Session,
    method: str,
    url: str,
    *,
    json: Optional[Dict[str, Any]] = None,
    params: Optional[Dict[str, Any]] = None,
    timeout: Tuple[float, float] = TIMEOUT,
) -> Any:
    """The decoded JSON answer; TemporaryFailure or PermanentFailure otherwise."""
    try:
        response = session.request(
            method, url, json=json, params=params, timeout=timeout
        )
    except (requests.Timeout, requests.ConnectionError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from None
    try:
        body = response.json() if response.content else {}
    except ValueError:
        body = response.text
    if response.status_code >= 400:
        raise classify(response.status_code, body, dict(response.headers))
    return body
