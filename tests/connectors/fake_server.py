"""A local HTTP server standing in for the public services in tests (no test reaches the
network): each test declares the answers — recorded from the service's published documentation,
in tests/fixtures/connectors/ — and the source's base URL points to it.

    def test_x(fake_api):
        fake_api.add("/search", json={...}, params={"page": "1"})
        fake_api.add("/search", status=429, headers={"Retry-After": "0"}, times=1)

Routes are tried most recent first; one with `times` serves that many requests, then steps
aside. `fake_api.requests` lists what was asked (path and query parameters).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors"


def recorded(name: str):
    """A recorded answer from tests/fixtures/connectors (JSON; its `_source` key, if any, names
    the documentation page it was written from and is left out)."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.pop("_source", None)
    return data


@dataclass
class Route:
    path: str
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    params: dict | None = None
    times: int | None = None

    def matches(self, path: str, params: dict) -> bool:
        if self.times == 0 or path != self.path:
            return False
        return self.params is None or all(params.get(k) == v for k, v in self.params.items())


class FakeApi:
    def __init__(self):
        self.routes: list[Route] = []
        self.requests: list[tuple[str, dict, dict]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query))
                with fake.lock:
                    fake.requests.append((parts.path, params, dict(self.headers)))
                    route = next(
                        (r for r in reversed(fake.routes) if r.matches(parts.path, params)), None
                    )
                    if route and route.times is not None:
                        route.times -= 1
                if route is None:
                    status, body, headers = 404, b'{"detail": "Not Found"}', {}
                else:
                    status, body, headers = route.status, route.body, route.headers
                self.send_response(status)
                headers = {"Content-Type": "application/json", **headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # routes match on the path whatever the method (log-in steps)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(
        self,
        path,
        json_body=None,
        *,
        status=200,
        headers=None,
        params=None,
        times=None,
        raw: bytes | None = None,
        **kwargs,
    ):
        if "json" in kwargs:
            json_body = kwargs.pop("json")
        body = raw if raw is not None else json.dumps(json_body).encode()
        route = Route(path, status, body, dict(headers or {}), params, times)
        with self.lock:
            self.routes.append(route)
        return route

    def asked(self, path: str) -> list[dict]:
        return [params for p, params, _headers in self.requests if p == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_api(settings):
    """The fake server, every source's base URL pointing to it, no waiting between retries."""
    fake = FakeApi()
    settings.TERREAU_CONNECTORS = {
        key: {**conf, "base_url": fake.url, "backoff": 0, "max_wait": 1, "rate": 1000}
        for key, conf in settings.TERREAU_CONNECTORS.items()
    }
    yield fake
    fake.close()
