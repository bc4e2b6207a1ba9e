from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from tests.testapp import live


def _view(request, **kwargs):
    return HttpResponse("")


def _orders(request):
    from tests.testapp.models import Order

    return render(request, "queries/orders.html", {"orders": Order.objects.all()})


urlpatterns = [
    path("", _view, name="home"),
    path("item/<int:pk>/", _view, name="item"),
    path("a/<slug:slug>/<int:n>/", _view, name="two"),
    path("queries/orders/", _orders, name="orders"),
    path("live/counter/", live.Counter.as_view(), name="live-counter"),
    path("live/typed/", live.Typed.as_view()),
    path("live/document/", live.Document.as_view()),
    path("live/parent/", live.Parent.as_view()),
    path("live/item/<int:pk>/", live.Item.as_view()),
    path("live/chat/", live.Chat.as_view()),
    path("live/todo/", live.Todo.as_view()),
    path("live/whoami/", live.Whoami.as_view()),
    path("live/csrf/", live.WithCsrf.as_view()),
    path("live/customer/<int:pk>/", live.CustomerCard.as_view()),
    path("contacts/new/", live.ContactNew.as_view()),
    path("contacts/<int:pk>/", live.ContactEdit.as_view()),
]
