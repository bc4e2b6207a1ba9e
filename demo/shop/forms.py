"""The live form demo: an ordinary ModelForm, made live by shop/live.py's views."""

from django import forms

from shop.models import Contact

US_STATES = [("", "---------"), ("CA", "California"), ("NY", "New York"), ("TX", "Texas")]
US_STATES += [("WA", "Washington")]
CA_PROVINCES = [("", "---------"), ("BC", "British Columbia"), ("ON", "Ontario")]
CA_PROVINCES += [("QC", "Quebec")]


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
