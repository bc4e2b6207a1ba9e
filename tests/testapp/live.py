"""Live views the tests drive."""

from __future__ import annotations

import datetime
import decimal
from typing import Literal

from djust import LiveView, event


class Counter(LiveView):
    template = '<button dj-click="increment" dj-value-by="1">+</button> <span>{{ count }}</span>'

    def mount(self, request, **kwargs):
        self.count = int(kwargs.get("start", 0))

    @event
    def increment(self, by: int = 1):
        self.count += by

    @event
    def fail(self):
        self.count = 999
        raise RuntimeError("boom")

    @event
    def shout(self, text: str):
        self.push_event("shout", {"text": text.upper()})

    @event
    def leave(self):
        self.navigate("/live/other/", replace=True)

    def not_an_event(self):
        self.count = -1


class Typed(LiveView):
    template = "{{ seen }}"

    def mount(self, request, **kwargs):
        self.seen = ""

    @event
    def take(
        self,
        n: int,
        x: float,
        flag: bool,
        price: decimal.Decimal,
        day: datetime.date,
        mode: Literal["a", "b"],
        tags: list[int],
        note: str | None = None,
    ):
        self.seen = repr((n, x, flag, price, day, mode, tags, note))


class Document(LiveView):
    """A template that is a whole document: the body is the view's root."""

    template_name = "live/document.html"

    def mount(self, request, **kwargs):
        self.n = 0

    @event
    def bump(self):
        self.n += 1


class Parent(LiveView):
    template_name = "live/parent.html"

    def mount(self, request, **kwargs):
        self.label = "parent"


class Item(LiveView):
    template = "<p>item {{ pk }}</p>"

    def mount(self, request, pk):
        self.pk = pk


class Whoami(LiveView):
    template = "<p>{{ request.user.username|default:'anonymous' }} {{ live }}</p>"

    def mount(self, request, **kwargs):
        self.live = getattr(request, "djust_live", False)


class WithCsrf(LiveView):
    template = '<form method="post">{% csrf_token %}<input name="q"></form>'


class CustomerCard(LiveView):
    """Shows a customer's name and their orders' numbers (never the ssn)."""

    template = (
        "<h1>{{ customer.name }}</h1><ul>{% for o in orders %}<li>{{ o.number }}</li>"
        "{% endfor %}</ul><p>{{ note }}</p>"
    )

    def mount(self, request, **kwargs):
        from tests.testapp.models import Customer, Order

        self.customer = Customer.objects.get(pk=kwargs["pk"])
        self.orders = list(Order.objects.filter(customer=self.customer).order_by("-id"))
        self._private = Customer.objects.get(pk=kwargs["pk"])  # not shown: read whole
        self.note = ""

    @event
    def annotate(self, text: str):
        self.note = text


class Chat(LiveView):
    template = "<ul>{% for m in messages %}<li>{{ m }}</li>{% endfor %}</ul>"

    def mount(self, request, **kwargs):
        self.messages = []
        self.subscribe("tests-chat")

    @event
    def say(self, text: str):
        LiveView.broadcast("tests-chat", "said", text)

    def handle_broadcast(self, name, payload):
        self.messages = [*self.messages, payload]


# ----- live forms ---------------------------------------------------------------------

from django import forms  # noqa: E402

from djust.forms import LiveFormView  # noqa: E402
from tests.testapp.models import Contact, Phone  # noqa: E402

STATES = [("", "---"), ("NY", "New York"), ("TX", "Texas")]


class ContactForm(forms.ModelForm):
    state = forms.ChoiceField(choices=STATES, required=False)

    class Meta:
        model = Contact
        fields = ["name", "email", "country", "state", "notes", "subscribed"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if name.lower() == "nobody":
            raise forms.ValidationError("Nobody is not a name.")
        return name

    def clean(self):
        data = super().clean()
        if data.get("country") == "US" and "state" in self.fields and not data.get("state"):
            self.add_error("state", "Choose a state.")
        return data


class ContactEdit(LiveFormView):
    form_class = ContactForm
    model = Contact
    autosave = True

    def visible_fields(self, data):
        return {"state": data.get("country") == "US"}

    def field_choices(self, data):
        return {"state": STATES if data.get("country") == "US" else STATES[:1]}

    def form_valid(self, form):
        if form.cleaned_data.get("notes") == "explode":
            raise RuntimeError("the notes exploded")
        if form.cleaned_data.get("notes") == "refuse":
            raise forms.ValidationError("Notes cannot say refuse.")
        return form.save()


class ContactNew(ContactEdit):
    autosave = False
    success_url = "/done/"


class ContactWithPhones(LiveFormView):
    form_class = ContactForm
    model = Contact
    formsets = {
        "phones": forms.inlineformset_factory(
            Contact,
            Phone,
            fields=["number", "label"],
            extra=0,
            can_delete=True,
            max_num=3,
            validate_max=True,
        )
    }


class Todo(LiveView):
    """Keyed items: an event made on an item the view no longer shows is refused."""

    template = (
        '<ul>{% for item in items %}<li dj-key="{{ item }}">{{ item }} '
        '<button dj-click="done" dj-value-item="{{ item }}">done</button></li>{% endfor %}</ul>'
    )

    def mount(self, request, **kwargs):
        self.items = ["milk", "eggs", "a&b"]
        self.done_items = []

    @event
    def done(self, item: str):
        self.items.remove(item)
        self.done_items.append(item)
