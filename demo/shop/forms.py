"""The live form demo: an ordinary ModelForm, made live by shop/live.py's views."""

from django import forms

from shop.models import Contact, Item, Order

US_STATES = [("", "---------"), ("CA", "California"), ("NY", "New York"), ("TX", "Texas")]
US_STATES += [("WA", "Washington")]
CA_PROVINCES = [("", "---------"), ("BC", "British Columbia"), ("ON", "Ontario")]
CA_PROVINCES += [("QC", "Quebec")]


class QuickContactForm(forms.ModelForm):
    """An ordinary Django form (no live view): it works offline too."""

    class Meta:
        model = Contact
        fields = ["name", "email"]


class ContactForm(forms.ModelForm):
    state = forms.ChoiceField(choices=US_STATES + CA_PROVINCES[1:], required=False)

    class Meta:
        model = Contact
        fields = ["name", "email", "country", "state", "notes"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.endswith("@example.com"):
            raise forms.ValidationError("example.com is not a real address.")
        return email

    def clean(self):
        data = super().clean()
        if data.get("country") in ("US", "CA") and "state" in self.fields and not data.get("state"):
            self.add_error("state", "Choose a state.")
        return data


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ["status", "notes"]


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["sku", "quantity"]

    def save(self, commit=True):
        if self.instance.supplier_cost is None:
            self.instance.supplier_cost = 0  # not on the form: a new row costs nothing yet
        return super().save(commit)


ItemRows = forms.inlineformset_factory(
    Order, Item, form=ItemForm, extra=0, can_delete=True, max_num=20, validate_max=True
)
