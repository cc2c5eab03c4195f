"""The visitor-facing web server: demo pages, the chat widget bundle and /health.

Everything the page needs comes from this server; the only other origin the browser may
talk to is the Rasa server (socket.io over http and ws), and the Content-Security-Policy
on every response says exactly that. The rasa-webchat bundle is served with its Google
Fonts ``@import`` removed (a DSGVO problem, see LG München I, 3 O 17493/20).

It also serves the staff inbox under ``/inbox`` (kontor/inbox), with a stricter
policy of its own: nothing but this origin.

Run it with ``python -m kontor.web``; settings come from the environment
(KONTOR_WEB_HOST, KONTOR_WEB_PORT, KONTOR_RASA_URL; for the inbox also
KONTOR_DATABASE_URL, KONTOR_RASA_API_URL and KONTOR_RASA_TOKEN or _FILE).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Mapping, Optional
from urllib.parse import urlsplit

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, json, raw, redirect

from kontor.privacy import logs

if TYPE_CHECKING:
    from kontor.company import CompanyFile
    from kontor.inbox import InboxConfig

logger = logging.getLogger("kontor.web")

APP_NAME = "kontor_web"
WEBCHAT_DIR = Path(__file__).resolve().parent.parent / "webchat"
BUNDLE = Path("node_modules") / "rasa-webchat" / "lib" / "index.js"
PAGES = ("index.html", "datenschutz.html")
RASA_URL_PLACEHOLDER = "__KONTOR_RASA_URL__"
INSTALL_HINT = "npm ci --prefix webchat"

# Any stylesheet @import of another origin, e.g. the bundle's
# @import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);
_REMOTE_IMPORT = re.compile(rb"@import\s+url\(\s*[\"']?(?:https?:)?//[^)]*\)\s*;?")


@dataclass(frozen=True)
class WebSettings:
    """Where the web server listens and where the browser finds the Rasa server."""

    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://localhost:5005"
    webchat_dir: Path = field(default=WEBCHAT_DIR)
    # company.yml: the chat's privacy notice comes from there, read on every page
    company_file: Optional[Path] = None
    # where the widget keeps the conversation in the browser: "session" (the tab,
    # strictly necessary) or "local" (across visits: needs the visitor's consent
    # under § 25 TDDDG, which your cookie banner must then ask for)
    widget_storage: str = "session"

    def __post_init__(self) -> None:
        """Reject settings the page could not work with."""
        if not 0 < self.port < 65536:
            raise ValueError(f"KONTOR_WEB_PORT must be 1-65535, not {self.port}")
        parts = urlsplit(self.rasa_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"KONTOR_RASA_URL must be http(s)://host[:port], not {self.rasa_url!r}"
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            # socket.io-client would take a path for a namespace
            raise ValueError(
                f"KONTOR_RASA_URL must be an origin, without a path: {self.rasa_url!r}"
            )
        object.__setattr__(self, "rasa_url", f"{parts.scheme}://{parts.netloc}")
        if self.widget_storage not in ("session", "local"):
            raise ValueError(
                "KONTOR_WIDGET_STORAGE must be session or local, "
                f"not {self.widget_storage!r}"
            )

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> WebSettings:
        """Settings from KONTOR_WEB_HOST, KONTOR_WEB_PORT and KONTOR_RASA_URL."""
        env = os.environ if env is None else env
        port = env.get("KONTOR_WEB_PORT", "8080")
        try:
            port_number = int(port)
        except ValueError:
            raise ValueError(
                f"KONTOR_WEB_PORT must be a number, not {port!r}"
            ) from None
        return cls(
            host=env.get("KONTOR_WEB_HOST", "127.0.0.1"),
            port=port_number,
            rasa_url=env.get("KONTOR_RASA_URL", "http://localhost:5005"),
            company_file=Path(env.get("KONTOR_COMPANY_FILE", "company.yml")),
            widget_storage=env.get("KONTOR_WIDGET_STORAGE", "session").strip().lower(),
        )

    @property
    def public_url(self) -> str:
        """The URL to open in a browser."""
        host = "localhost" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}/"


_company_files: Dict[Path, CompanyFile] = {}


def privacy_meta(company_file: Optional[Path]) -> str:
    """<meta> tags with company.yml's privacy notice for the widget (no inline script).

    company.yml is re-read when it changes, so an edited notice shows at once; a
    broken edit keeps the last good notice, and before any good one the widget's own
    notice stands (the log says why).
    """
    if company_file is None:
        return ""
    from kontor.company import CompanyConfigError, CompanyFile

    source = _company_files.setdefault(company_file, CompanyFile(company_file))
    try:
        company = source.get()
    except CompanyConfigError as error:
        logger.error("privacy notice from company.yml not shown: %s", error)
        return ""
    tags = [
        f'<meta name="kontor-notice-{language}" content="'
        f'{html.escape(company.privacy.notice_text(language, company.retention))}">'
        for language in ("de", "en")
    ]
    tags.append(
        f'<meta name="kontor-privacy-url" '
        f'content="{html.escape(company.privacy.policy_url)}">'
    )
    return "\n  ".join(tags) + "\n"


def content_security_policy(rasa_url: str) -> str:
    """A CSP allowing our own origin and the Rasa server (http and ws), nothing else."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    rasa = f"{parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}"
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            # the widget injects its stylesheets as <style> elements (style-loader)
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",  # slick-carousel's icon font is inlined
            f"connect-src 'self' {rasa}",
            "media-src 'self'",
            "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        )
    )


INBOX_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def strip_remote_imports(bundle: bytes) -> bytes:
    """The bundle without CSS @import rules that load from another origin."""
    return _REMOTE_IMPORT.sub(b"", bundle)


def _security_headers(settings: WebSettings) -> Dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(settings.rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


def create_app(
    settings: WebSettings,
    name: str = APP_NAME,
    inbox: Optional[InboxConfig] = None,
) -> Sanic:
    """The Sanic app serving the demo pages, static files, widget bundle and /health.

    With ``inbox``, the staff inbox too.
    """
    # Sanic's own logging setup stays off: main() configures logging once for both.
    app = Sanic(name, configure_logging=False)
    app.config.ACCESS_LOG = False
    root = settings.webchat_dir
    headers = _security_headers(settings)
    bundle_cache: Dict[str, bytes] = {}

    def bundle() -> Optional[bytes]:
        if "js" not in bundle_cache:
            path = root / BUNDLE
            if not path.is_file():
                return None
            original = path.read_bytes()
            bundle_cache["js"] = strip_remote_imports(original)
            removed = len(_REMOTE_IMPORT.findall(original))
            logger.info(
                "Serving %s with %d remote @import rule(s) removed.", path, removed
            )
        return bundle_cache["js"]

    def page(filename: str) -> HTTPResponse:
        text = (root / filename).read_text(encoding="utf-8")
        text = text.replace(RASA_URL_PLACEHOLDER, html.escape(settings.rasa_url))
        meta = privacy_meta(settings.company_file) + (
            f'<meta name="kontor-storage" content="{settings.widget_storage}">\n'
        )
        text = text.replace("</head>", meta + "</head>", 1)
        return raw(
            text.encode("utf-8"),
            content_type="text/html; charset=utf-8",
            headers={"Cache-Control": "no-cache"},
        )

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        if bundle() is None:
            return json(
                {
                    "status": "error",
                    "detail": f"widget bundle missing: run {INSTALL_HINT}",
                },
                status=503,
            )
        return json({"status": "ok"})

    @app.get("/")
    async def index(_: Request) -> HTTPResponse:
        return page("index.html")

    @app.get("/index.html")
    async def index_html(_: Request) -> HTTPResponse:
        return redirect("/")

    @app.get("/datenschutz.html")
    async def privacy(_: Request) -> HTTPResponse:
        return page("datenschutz.html")

    @app.get("/vendor/rasa-webchat.js")
    async def widget_bundle(_: Request) -> HTTPResponse:
        body = bundle()
        if body is None:
            return json(
                {"status": "error", "detail": f"run {INSTALL_HINT}"}, status=503
            )
        return raw(
            body,
            content_type="application/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    app.static("/static", str(root / "static"), name="static")

    if inbox is not None:
        from kontor.inbox import create_inbox

        app.blueprint(create_inbox(inbox))
    inbox_headers = {
        **headers,
        "Content-Security-Policy": INBOX_POLICY,
        "X-Frame-Options": "DENY",
    }

    @app.on_response
    async def add_security_headers(request: Request, response: HTTPResponse) -> None:
        if request.path.startswith("/inbox"):
            response.headers.update(inbox_headers)
        else:
            response.headers.update(headers)

    return app


def inbox_from_env(
    settings: WebSettings, env: Optional[Mapping[str, str]] = None
) -> InboxConfig:
    """The inbox on the business database, talking to Rasa's API with its token."""
    from kontor.company import CompanyConfigError, load_company
    from kontor.db import make_engine, session_factory
    from kontor.handoff.rasa_api import RasaAPI
    from kontor.inbox import InboxConfig
    from kontor.settings import Settings, rasa_token

    env = os.environ if env is None else env
    business = Settings.from_env(env)
    timezone: dt.tzinfo
    try:
        timezone = load_company(business.company_file).tz
    except CompanyConfigError as error:
        logger.error("Inbox shows times in UTC: %s", error)
        timezone = dt.timezone.utc
    return InboxConfig(
        sessions=session_factory(make_engine(business.database_url)),
        rasa=RasaAPI(
            env.get("KONTOR_RASA_API_URL") or settings.rasa_url, rasa_token(env)
        ),
        tracker_url=business.tracker_url,
        timezone=timezone,
        force_secure_cookies=env.get("KONTOR_INBOX_SECURE_COOKIES", "").lower()
        in ("1", "true", "yes", "ja"),
    )


def main() -> None:
    """Run the web server from environment settings and log the URL to open."""
    logs.install()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = WebSettings.from_env()
    except ValueError as error:
        raise SystemExit(f"kontor.web: {error}") from None
    app = create_app(settings, inbox=inbox_from_env(settings))
    logger.info(
        "Kontor widget demo: open %s (Rasa server: %s)",
        settings.public_url,
        settings.rasa_url,
    )
    app.run(host=settings.host, port=settings.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
