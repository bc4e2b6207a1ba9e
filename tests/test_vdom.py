"""djust.vdom: the patches of the shared fixtures, the tree API, and the protocol's
operation codes agreeing with the engine's."""

import json
from pathlib import Path

import pytest

from djust import _rust, protocol, vdom

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "vdom.json").read_text())


@pytest.mark.parametrize("case", FIXTURES, ids=[c["name"] for c in FIXTURES])
def test_fixture_patches(case):
    assert vdom.diff(case["old"], case["new"]) == case["ops"]


def test_wire_form_is_compact_json():
    assert vdom.diff_json("<b>1</b>", "<b>2</b>") == '[[0,[0,0],"2"]]'


def test_to_tree_is_the_browsers_tree():
    assert vdom.to_tree("<table><tr><td>x") == [
        {
            "tag": "table",
            "attrs": [],
            "children": [
                {
                    "tag": "tbody",
                    "attrs": [],
                    "children": [
                        {
                            "tag": "tr",
                            "attrs": [],
                            "children": [{"tag": "td", "attrs": [], "children": [{"text": "x"}]}],
                        }
                    ],
                }
            ],
        }
    ]
    svg = vdom.to_tree('<svg><circle r="1"/></svg><!--c-->')
    assert svg[0]["ns"] == "svg" and svg[1] == {"comment": "c"}


def test_protocol_op_codes_are_the_engines():
    assert dict(_rust.patch_ops()) == protocol.OPS


def test_the_per_element_html_carries_no_bookkeeping():
    html = '<ul><li dj-key="1">a</li></ul>'
    ops = vdom.diff(html, html.replace(">a<", ">b<"))
    assert ops == [[0, [0, 0, 0], "b"]]  # a path, not an id added to the page


def test_a_tree_keeps_the_last_render():
    tree = vdom.Tree("<p>1</p>")
    assert json.loads(tree.update("<p>2</p>")) == [[0, [0, 0], "2"]]
    assert json.loads(tree.update("<p>2</p>")) == []
    assert json.loads(tree.update("<p>3</p><p>4</p>")) == [[3, [], 1, "<p>4</p>"], [0, [0, 0], "3"]]
