"""djust.testing.LiveViewTestClient, as users' own tests use it."""

from __future__ import annotations

import json

from djust.testing import LiveViewTestClient
from tests.testapp.live import Counter, Item, Parent


def test_mount_event_and_html():
    client = LiveViewTestClient(Counter)
    assert client.mount(start=2).endswith("<span>2</span>")
    reply = client.event("increment", by=3)
    assert reply.error is None
    assert reply.ops == [[0, [2, 0], "5"]]
    frame = '["1",1,"lv:1","reply",{"o":[[0,[2,0],"5"]]}]'
    assert reply.bytes == len(frame) and json.loads(frame)
    assert client.html().endswith("<span>5</span>")
    assert client.view.count == 5


def test_refusals_come_back_as_coded_replies():
    client = LiveViewTestClient(Counter)
    client.mount()
    assert client.event("increment", by="x").error == "event.bad-params"
    assert client.event("not_an_event").error == "event.unknown"
    failed = client.event("fail")
    assert failed.error == "event.failed" and client.view.count == 0


def test_pushes_and_navigation_are_reported():
    client = LiveViewTestClient(Counter)
    client.mount()
    assert client.event("shout", text="hey").pushes == [("shout", {"text": "HEY"})]
    assert client.event("leave").navigate == ("/live/other/", True)


def test_mount_takes_url_arguments_and_nested_views_render_as_empty_roots():
    item = LiveViewTestClient(Item)
    assert item.mount(pk=4) == "<p>item 4</p>"
    parent = LiveViewTestClient(Parent)
    html = parent.mount()
    assert '<div id="c" dj-update="ignore"><div dj-view dj-child="c"></div></div>' in html
