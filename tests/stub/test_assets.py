"""The style sheet and script are written into each page and allowed by their hash:
one request per page, and still no other inline style or script."""

from __future__ import annotations

import base64
import hashlib
import re

from mvj_stub.server import RunningStub
from tests.stub.conftest import Client


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_a_page_needs_no_other_request(journal: RunningStub, card_pems) -> None:
    nurse = Client(journal, card_pems["sjukskoterska"])
    assert nurse.login().status == 303
    page = nurse.get("/sok").text
    assert "<link" not in page and "src=" not in page  # nothing more to fetch
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style and script


def test_the_policy_allows_exactly_the_inlined_texts(journal: RunningStub, card_pems) -> None:
    nurse = Client(journal, card_pems["sjukskoterska"])
    nurse.login()
    reply = nurse.get("/sok")
    policy = reply.headers["Content-Security-Policy"]
    style = re.search(r"<style>(.*?)</style>", reply.text, re.S)
    script = re.search(r"<script>(.*?)</script>", reply.text, re.S)
    assert style and script
    styles = re.search(r"style-src ([^;]*)", policy)
    scripts = re.search(r"script-src ([^;]*)", policy)
    assert styles and scripts
    assert styles.group(1).split() == ["'self'", _hash(style.group(1))]
    assert scripts.group(1).split() == ["'self'", _hash(script.group(1))]
    assert "unsafe-inline" not in policy


def test_the_login_page_has_no_script_unless_the_login_is_a_fetch(journal: RunningStub) -> None:
    page = Client(journal).get("/").text
    assert "<script" not in page
    assert "<style>" in page
