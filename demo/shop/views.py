import statistics
import time

from django.shortcuts import render
from django.template import engines
from django.template.loader import get_template

from djust import vdom
from shop.models import Order

_ROWS = "".join(f'\n  <li dj-key="{k}">Item {k}</li>' for k in range(1, 6))
PATCH_EXAMPLE = (
    f'<h2 class="title">Cart (5)</h2>\n<ul class="items">{_ROWS}\n</ul>',
    '<h2 class="title">Cart (6)</h2>\n<ul class="items">'
    + "".join(f'\n  <li dj-key="{k}">Item {k}</li>' for k in (6, 5, 4, 3, 2, 1))
    + "\n</ul>",
)


def contacts(request):
    from shop.models import Contact

    return render(request, "shop/contacts.html", {"contacts": Contact.objects.all()})


def pair(request):
    """An ordinary Django page with two live views on it."""
    return render(request, "shop/live/pair.html")


def quick_contact(request):
    """A plain POST form with {% djust_form_key %}: sent offline, the service worker
    keeps it and sends it when the network is back; sent twice, it saves once."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from shop.forms import QuickContactForm

    form = QuickContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"{contact.name} was added.")
        return redirect("contacts")
    return render(request, "shop/quick_contact.html", {"form": form})


def standalone(request):
    """A page outside the demo's layout: the middleware adds the runtime to it."""
    return render(request, "shop/standalone.html")


def home(request):
    return render(request, "shop/home.html", {"order_count": Order.objects.count()})


def orders(request):
    # No select_related or prefetch_related: the template scanner adds what the
    # table reads (customer, items) and leaves out the columns it does not show.
    return render(request, "shop/orders.html", {"orders": Order.objects.all()})


def _median_render(template, context, runs=15):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = template.render(context)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), out


def engine(request):
    """Render the orders table with Django's engine and with Djust's, side by side."""
    # Fetched up front, so both engines render from memory: this page compares
    # rendering, not queries.
    orders = Order.objects.select_related("customer").prefetch_related("items")
    context = {"orders": list(orders)}
    django_t = engines["django"].get_template("shop/orders_table.html")
    djust_t = get_template("shop/orders_table.html")
    django_s, django_out = _median_render(django_t, context)
    djust_s, djust_out = _median_render(djust_t, context)
    return render(
        request,
        "shop/engine.html",
        {
            "django_us": round(django_s * 1e6),
            "djust_us": round(djust_s * 1e6),
            "speedup": django_s / djust_s,
            "identical": django_out == djust_out,
            "rows": len(context["orders"]),
        },
    )


def patches(request):
    """Two renders, the patch between them, and the patch applied in the page."""
    old, new = PATCH_EXAMPLE
    if request.method == "POST":
        old, new = request.POST.get("old", ""), request.POST.get("new", "")
    wire = vdom.diff_json(old, new)
    context = {"old": old, "new": new, "ops": vdom.diff(old, new), "wire": wire}
    return render(request, "shop/patches.html", {**context, "size": len(wire.encode())})
