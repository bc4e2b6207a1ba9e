"""Views for the middleware's tests (tests/test_middleware.py)."""

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from djust.decorators import no_prefetch, shell_exempt

PLAIN = "<!doctype html><html><head><title>Plain</title></head><body><p>plain</p></body></html>"
runs = []


def page(request, n=1):
    runs.append(n)
    return render(request, "shell/page.html", {"n": n})


def plain(request):
    return HttpResponse(PLAIN)


@shell_exempt
def exempt(request):
    return HttpResponse(PLAIN)


@no_prefetch
def guarded(request):
    runs.append("guarded")
    return render(request, "shell/page.html", {"n": "guarded"})


@no_prefetch
async def guarded_async(request):
    runs.append("guarded_async")
    return HttpResponse(PLAIN)


gate = None  # (started, release) events: the slow form waits for release


def form(request):
    runs.append("form")
    return HttpResponseRedirect(f"/done/{len(runs)}/")


def slow_form(request):
    runs.append("slow-form")
    started, release = gate
    started.set()
    release.wait(5)
    return HttpResponse("made", status=201)


urlpatterns = [
    path("page/<int:n>/", page),
    path("plain/", plain),
    path("exempt/", exempt),
    path("fragment/", lambda request: HttpResponse("<p>a fragment</p>")),
    path("json/", lambda request: JsonResponse({"html": "</head>"})),
    path("stream/", lambda request: StreamingHttpResponse(iter([PLAIN]))),
    path("guarded/", guarded),
    path("guarded-async/", guarded_async),
    path("form/", csrf_exempt(form)),
    path("slow-form/", csrf_exempt(slow_form)),
]
