from django.http import HttpResponse
from django.urls import path


def _view(request, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("", _view, name="home"),
    path("item/<int:pk>/", _view, name="item"),
    path("a/<slug:slug>/<int:n>/", _view, name="two"),
]
