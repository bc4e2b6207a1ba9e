"""djust.renderers: Django's form templates rendered by the Rust engine, byte for byte."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2

from djust.renderers import DjustTemplates, DjustTemplatesSetting, for_setting


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="Your <b>name</b>")
    email = forms.EmailField()
    age = forms.IntegerField(min_value=0, required=False)
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    tags = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField()
    when = forms.SplitDateTimeField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("A non-field <error>.")


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "x" * 30, "email": "no", "age": "-1", "colour": "r", "tags": ["a", "c"]}],
)
@pytest.mark.parametrize("template", ["div", "p", "table", "ul"])
def test_forms_render_byte_identically(data, template):
    django_form = Everything(data=data, renderer=DjangoTemplates())
    djust_form = Everything(data=data, renderer=DjustTemplates())
    assert getattr(djust_form, f"as_{template}")() == getattr(django_form, f"as_{template}")()
    for name in ("name", "colour", "tags", "when"):
        assert djust_form[name].as_field_group() == django_form[name].as_field_group()


def test_live_forms_pick_the_rust_equivalent_of_djangos_renderers():
    assert isinstance(for_setting("django.forms.renderers.DjangoTemplates"), DjustTemplates)
    assert isinstance(for_setting("django.forms.renderers.TemplatesSetting"), DjustTemplatesSetting)
    assert isinstance(for_setting("django.forms.renderers.Jinja2"), Jinja2)  # kept
