"""The committed browser runtime matches its sources: users build nothing, so a
stale bundle would ship. (``make js`` rebuilds both files.)"""

from djust import esbuild, protocol


def test_protocol_js_is_generated_from_protocol_py():
    for path in esbuild.PROTOCOL_JS:
        assert path.read_text() == protocol.javascript(), f"{path} is stale: run make js"


def test_committed_bundle_matches_a_fresh_build(tmp_path):
    for entry, name in esbuild.BUNDLES.items():
        esbuild.bundle(entry, tmp_path / name)
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (esbuild.OUTPUT / name).read_bytes(), f"{name} is stale: run make js"
