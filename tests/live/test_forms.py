"""LiveFormView: validation while typing, dependent fields, autosave with conflicts
and drafts, and the same view without JavaScript."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import Client, RequestFactory, override_settings

from djust.testing import LiveViewTestClient
from tests.testapp.live import ContactEdit, ContactNew, ContactWithPhones
from tests.testapp.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return Contact.objects.create(name="Ada", email="ada@example.org")


def edit(contact, session=None):
    request = RequestFactory().get(f"/contacts/{contact.pk}/")
    request.session = session if session is not None else SessionStore()
    request.djust_live = True
    client = LiveViewTestClient(ContactEdit, request)
    client.mount(pk=contact.pk)
    return client


def errors_shown(html: str) -> str:
    return html.split('class="errorlist"')[1].split("</ul>")[0] if "errorlist" in html else ""


def test_an_error_shows_only_for_the_field_being_edited(ada):
    client = edit(ada)
    reply = client.event("change", field="email", value="not an address")
    assert reply.error is None
    html = client.html()
    assert "Enter a valid email address." in html
    assert html.count('class="errorlist"') == 1  # not on the untouched fields
    assert client.view.status == "Not saved: Email: Enter a valid email address."
    client.event("change", field="email", value="ada@lovelace.org")
    assert "errorlist" not in client.html()
    assert Contact.objects.get(pk=ada.pk).email == "ada@lovelace.org"


def test_leaving_a_field_shows_its_error_without_a_change(ada):
    client = edit(ada)
    client.event("change", field="name", value="")
    assert "This field is required." in client.html()
    client.event("touch", field="notes")
    assert client.html().count('class="errorlist"') == 1


def test_the_forms_own_clean_methods_and_unique_checks_run(ada):
    Contact.objects.create(name="Grace", email="grace@example.org")
    client = edit(ada)
    client.event("change", field="name", value="Nobody")
    assert "Nobody is not a name." in client.html()
    client.event("change", field="email", value="grace@example.org")
    assert "Contact with this Email already exists." in client.html()
    assert Contact.objects.get(pk=ada.pk).name == "Ada"  # nothing invalid is saved


def test_dependent_fields_show_validate_and_save_only_when_visible(ada):
    client = edit(ada)
    assert 'name="state"' not in client.html()
    client.event("change", field="country", value="US")
    assert 'name="state"' in client.html() and 'value="NY"' in client.html()
    assert client.view.status == "Not saved: State: Choose a state."
    client.event("change", field="state", value="NY")
    assert Contact.objects.get(pk=ada.pk).state == "NY"
    client.event("change", field="country", value="FR")
    assert 'name="state"' not in client.html()
    saved = Contact.objects.get(pk=ada.pk)
    assert (saved.country, saved.state) == ("FR", "NY")  # hidden: not saved, not cleared


def test_a_submit_ignores_hidden_fields_and_shows_every_error():
    client = LiveViewTestClient(ContactNew)
    client.mount()
    reply = client.event("submit", name="", email="x", country="FR", state="TX")
    assert client.html().count('class="errorlist"') == 2
    assert reply.navigate is None
    reply = client.event(
        "submit",
        name="Lin",
        email="lin@example.org",
        country="FR",
        state="TX",
        csrfmiddlewaretoken="t",
    )
    assert reply.navigate == ("/done/", False)
    created = Contact.objects.get(email="lin@example.org")
    assert (created.state, created.subscribed) == ("", False)  # unchecked box: False


def test_two_tabs_saving_the_same_object_get_a_conflict_and_a_choice(ada):
    first, second = edit(ada), edit(ada)
    first.event("change", field="notes", value="from the first tab")
    reply = second.event("change", field="notes", value="from the second tab")
    assert second.view.conflict and "Keep my changes" in second.html()
    assert reply.error is None
    assert Contact.objects.get(pk=ada.pk).notes == "from the first tab"
    second.event("resolve_conflict", choice="mine")
    assert Contact.objects.get(pk=ada.pk).notes == "from the second tab"
    assert not second.view.conflict and second.view.status == "Saved"
    # The first tab is now behind: it may load the saved version instead.
    first.event("change", field="name", value="Ada L.")
    first.event("resolve_conflict", choice="theirs")
    assert "from the second tab" in first.html() and 'value="Ada"' in first.html()
    assert first.event("resolve_conflict", choice="maybe").error == "event.bad-params"


def test_an_error_in_form_valid_is_shown_not_swallowed(ada):
    client = edit(ada)
    client.event("change", field="notes", value="refuse")
    assert client.view.status == "Couldn't save: Notes cannot say refuse."
    client.event("change", field="notes", value="explode")
    assert client.view.status == "Couldn't save: the server failed (it is logged)"
    with override_settings(DEBUG=True):
        client.event("change", field="notes", value="explode")
    assert client.view.status == "Couldn't save: the notes exploded"
    assert "djust-form-error" in client.html()
    assert Contact.objects.get(pk=ada.pk).notes == ""


def test_a_draft_that_is_not_valid_survives_a_reload(ada):
    session = SessionStore()
    client = edit(ada, session)
    client.event("change", field="email", value="half-typed@")
    # (A signed-cookie session's key is its data: each save makes a new key.)
    after_reload = SessionStore(session_key=session.session_key)
    reloaded = edit(ada, after_reload)
    assert 'value="half-typed@"' in reloaded.html()
    assert "Enter a valid email address." in reloaded.html()
    assert reloaded.view.status == "Draft restored: not saved yet"
    reloaded.event("change", field="email", value="ada@new.org")  # saved: the draft goes
    assert not edit(ada, SessionStore(session_key=after_reload.session_key)).view.status


def test_unknown_fields_are_refused(ada):
    assert edit(ada).event("change", field="is_admin", value=True).error == "event.bad-params"


def test_without_javascript_it_is_an_ordinary_form(ada):
    client = Client()
    page = client.get(f"/contacts/{ada.pk}/")
    assert page.status_code == 200 and b'dj-submit="submit"' in page.content
    data = {"name": "Ada", "email": "bad", "country": "FR", "notes": ""}
    invalid = client.post(f"/contacts/{ada.pk}/", data)
    assert invalid.status_code == 200
    assert b"Enter a valid email address." in invalid.content
    data["email"] = "ada@post.org"
    saved = client.post(f"/contacts/{ada.pk}/", data)
    assert saved.status_code == 302 and saved["Location"] == f"/contacts/{ada.pk}/"
    assert Contact.objects.get(pk=ada.pk).email == "ada@post.org"
    created = client.post("/contacts/new/", {**data, "email": "new@post.org", "name": "New"})
    assert created.status_code == 302 and created["Location"] == "/done/"
    assert Client(enforce_csrf_checks=True).post("/contacts/new/", data).status_code == 403


def test_formset_rows_are_added_validated_saved_and_removed(ada):
    ada.phones.create(number="555-0100", label="home")
    client = LiveViewTestClient(ContactWithPhones)
    client.mount(pk=ada.pk)
    assert client.html().count('class="djust-row"') == 1
    reply = client.event("add_row", formset="phones")
    assert reply.error is None and client.html().count('class="djust-row"') == 2
    assert 'name="phones-1-number"' in client.html()
    client.event("change", field="phones-1-number", value="")
    client.event("touch", field="phones-1-number")
    client.event("change", field="phones-1-label", value="work")
    client.event("submit")
    assert "This field is required." in client.html()  # the new row's number
    client.event("change", field="phones-1-number", value="555-0199")
    reply = client.event("submit", name="Ada", email="ada@example.org", country="FR")
    assert client.view.status == "Saved", client.view.status
    assert sorted(ada.phones.values_list("number", "label")) == [
        ("555-0100", "home"),
        ("555-0199", "work"),
    ]
    client.event("remove_row", formset="phones", index=0)
    assert client.html().count('class="djust-row"') == 1
    client.event("submit", name="Ada", email="ada@example.org", country="FR")
    assert list(ada.phones.values_list("number", flat=True)) == ["555-0199"]


def test_formset_limits_and_bad_rows_are_refused(ada):
    client = LiveViewTestClient(ContactWithPhones)
    client.mount(pk=ada.pk)
    for _ in range(3):
        assert client.event("add_row", formset="phones").error is None
    assert client.event("add_row", formset="phones").error == "event.bad-params"
    assert client.event("add_row", formset="emails").error == "event.bad-params"
    assert client.event("remove_row", formset="phones", index=7).error == "event.bad-params"


def test_template_name_replaces_the_default_form_template(ada):
    class Own(ContactEdit):
        template_name = "live/contact_form.html"

    client = LiveViewTestClient(Own)
    html = client.mount(pk=ada.pk)
    assert html.startswith('<form dj-submit="submit"><h2>Own template</h2>')
    assert 'name="email"' in html and 'dj-input="change"' in html  # still live
    client.event("change", field="email", value="x")
    assert "Enter a valid email address." in client.html()


def test_hidden_fields_and_formset_counts_cannot_be_changed(ada):
    phone = ada.phones.create(number="555-0100")
    client = LiveViewTestClient(ContactWithPhones)
    client.mount(pk=ada.pk)
    for field in ("phones-TOTAL_FORMS", "phones-INITIAL_FORMS", "phones-0-id", "phones-0-contact"):
        assert client.event("change", field=field, value="999").error == "event.bad-params"
    assert client.event("change", field="phones-0-number", value="555-0111").error is None
    client.event("submit")
    phone.refresh_from_db()
    assert phone.number == "555-0111"
