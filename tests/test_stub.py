"""djust/_rust.pyi describes the compiled module exactly: same names, same parameters."""

import ast
import inspect
from pathlib import Path

from djust import _rust

STUB = Path(_rust.__file__).with_name("_rust.pyi")


def stub_items():
    tree = ast.parse(STUB.read_text())
    return {
        node.name: node for node in tree.body if isinstance(node, ast.FunctionDef | ast.ClassDef)
    }


def test_stub_names_every_public_name_of_the_module_and_nothing_else():
    public = {n for n in dir(_rust) if not n.startswith("_")}
    assert set(stub_items()) == public


def test_stub_function_parameters_match_the_module():
    for name, node in stub_items().items():
        if not isinstance(node, ast.FunctionDef):
            continue
        built = list(inspect.signature(getattr(_rust, name)).parameters)
        declared = [a.arg for a in node.args.args + node.args.kwonlyargs]
        assert built == declared, name
