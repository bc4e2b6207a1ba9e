from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


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
]
