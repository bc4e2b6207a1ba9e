from django.urls import path
from shop import views

urlpatterns = [
    path("", views.home, name="home"),
    path("orders/", views.orders, name="orders"),
    path("engine/", views.engine, name="engine"),
    path("patches/", views.patches, name="patches"),
]
