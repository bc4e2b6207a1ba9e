"""``manage.py djust_sw build``: Djust's worker bundled with a project's own modules,
written where staticfiles (and so the middleware) finds it; ``--check`` for CI."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

EXTENSION = """
import { VERSION } from "djust-sw/config.js";
self.addEventListener("message", (e) => {
  const pong = { type: "pong-from-extension", VERSION };
  if (e.data && e.data.type === "ping") e.source.postMessage(pong);
});
"""


@pytest.fixture
def project(tmp_path):
    static = tmp_path / "static"
    (static / "shop" / "sw").mkdir(parents=True)
    (static / "shop" / "sw" / "push.js").write_text(EXTENSION)
    with override_settings(
        STATICFILES_DIRS=[static],
        DJUST={"SW_EXTENSIONS": ["shop/sw/push.js"]},
        ROOT_URLCONF="tests.shell_urls",
        MIDDLEWARE=["djust.middleware.DjustMiddleware"],
    ):
        yield static


def test_build_bundles_djusts_worker_with_the_extension_where_staticfiles_finds_it(project):
    call_command("djust_sw", "build")
    built = (project / "djust" / "djust-sw.js").read_text()
    assert "pong-from-extension" in built
    assert "X-Djust-Fetched-At" in built and "skipWaiting" in built  # Djust's own worker
    served = Client().get("/djust-sw.js").content.decode()
    assert served.startswith("self.DJUST_SW=") and served.endswith(built)


def test_check_passes_on_a_fresh_build_and_fails_once_an_extension_changes(project):
    call_command("djust_sw", "build")
    call_command("djust_sw", "build", "--check")
    push = project / "shop" / "sw" / "push.js"
    push.write_text(push.read_text().replace("pong-from-extension", "pong-changed"))
    with pytest.raises(CommandError, match="sw.stale"):
        call_command("djust_sw", "build", "--check")


def test_check_fails_when_nothing_was_built(project):
    with pytest.raises(CommandError, match="sw.stale"):
        call_command("djust_sw", "build", "--check")


def test_an_extension_that_cannot_be_found_is_a_coded_error(project):
    with override_settings(STATICFILES_DIRS=[project], DJUST={"SW_EXTENSIONS": ["nope.js"]}):
        with pytest.raises(CommandError, match="sw.extension-missing"):
            call_command("djust_sw", "build")


def test_without_an_output_or_staticfiles_dirs_it_says_where_to_write(project):
    with override_settings(STATICFILES_DIRS=[], DJUST={}):
        with pytest.raises(CommandError, match="sw.no-output"):
            call_command("djust_sw", "build")


def test_sw_output_names_where_it_is_written_and_served_from(project, tmp_path):
    out = tmp_path / "elsewhere" / "worker.js"
    with override_settings(
        STATICFILES_DIRS=[project],
        DJUST={"SW_EXTENSIONS": ["shop/sw/push.js"], "SW_OUTPUT": str(out)},
    ):
        call_command("djust_sw", "build")
        assert "pong-from-extension" in Client().get("/djust-sw.js").content.decode()
    assert out.is_file()
