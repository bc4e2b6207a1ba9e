"""DjustMiddleware: the worker, every page's head, the app shell's headers and main
regions, the viewer cookie; and the view decorators."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from djust import serviceworker
from djust.conf import settings
from tests import shell_urls

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "djust.middleware.DjustMiddleware",
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("with_middleware"),
]


@pytest.fixture
def with_middleware():
    with override_settings(ROOT_URLCONF="tests.shell_urls", MIDDLEWARE=MIDDLEWARE):
        shell_urls.runs.clear()
        yield


def get(path, **headers):
    return Client().get(path, headers=headers)


def test_the_worker_is_served_at_the_site_root_with_its_scope_and_no_cache():
    response = get("/djust-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert body.startswith("self.DJUST_SW=")
    prelude = json.loads(body[len("self.DJUST_SW=") : body.index(";\n")])
    assert prelude["precache"][0][0] == "/static/djust/djust.js"
    assert len(prelude["precache"][0][1]) == 12  # the runtime's content hash
    assert "You are offline" in prelude["offline"]
    assert body.endswith(serviceworker.worker_path().read_text())


def test_a_new_version_string_changes_the_worker_so_browsers_install_it_again():
    before = serviceworker.version()
    with override_settings(DJUST={"SW_VERSION": "2"}):
        after = serviceworker.version()
        assert f'"version":"{after}"' in get("/djust-sw.js").content.decode()
    assert before != after and serviceworker.version() == before


def test_a_precached_file_that_staticfiles_cannot_find_is_a_coded_error():
    from djust.exceptions import ImproperlyConfigured

    with override_settings(DJUST={"PRECACHE": ["nowhere.css"]}):
        with pytest.raises(ImproperlyConfigured, match="config.precache-missing"):
            serviceworker.script()


def test_the_manifest_is_served_with_the_projects_additions():
    with override_settings(DJUST={"MANIFEST": {"name": "Shop", "theme_color": "#123"}}):
        response = get("/djust.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    assert json.loads(response.content) == {
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "name": "Shop",
        "theme_color": "#123",
    }


def test_a_page_without_the_shell_tag_gets_its_tags_once_before_head_closes():
    body = get("/plain/").content.decode()
    head = body[: body.index("</head>")]
    assert head.count('id="djust-config"') == 1
    assert head.count("djust/djust.js") == 1
    assert head.count('rel="manifest"') == 1
    assert body.count("djust/djust.js") == 1
    config = json.loads(body.split("dj-shell>", 1)[1].split("</script>", 1)[0])
    assert config == {
        "socket": "/djust/ws/",
        "rate": 30,
        "sw": "/djust-sw.js",
        "viewer": "djust_viewer",
        "prefetch": {"delay": 65, "ttl": 10000.0},
    }


def test_a_page_with_the_shell_tag_is_not_given_the_tags_again():
    body = get("/page/1/").content.decode()
    assert body.count('id="djust-config"') == 1 and body.count("djust/djust.js") == 1
    assert '"layout":"shell/layout.html"' in body


def test_a_page_that_loads_the_runtime_itself_gets_only_the_config():
    page = '<html><head><script src="/static/djust/djust.js"></script></head></html>'
    from djust import shell

    out = shell.ensure(page)
    assert out.count("djust/djust.js") == 1 and 'id="djust-config"' in out


@pytest.mark.parametrize("path", ["/exempt/", "/fragment/", "/json/", "/stream/"])
def test_exempt_non_html_streaming_and_fragment_responses_are_untouched(path):
    response = get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"djust-config" not in body
    assert "X-Djust-Layout" not in response


def test_a_page_names_its_layout_and_where_its_main_content_is_in_bytes():
    response = get("/page/7/")
    assert response["X-Djust-Layout"] == "shell/layout.html"
    start, end = map(int, response["X-Djust-Main-Range"].split("-"))
    body = response.content
    assert body[start:end].decode() == "<h1>Page 7 — ☃</h1><div><main>nested</main></div>"
    assert body[start - 1 : start] == b">"  # the worker marks the main element there
    assert "X-Djust-Main" in response["Vary"]


def test_a_main_request_gets_the_head_and_the_main_region_from_the_same_view():
    response = get("/page/3/", **{"X-Djust-Main": "1"})
    body = response.content.decode()
    assert response["X-Djust-Layout"] == "shell/layout.html"
    assert "X-Djust-Main-Range" not in response
    assert body.startswith('<!doctype html><html lang="en"><head><meta charset="utf-8">')
    assert "<title>Page 3</title>" in body and 'id="djust-config"' in body
    assert body.endswith(
        '<body><main class="page" dj-main><h1>Page 3 — ☃</h1><div><main>nested</main>'
        "</div></main></body></html>"
    )
    assert "Menu" not in body and "footer" not in body
    assert shell_urls.runs == [3]


def test_without_the_app_shell_setting_pages_name_no_layout():
    with override_settings(DJUST={"APP_SHELL": False}):
        response = get("/page/1/", **{"X-Djust-Main": "1"})
    assert "X-Djust-Layout" not in response and "<footer>" in response.content.decode()


def test_the_viewer_cookie_changes_when_the_user_logs_in_and_says_nothing_of_who():
    client = Client()
    anonymous = client.get("/page/1/").cookies[settings().viewer_cookie].value
    assert "viewer" not in client.get("/page/2/").cookies  # unchanged: not set again
    user = User.objects.create_user("ann", password="pw")
    client.force_login(user)
    ann = client.get("/page/1/").cookies[settings().viewer_cookie].value
    assert ann != anonymous and len(ann) == 20 and int(ann, 16) >= 0  # an HMAC, hex
    client.logout()
    assert client.get("/page/1/").cookies[settings().viewer_cookie].value == anonymous


@pytest.mark.parametrize(
    "headers",
    [{"X-Sec-Purpose": "prefetch"}, {"Sec-Purpose": "prefetch;prerender"}],
)
@pytest.mark.parametrize("path", ["/guarded/", "/guarded-async/"])
def test_no_prefetch_refuses_prefetches_without_running_the_view(path, headers):
    response = get(path, **headers)
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["e"] == "prefetch.refused"
    assert shell_urls.runs == []
    assert get(path).status_code == 200
    assert len(shell_urls.runs) == 1


def test_prefetches_of_other_views_are_served():
    response = get("/page/4/", **{"X-Sec-Purpose": "prefetch", "X-Djust-Main": "1"})
    assert response.status_code == 200 and response["X-Djust-Layout"] == "shell/layout.html"


def test_the_shell_tag_names_the_layout_it_is_given():
    from django.template import engines

    for name in ("djust", "django"):
        if name not in engines:
            continue
        out = engines[name].from_string('{% load djust %}{% djust_shell "admin" %}').render({})
        assert '"layout":"admin"' in out


def test_a_form_key_makes_a_post_run_once_and_a_repeat_gets_the_first_response():
    client = Client()
    data = {"djust_key": "k" * 24, "n": "1"}
    first = client.post("/form/", data)
    again = client.post("/form/", data)
    assert shell_urls.runs == ["form"]
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"] and again["X-Djust-Replayed"] == "1"
    client.post("/form/", {**data, "djust_key": "m" * 24})  # another key: runs
    assert shell_urls.runs == ["form", "form"]


def test_a_form_key_is_good_only_in_the_browser_that_got_it():
    data = {"djust_key": "k" * 24}
    one, two = Client(), Client()
    one.cookies["csrftoken"] = "a" * 32
    two.cookies["csrftoken"] = "b" * 32
    one.post("/form/", data)
    two.post("/form/", data)
    assert shell_urls.runs == ["form", "form"]


def test_concurrent_duplicates_wait_for_the_first_and_get_its_response():
    import threading

    from djust import idempotency

    started, release = threading.Event(), threading.Event()
    shell_urls.gate = (started, release)
    data = {"djust_key": "c" * 24}
    replies = []
    first = threading.Thread(target=lambda: replies.append(Client().post("/slow-form/", data)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: replies.append(Client().post("/slow-form/", data)))
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert shell_urls.runs == ["slow-form"]
    assert sorted(r.status_code for r in replies) == [201, 201]
    assert idempotency.WAIT_SECONDS > 1


def test_the_form_key_tag_renders_a_fresh_key_each_time():
    from django.template import engines

    template = engines.all()[0].from_string("{% load djust %}{% djust_form_key %}")
    one, two = template.render({}), template.render({})
    assert one.startswith('<input type="hidden" name="djust_key" value="') and one != two
