"""Views for the middleware's tests (tests/test_middleware.py)."""

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path

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


urlpatterns = [
    path("page/<int:n>/", page),
    path("plain/", plain),
    path("exempt/", exempt),
    path("fragment/", lambda request: HttpResponse("<p>a fragment</p>")),
    path("json/", lambda request: JsonResponse({"html": "</head>"})),
    path("stream/", lambda request: StreamingHttpResponse(iter([PLAIN]))),
    path("guarded/", guarded),
    path("guarded-async/", guarded_async),
]
