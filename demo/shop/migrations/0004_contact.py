from django.db import migrations, models

SAMPLES = [
    ("Ada Lovelace", "ada@example.org", "FR", ""),
    ("Grace Hopper", "grace@example.org", "US", "NY"),
    ("Alan Turing", "alan@example.org", "DE", ""),
    ("Katherine Johnson", "katherine@example.org", "US", "WA"),
    ("Edsger Dijkstra", "edsger@example.org", "FR", ""),
    ("Barbara Liskov", "barbara@example.org", "CA", "ON"),
]


def add_contacts(apps, schema_editor):
    Contact = apps.get_model("shop", "Contact")
    for name, email, country, state in SAMPLES:
        Contact.objects.create(name=name, email=email, country=country, state=state)


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_item")]

    operations = [
        migrations.CreateModel(
            name="Contact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("email", models.EmailField(max_length=254, unique=True)),
                (
                    "country",
                    models.CharField(
                        choices=[
                            ("US", "United States"),
                            ("CA", "Canada"),
                            ("FR", "France"),
                            ("DE", "Germany"),
                        ],
                        default="FR",
                        max_length=2,
                    ),
                ),
                ("state", models.CharField(blank=True, max_length=40)),
                ("notes", models.TextField(blank=True)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(add_contacts, migrations.RunPython.noop),
    ]
