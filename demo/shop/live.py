"""The demo's live views: every binding, several views on one socket, nested views,
live navigation, server pushes and broadcasts, and a 1000-row table."""

from __future__ import annotations

import time

from djust import LiveView, event
from djust.forms import LiveFormView
from shop.forms import CA_PROVINCES, US_STATES, ContactForm, ItemRows, OrderForm
from shop.models import Contact, Order


class Counter(LiveView):
    template_name = "shop/live/counter.html"

    def mount(self, request, **kwargs):
        self.count = int(kwargs.get("start", 0))

    @event
    def increment(self, by: int = 1):
        self.count += by

    @event
    def reset(self):
        self.count = 0

    @event
    def go_to_table(self):
        self.navigate("/live/table/")


class Typing(LiveView):
    """Every keystroke is an event (no debounce); the page shows what the server has
    and how many times the handler ran. Cut the connection while typing: nothing is
    lost and nothing runs twice."""

    template_name = "shop/live/typing.html"

    def mount(self, request, **kwargs):
        self.text = ""
        self.runs = 0

    @event
    def typed(self, value: str = ""):
        self.text = value
        self.runs += 1


class Bindings(LiveView):
    """One of each binding, each logging what the server received."""

    template_name = "shop/live/bindings.html"

    def mount(self, request, **kwargs):
        self.log = []
        self.name = ""
        self.colour = "red"
        self.query = ""
        self.focused = ""
        self.moves = 0
        self.saved = None

    def _record(self, line):
        self.log = [*self.log[-9:], line]

    @event
    def clicked(self, item: str, qty: int):
        self._record(f"click item={item} qty={qty}")

    @event
    def save(self, name: str, agree: bool = False):
        # Slow enough for the loading state and dj-disable-with to show. (Views' code
        # runs on one thread: every view of this process waits this long too.)
        time.sleep(0.3)
        self.saved = {"name": name, "agree": agree}
        self._record(f"submit name={name} agree={agree}")

    @event
    def colour_changed(self, value: str):
        self.colour = value
        self._record(f"change colour={value}")

    @event
    def typed(self, value: str):
        self.name = value
        self._record(f"input {value}")

    @event
    def searched(self, value: str, key: str):
        self.query = value
        self._record(f"keydown {key} {value}")

    @event
    def released(self, value: str, key: str):
        self._record(f"keyup {key}")

    @event
    def focus(self, field: str):
        self.focused = field
        self._record(f"focus {field}")

    @event
    def blur(self, field: str, value: str = ""):
        self.focused = ""
        self._record(f"blur {field} {value}")

    @event
    def moved(self):
        self.moves += 1

    @event
    def notify(self, text: str):
        self.push_event("notice", {"text": text})


class Clock(LiveView):
    template = (
        '<p class="clock">Ticks: <b id="ticks">{{ ticks }}</b> '
        '<button dj-click="tick">tick</button></p>'
    )

    def mount(self, request, **kwargs):
        self.ticks = 0

    @event
    def tick(self):
        self.ticks += 1


class Dashboard(LiveView):
    """A view with two nested views: three views, one socket."""

    template_name = "shop/live/dashboard.html"

    def mount(self, request, **kwargs):
        self.show_clock = True
        self.title = "Dashboard"

    @event
    def toggle_clock(self):
        self.show_clock = not self.show_clock

    @event
    def rename(self, value: str):
        self.title = value


class Table(LiveView):
    """1000 rows; a click changes one cell."""

    template_name = "shop/live/table.html"

    def mount(self, request, **kwargs):
        self.rows = [{"id": i, "name": f"Row {i}", "score": i % 97} for i in range(1, 1001)]
        self.edits = 0

    @event
    def bump(self, id: int):
        row = self.rows[id - 1]
        self.rows[id - 1] = {**row, "score": row["score"] + 1}
        self.edits += 1


class Chat(LiveView):
    """Broadcasts: every open chat page sees every message."""

    template_name = "shop/live/chat.html"
    GROUP = "demo-chat"

    def mount(self, request, **kwargs):
        self.messages = []
        self.draft = ""
        self.subscribe(self.GROUP)

    @event
    def send(self, text: str):
        text = text.strip()[:200]
        if text:
            LiveView.broadcast(self.GROUP, "message", {"text": text})
        self.draft = ""

    def handle_broadcast(self, name, payload):
        if name == "message":
            self.messages = [*self.messages[-19:], payload["text"]]
            self.push_event("message", payload)


class ContactRules:
    """Dependent fields, in Python: State only for the US and Canada, with their
    states or provinces as its choices."""

    def visible_fields(self, data):
        return {"state": data.get("country") in ("US", "CA")}

    def field_choices(self, data):
        return {"state": US_STATES if data.get("country") == "US" else CA_PROVINCES}


class ContactEdit(ContactRules, LiveFormView):
    """Edit a contact; every valid change is saved after a pause."""

    form_class = ContactForm
    model = Contact
    autosave = True
    page_title = "Edit contact"

    def form_valid(self, form):
        notes = form.cleaned_data.get("notes", "")
        if "fail" in notes:
            raise RuntimeError("the demo refuses notes that say 'fail'")
        if "slow" in notes:
            time.sleep(0.5)  # a slow save, to see "Saving…"
        return form.save()


class ContactNew(ContactRules, LiveFormView):
    """A new contact: validated while typing, saved on submit."""

    form_class = ContactForm
    model = Contact
    success_url = "/contacts/"
    submit_label = "Create"


class OrderEdit(LiveFormView):
    """An order and its items: rows added and removed live, saved on submit."""

    form_class = OrderForm
    model = Order
    formsets = {"items": ItemRows}
    submit_label = "Save the order"
