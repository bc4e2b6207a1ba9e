"""Models for the template scanner's query tests: an order with a customer (whose
``ssn`` no template should fetch), items, tags and a customer profile."""

from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()
    ssn = models.CharField(max_length=11)

    def __str__(self):
        return self.name


class Profile(models.Model):
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField()
    avatar = models.CharField(max_length=200)

    def __str__(self):
        return f"profile of {self.customer_id}"


class Tag(models.Model):
    label = models.CharField(max_length=30)
    color = models.CharField(max_length=10)

    def __str__(self):
        return self.label


class Order(models.Model):
    STATUSES = [("paid", "Paid"), ("open", "Open")]

    number = models.CharField(max_length=20)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=10, choices=STATUSES)
    internal_notes = models.TextField()
    tags = models.ManyToManyField(Tag, related_name="orders")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Order {self.number}"

    @property
    def label(self):
        return f"{self.number} ({self.internal_notes[:3]})"


class Item(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    sku = models.CharField(max_length=20)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    secret = models.CharField(max_length=20)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.sku


class Contact(models.Model):
    """LiveFormView's tests (tests/live/test_forms.py)."""

    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    country = models.CharField(
        max_length=2, choices=[("US", "United States"), ("FR", "France")], default="FR"
    )
    state = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    subscribed = models.BooleanField(default=False)

    def __str__(self):
        return self.name


class Phone(models.Model):
    """A contact's phone numbers: LiveFormView's formset tests."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=20)
    label = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return self.number
