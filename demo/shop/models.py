from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField()

    def __str__(self):
        return self.name


class Order(models.Model):
    STATUSES = [("paid", "Paid"), ("pending", "Pending"), ("refunded", "Refunded")]

    number = models.CharField(max_length=20, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="orders")
    status = models.CharField(max_length=10, choices=STATUSES)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    placed = models.DateTimeField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed"]

    def __str__(self):
        return self.number


class Item(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    sku = models.CharField(max_length=20)
    quantity = models.PositiveIntegerField()
    # Never shown: the template scanner keeps it out of every query.
    supplier_cost = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.sku


class Contact(models.Model):
    """The live form demo's model (shop/forms.py)."""

    COUNTRIES = [("US", "United States"), ("CA", "Canada"), ("FR", "France"), ("DE", "Germany")]

    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, default="FR")
    state = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name
