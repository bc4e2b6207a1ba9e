"""If it is not in the HTML, it is not fetched: querysets and instances in a
template's context are fetched with what the template reads, on a real database."""

import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.backends.django import DjangoTemplates
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djust.template import DjustTemplates
from tests.testapp.models import Customer, Item, Order, Profile, Tag

pytestmark = pytest.mark.django_db


def backends(**options):
    from tests.settings import BASE

    params = {"DIRS": [BASE / "templates"], "APP_DIRS": True, "OPTIONS": options}
    return (
        DjangoTemplates({"NAME": "dj", **params}),
        DjustTemplates({"NAME": "us", **params}),
    )


@pytest.fixture
def shop():
    tags = [Tag.objects.create(label=f"t{i}", color="red") for i in range(3)]
    customers = []
    for c in range(10):
        customer = Customer.objects.create(name=f"C{c}", email=f"c{c}@x.io", ssn=f"000-00-{c}")
        Profile.objects.create(customer=customer, bio=f"bio {c}", avatar="a.png")
        customers.append(customer)
    for n in range(100):
        order = Order.objects.create(
            number=f"N{n:03}",
            customer=customers[n % 10],
            status="paid" if n % 2 else "open",
            internal_notes="do not show",
        )
        order.tags.set(tags[: n % 3])
        for i in range(n % 4):
            Item.objects.create(order=order, sku=f"S{n}-{i}", price=Decimal("1.50"), secret="x")
    return customers


def render_counting(backend, name, context):
    with CaptureQueriesContext(connection) as queries:
        out = backend.get_template(name).render(context)
    return out, [q["sql"] for q in queries.captured_queries]


def test_orders_page_runs_two_queries_and_selects_only_what_it_shows(shop):
    dj, us = backends()
    django_out, django_sql = render_counting(
        dj, "queries/orders.html", {"orders": Order.objects.all()}
    )
    ours, sql = render_counting(us, "queries/orders.html", {"orders": Order.objects.all()})
    assert ours == django_out
    assert len(django_sql) == 201
    assert len(sql) == 2, sql
    joined = " ".join(sql)
    for unread in ("ssn", "internal_notes", "secret", "price", "email", "status"):
        assert unread not in joined, unread
    for read in ('"number"', '"name"', '"sku"'):
        assert read in joined


def test_extends_include_only_tags_profile_and_choices(shop):
    dj, us = backends()
    django_out, _ = render_counting(dj, "queries/child.html", {"orders": Order.objects.all()})
    ours, sql = render_counting(us, "queries/child.html", {"orders": Order.objects.all()})
    assert ours == django_out
    assert len(sql) == 2  # orders joined with customer and profile; tags prefetched
    joined = " ".join(sql)
    assert '"status"' in joined and '"bio"' in joined and '"label"' in joined
    for unread in ("ssn", "internal_notes", "avatar", "color"):
        assert unread not in joined, unread


def test_a_property_keeps_its_models_columns_and_says_where_in_debug(shop, caplog):
    _, us = backends()
    source = "{% for o in orders %}{{ o.label }} {{ o.customer.name }}{% endfor %}"
    with override_settings(DEBUG=True), caplog.at_level(logging.WARNING, "djust.queries"):
        with CaptureQueriesContext(connection) as queries:
            us.from_string(source).render({"orders": Order.objects.all()})
            us.from_string(source).render({"orders": Order.objects.all()})
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "internal_notes" in sql  # Order is opaque: all its columns
    assert "ssn" not in sql  # Customer is not
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1, messages  # once, not once per render
    assert "Order.label is not a field" in messages[0] and "line 1" in messages[0]


def test_printing_a_related_object_keeps_its_columns(shop):
    dj, us = backends()
    source = "{% for o in orders %}{{ o.customer }}{% endfor %}"
    with CaptureQueriesContext(connection) as queries:
        ours = us.from_string(source).render({"orders": Order.objects.all()})
    assert ours == dj.from_string(source).render({"orders": Order.objects.all()})
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) == 1 and "ssn" in sql


def test_a_custom_tag_turns_every_restriction_off_but_keeps_the_joins(shop):
    dj, us = backends()
    source = (
        "{% load testtags %}{% for o in orders %}{{ o.customer.name }}{% ctxget 'x' %}"
        "{% for i in o.items.all %}{{ i.sku }}{% endfor %}{% endfor %}"
    )
    context = {"orders": Order.objects.all()}
    with CaptureQueriesContext(connection) as queries:
        ours = us.from_string(source).render(context)
    assert ours == dj.from_string(source).render({"orders": Order.objects.all()})
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) == 2
    assert "ssn" in sql and "secret" in sql


def test_instances_and_lists_get_their_relations_prefetched(shop):
    dj, us = backends()
    source = (
        "{{ order.customer.name }}{% for i in order.items.all %}{{ i.sku }}{% endfor %}|"
        "{% for o in many %}{{ o.customer.name }}{{ o.items.all|length }}{% endfor %}"
    )
    order = Order.objects.get(number="N003")
    many = list(Order.objects.all())
    with CaptureQueriesContext(connection) as queries:
        ours = us.from_string(source).render({"order": order, "many": many})
    assert len(queries.captured_queries) == 4  # order: customer, items; many: both
    fresh = {"order": Order.objects.get(number="N003"), "many": list(Order.objects.all())}
    assert ours == dj.from_string(source).render(fresh)


def test_the_callers_choices_stand(shop):
    _, us = backends()
    source = "{% for o in orders %}{{ o.number }}{{ o.customer.name }}{% endfor %}"
    chosen = Order.objects.only("number", "customer__name").select_related("customer")
    with CaptureQueriesContext(connection) as queries:
        us.from_string(source).render({"orders": chosen})
    assert len(queries.captured_queries) == 1
    values = Order.objects.values("number")
    assert (
        us.from_string("{% for o in orders %}{{ o.number }}{% endfor %}")
        .render({"orders": values})
        .startswith("N000")
    )


def test_a_request_context_is_optimised_too(shop, rf):
    _, us = backends(context_processors=["django.template.context_processors.request"])
    with CaptureQueriesContext(connection) as queries:
        us.get_template("queries/orders.html").render({"orders": Order.objects.all()}, rf.get("/"))
    assert len(queries.captured_queries) == 2


def test_turning_it_off_renders_the_context_as_given(shop):
    _, us = backends()
    with override_settings(DJUST={"OPTIMIZE_QUERIES": False}):
        _, sql = render_counting(us, "queries/orders.html", {"orders": Order.objects.all()})
    assert len(sql) == 201


def test_djust_scan_prints_paths_and_a_views_queries(shop, capsys):
    call_command("djust_scan", "queries/child.html")
    out = capsys.readouterr().out
    assert "orders[].customer.profile.bio" in out
    assert "queries/row.html" in out
    call_command("djust_scan", "--url", "/queries/orders/")
    out = capsys.readouterr().out
    assert "2 queries" in out and "SELECT" in out


ORDER_PIECES = [
    "{{ o.number }}",
    "{{ o.get_status_display }}",
    "{{ o.customer.name }}",
    "{{ o.customer }}",
    "{{ o.label }}",
    "{{ o.customer.profile.bio }}",
    "{% for i in o.items.all %}{{ i.sku }}/{{ i.price }};{% endfor %}",
    "{{ o.items.all|length }}",
    "{{ o.items.count }}",
    "{% for t in o.tags.all %}{{ t.label }}{% empty %}-{% endfor %}",
    "{% with c=o.customer %}{{ c.email }}{% endwith %}",
    "{% if o.status == 'paid' %}P{% else %}{{ o.internal_notes|truncatechars:4 }}{% endif %}",
    "{{ o.customer.orders.count }}",
    "{{ o.customer_id }}-{{ o.pk }}",
    "{{ o.items.all.0.sku }}",
    "{% for i in o.items.all|dictsort:'sku' %}{{ i.secret|upper }}{% endfor %}",
    "{% load testtags %}{% ctxget 'o' %}",
]
TOP_PIECES = [
    "{{ orders|length }}",
    "{{ orders.0.number }}",
    "{{ orders.first.customer.name }}",
    "{% for o in orders|dictsort:'number' %}{{ o.number }}{% endfor %}",
    "{% regroup orders by customer.name as g %}{% for x in g %}{{ x.grouper }}:"
    "{{ x.list|length }}{% endfor %}",
    "{% with first=orders|first %}{{ first.customer.email }}{% endwith %}",
]


@st.composite
def order_template(draw):
    body = "".join(draw(st.lists(st.sampled_from(ORDER_PIECES), min_size=1, max_size=4)))
    top = "".join(draw(st.lists(st.sampled_from(TOP_PIECES), max_size=2)))
    return top + "{% for o in orders %}[" + body + "]{% endfor %}"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=order_template())
def test_generated_templates_render_the_same_bytes_optimised_or_not(shop, source):
    _, us = backends()

    def orders():
        return Order.objects.filter(number__lt="N012")

    ours = us.from_string(source).render({"orders": orders()})
    with override_settings(DJUST={"OPTIMIZE_QUERIES": False}):
        plain = us.from_string(source).render({"orders": orders()})
    assert ours == plain
