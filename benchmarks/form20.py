"""A 20-field live form for benchmarks/live.py (no model: the figure is the
framework's, not a database's)."""

from django import forms

from djust.forms import LiveFormView


class TwentyFields(forms.Form):
    email = forms.EmailField()
    locals().update({f"field_{i:02}": forms.CharField(max_length=50) for i in range(1, 20)})


class TwentyFieldForm(LiveFormView):
    form_class = TwentyFields
