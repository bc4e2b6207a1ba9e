import decimal

import django.db.models.deletion
from django.db import migrations, models


def create(apps, schema_editor):
    """Up to three items per sample order."""
    Order = apps.get_model("shop", "Order")
    Item = apps.get_model("shop", "Item")
    Item.objects.bulk_create(
        Item(
            order=order,
            sku=f"SKU-{order.number[2:]}-{j}",
            quantity=j + 1,
            supplier_cost=decimal.Decimal("3.10"),
        )
        for i, order in enumerate(Order.objects.order_by("number"))
        for j in range(i % 4)
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_sample_data")]

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("sku", models.CharField(max_length=20)),
                ("quantity", models.PositiveIntegerField()),
                ("supplier_cost", models.DecimalField(decimal_places=2, max_digits=10)),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="shop.order",
                    ),
                ),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
