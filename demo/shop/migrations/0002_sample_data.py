"""Sample data, so the demo shows something on a fresh database."""

import datetime
import decimal

from django.db import migrations


def create(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    Order = apps.get_model("shop", "Order")
    start = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=datetime.UTC)
    customers = Customer.objects.bulk_create(
        Customer(name=f"Customer {i} O'Brien", email=f"customer{i}@example.com") for i in range(20)
    )
    statuses = ["paid", "pending", "refunded", "paid"]
    Order.objects.bulk_create(
        Order(
            number=f"A-{1000 + i}",
            customer=customers[i % len(customers)],
            status=statuses[i % len(statuses)],
            total=decimal.Decimal(i * 7) + decimal.Decimal("0.99"),
            placed=start + datetime.timedelta(hours=7 * i),
            notes="Leave at the door <please> & ring twice" if i % 3 else "",
        )
        for i in range(100)
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
