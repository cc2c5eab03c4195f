"""kontor.web without a browser: settings, CSP, the patched bundle and the served files."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Dict, Tuple

import pytest

from kontor.web import (
    WEBCHAT_DIR,
    WebSettings,
    content_security_policy,
    strip_remote_imports,
)


def _get(url: str) -> Tuple[int, Dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_settings_defaults() -> None:
    """Without environment variables: 127.0.0.1:8080 and Rasa on localhost:5005."""
    settings = WebSettings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.rasa_url == "http://localhost:5005"
    assert settings.public_url == "http://127.0.0.1:8080/"


def test_settings_from_env() -> None:
    """KONTOR_WEB_HOST, KONTOR_WEB_PORT and KONTOR_RASA_URL are read (trailing / dropped)."""
    settings = WebSettings.from_env(
        {
            "KONTOR_WEB_HOST": "0.0.0.0",
            "KONTOR_WEB_PORT": "9000",
            "KONTOR_RASA_URL": "https://chat.example.de/",
        }
    )
    assert settings.port == 9000
    assert settings.rasa_url == "https://chat.example.de"
    assert settings.public_url == "http://localhost:9000/"


@pytest.mark.parametrize(
    "env",
    [
        {"KONTOR_WEB_PORT": "achtzig"},
        {"KONTOR_WEB_PORT": "70000"},
        {"KONTOR_RASA_URL": "localhost:5005"},
        {"KONTOR_RASA_URL": "http://localhost:5005/socket.io"},
        {"KONTOR_WIDGET_STORAGE": "cookie"},
    ],
)
def test_settings_reject_unusable_values(env: Dict[str, str]) -> None:
    """A bad port or a Rasa URL that is not a plain origin fails at start-up."""
    with pytest.raises(ValueError, match="KONTOR_"):
        WebSettings.from_env(env)


def test_csp_allows_only_self_and_rasa() -> None:
    """Every source in the CSP is a keyword, data: or the Rasa origin (http and ws)."""
    policy = content_security_policy("http://localhost:5005")
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005" in policy
    sources = {
        token for directive in policy.split(";") for token in directive.split()[1:]
    }
    allowed = {"'self'", "'none'", "'unsafe-inline'", "data:"}
    assert sources - allowed == {"http://localhost:5005", "ws://localhost:5005"}


def test_csp_uses_wss_for_https() -> None:
    """An https Rasa URL is allowed as https and wss."""
    policy = content_security_policy("https://chat.example.de")
    assert "https://chat.example.de wss://chat.example.de" in policy


def test_strip_remote_imports() -> None:
    """The Google Fonts @import goes, local CSS stays."""
    css = (
        b'"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700'
        b'&display=swap);.rw-a{color:red}@import url(local.css);"'
    )
    assert strip_remote_imports(css) == b'".rw-a{color:red}@import url(local.css);"'


def test_health(web_only: str) -> None:
    """/health answers ok once the widget bundle is installed."""
    status, _, body = _get(web_only + "/health")
    assert status == 200, body
    assert json.loads(body) == {"status": "ok"}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/datenschutz.html",
        "/static/kontor.css",
        "/static/kontor-widget.js",
        "/vendor/rasa-webchat.js",
        "/health",
        "/gibt-es-nicht",
    ],
)
def test_every_response_has_the_csp(web_only: str, path: str) -> None:
    """Pages, static files, the bundle, /health and even a 404 carry the CSP."""
    status, headers, _ = _get(web_only + path)
    assert status == (404 if path == "/gibt-es-nicht" else 200)
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_served_bundle_loads_no_google_fonts(web_only: str) -> None:
    """The rasa-webchat bundle as served has no remote @import (the original has)."""
    _, _, body = _get(web_only + "/vendor/rasa-webchat.js")
    original = (WEBCHAT_DIR / "node_modules/rasa-webchat/lib/index.js").read_bytes()
    assert b"fonts.googleapis.com" in original  # what we are protecting against
    assert b"fonts.googleapis.com" not in body
    assert not re.search(rb"@import\s+url\(\s*[\"']?(https?:)?//", body)


@pytest.mark.parametrize("path", ["/", "/datenschutz.html"])
def test_pages_reference_only_our_origin(web_only: str, path: str) -> None:
    """The pages load scripts, styles and images from relative URLs only."""
    _, _, body = _get(web_only + path)
    page = body.decode("utf-8")
    assert "__KONTOR_RASA_URL__" not in page
    assert re.search(
        r'<meta name="kontor-rasa-url" content="http://localhost:\d+">', page
    )
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    # company.yml's privacy notice and the storage choice, for the widget
    assert '<meta name="kontor-notice-de" content="Sie schreiben mit einem KI' in page
    assert '<meta name="kontor-storage" content="session">' in page


def test_a_broken_company_yml_leaves_the_widgets_own_notice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kontor.web import privacy_meta

    broken = tmp_path / "company.yml"
    broken.write_text("name: [unclosed", encoding="utf-8")
    assert privacy_meta(broken) == ""
    assert privacy_meta(None) == ""


def test_static_files_stay_inside_webchat(web_only: str) -> None:
    """A path escaping webchat/static is not served."""
    status, _, _ = _get(web_only + "/static/..%2f..%2fkontor/web.py")
    assert status in (400, 403, 404)
