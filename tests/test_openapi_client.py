"""The OpenAPI document as a contract: a client generated from the running server's
/openapi.json (openapi-python-client) screens an ad and reads it back with typed models."""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from samaritan.engine.screener import Screener
from samaritan.evidence.db import Store
from samaritan.service.app import create_app
from samaritan.service.screening import ScreeningService
from samaritan.service.settings import ServiceSettings

BODY = "Incall and outcall, 150 roses hh. Text 702-555-0142."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, screener: Screener):
    store = Store(f"sqlite:///{tmp_path / 'evidence.db'}")
    store.migrate()
    key = store.create_key("site-a", ("screen", "read", "review"))
    app = create_app(ScreeningService(store, screener), settings=ServiceSettings(metrics=True))
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    uv.should_exit = True
    thread.join(timeout=10)
    store.close()


def _generate(base_url: str, directory: Path):
    spec = directory / "openapi.json"
    spec.write_bytes(httpx.get(f"{base_url}/openapi.json", timeout=10).content)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    tool = Path(sys.executable).parent / "openapi-python-client"
    # The generator sends raw bodies only as application/octet-stream: its documented override maps
    # our image/* body there, and the client then posts the bytes with the document's image/* type.
    config = directory / "generator.yaml"
    config.write_text('content_type_overrides:\n  "image/*": application/octet-stream\n')
    done = subprocess.run(
        [str(tool), "generate", "--path", str(spec), "--meta", "none", "--output-path", str(directory / "sam_client"),
         "--config", str(config)],
        capture_output=True, text=True, env=env, cwd=directory, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(directory))
    try:
        importlib.invalidate_caches()
        return importlib.import_module("sam_client")
    finally:
        sys.path.remove(str(directory))


def _pattern_png() -> bytes:
    """A generated pattern (stripes and a square), never a photo."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (96, 64), (240, 240, 230))
    draw = ImageDraw.Draw(image)
    for x in range(0, 96, 12):
        draw.rectangle((x, 0, x + 5, 63), fill=(30, 90, 160))
    draw.rectangle((30, 20, 60, 44), fill=(200, 60, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_generated_client_screens_an_ad_and_reads_it_back(server, tmp_path) -> None:
    base_url, key = server
    sam = _generate(base_url, tmp_path)
    from sam_client.api.evidence import get_ad, put_image
    from sam_client.api.screening import screen
    from sam_client.api.service import readyz
    from sam_client.models import Ad, AdHistory, ImageStored, Problem, Ready, Verdict
    from sam_client.types import File

    client = sam.AuthenticatedClient(base_url=base_url, token=key)
    verdict = screen.sync(client=client, body=Ad(id="gen-1", body=BODY))
    assert isinstance(verdict, Verdict)
    assert verdict.id == "gen-1" and verdict.platform == "site-a" and verdict.revision == 1
    assert verdict.decision.value in ("review", "block")
    assert "commercial_sex" in [label.value for label in verdict.labels]
    assert verdict.entities.phones == ["+17025550142"]

    history = get_ad.sync(platform="site-a", ad_id="gen-1", client=client)
    assert isinstance(history, AdHistory)
    stored = history.revisions[0]
    assert stored.ad.additional_properties["body"] == BODY
    assert isinstance(stored.verdicts[0].verdict, Verdict)
    assert stored.verdicts[0].verdict.decision == verdict.decision

    missing = get_ad.sync(platform="site-a", ad_id="no-such-ad", client=client)
    assert isinstance(missing, Problem) and missing.status == 404 and missing.code == "not_found"
    ready = readyz.sync(client=sam.Client(base_url=base_url))  # no key needed
    assert isinstance(ready, Ready) and ready.checks.additional_properties["database"] == "ok"

    # POST /v1/images: the image/* body, stored once, then recognised; a non-image is refused.
    png = _pattern_png()
    first = put_image.sync_detailed(client=client, body=File(payload=io.BytesIO(png), mime_type="image/png"))
    assert first.status_code == 201 and isinstance(first.parsed, ImageStored)
    assert first.parsed.sha256 == hashlib.sha256(png).hexdigest() and first.parsed.size == len(png)
    again = put_image.sync_detailed(client=client, body=File(payload=io.BytesIO(png)))
    assert again.status_code == 200 and again.parsed.stored is False
    refused = put_image.sync(client=client, body=File(payload=io.BytesIO(b"plain text, not an image")))
    assert isinstance(refused, Problem) and refused.status == 415
    pictured = screen.sync(client=client, body=Ad.from_dict({"id": "gen-2", "body": "Oak desk, $40.",
                                                             "images": [{"sha256": first.parsed.sha256}]}))  # fmt: skip
    assert isinstance(pictured, Verdict) and pictured.id == "gen-2"
