from django.urls import path
from shop import live, views

urlpatterns = [
    path("", views.home, name="home"),
    path("orders/", views.orders, name="orders"),
    path("standalone/", views.standalone, name="standalone"),
    path("engine/", views.engine, name="engine"),
    path("patches/", views.patches, name="patches"),
    path("live/counter/", live.Counter.as_view(), name="counter"),
    path("live/bindings/", live.Bindings.as_view(), name="bindings"),
    path("live/typing/", live.Typing.as_view(), name="typing"),
    path("live/dashboard/", live.Dashboard.as_view(), name="dashboard"),
    path("live/table/", live.Table.as_view(), name="table"),
    path("live/chat/", live.Chat.as_view(), name="chat"),
    path("live/pair/", views.pair, name="pair"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/new/", live.ContactNew.as_view(), name="contact-new"),
    path("contacts/quick/", views.quick_contact, name="contact-quick"),
    path("contacts/<int:pk>/", live.ContactEdit.as_view(), name="contact-edit"),
    path("orders/<int:pk>/edit/", live.OrderEdit.as_view(), name="order-edit"),
]
