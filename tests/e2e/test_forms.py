"""Live model forms in Chromium, on the demo's contact form (shop/live.py)."""

from __future__ import annotations

from playwright.sync_api import expect

DEBOUNCE_MS = 300  # the demo form's (LiveFormView.debounce)


def open_contact(page, server, pk):
    page.goto(f"{server.url}/contacts/{pk}/")
    page.wait_for_selector("[dj-view][dj-joined]")


def field_error(page, name):
    return page.locator(f'[dj-key="{name}"] .errorlist')


def test_an_invalid_email_shows_its_error_while_typing_and_only_there(page, demo_server):
    open_contact(page, demo_server, 1)
    email = page.locator("#id_email")
    email.fill("")
    email.press_sequentially("ada@example.com", delay=30)
    # No submit: the error arrives within the debounce after the last key.
    expect(field_error(page, "email")).to_have_text(
        "example.com is not a real address.", timeout=DEBOUNCE_MS + 1500
    )
    expect(page.locator(".errorlist")).to_have_count(1)  # untouched fields: no error
    expect(email).to_be_focused()
    email.press_sequentially("x")  # ada@example.comx: valid again
    expect(field_error(page, "email")).to_have_count(0)


def test_the_caret_survives_a_validation_patch_while_typing_fast(page, demo_server):
    patches = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: patches.append(f)))
    open_contact(page, demo_server, 2)
    name = page.locator("#id_name")
    name.fill("")
    expect(field_error(page, "name")).to_have_count(1)
    before = len(patches)
    # Keys just slower than the debounce: each one's reply lands while typing goes on.
    name.press_sequentially("Grace", delay=DEBOUNCE_MS + 60)
    name.press("Home")
    name.press_sequentially(">> ", delay=DEBOUNCE_MS + 60)
    expect(field_error(page, "name")).to_have_count(0)
    expect(name).to_have_value(">> Grace")
    assert page.evaluate("document.getElementById('id_name').selectionStart") == 3
    assert len(patches) - before >= 6  # replies arrived between the keys


def test_leaving_a_field_validates_it_at_once(page, demo_server):
    open_contact(page, demo_server, 3)
    page.locator("#id_email").fill("no-at-sign")
    page.keyboard.press("Tab")
    # Well inside the debounce: leaving the field sent it at once.
    expect(field_error(page, "email")).to_have_count(1, timeout=DEBOUNCE_MS - 50)


def test_choosing_us_shows_state_and_france_hides_it(page, demo_server):
    open_contact(page, demo_server, 3)  # Alan Turing, Germany
    expect(page.locator("#id_state")).to_have_count(0)
    page.select_option("#id_country", "US")
    expect(page.locator("#id_state option")).to_have_count(5)
    expect(page.locator(".djust-status-text")).to_have_text("Not saved: State: Choose a state.")
    page.select_option("#id_country", "CA")
    expect(page.locator("#id_state option[value=ON]")).to_have_count(1)  # new choices
    page.select_option("#id_country", "FR")
    expect(page.locator("#id_state")).to_have_count(0)
    expect(page.locator(".djust-status-text")).to_have_text("Saved")


def test_a_submit_with_france_ignores_state(page, demo_server):
    page.goto(demo_server.url + "/contacts/new/")
    page.wait_for_selector("[dj-view][dj-joined]")
    page.fill("#id_name", "Marie Curie")
    page.fill("#id_email", "marie@example.org")
    page.select_option("#id_country", "US")
    page.select_option("#id_state", "NY")
    page.select_option("#id_country", "FR")
    page.click("button[type=submit]")
    expect(page).to_have_url(demo_server.url + "/contacts/")  # a live navigation
    expect(page.locator("#contacts li", has_text="Marie Curie")).to_have_text(
        "Marie Curie — marie@example.org, France"
    )


def test_autosave_keeps_what_was_typed_across_a_reload(page, demo_server):
    open_contact(page, demo_server, 4)
    page.fill("#id_notes", "Saved by itself")
    expect(page.locator(".djust-status-text")).to_have_text("Saved")
    page.reload()
    expect(page.locator("#id_notes")).to_have_value("Saved by itself")


def test_autosave_shows_saving_then_saved(page, demo_server):
    open_contact(page, demo_server, 4)
    page.fill("#id_notes", "a slow save")
    expect(page.locator(".djust-saving")).to_be_visible()
    expect(page.locator(".djust-status-text")).to_be_hidden()
    expect(page.locator(".djust-status-text")).to_have_text("Saved")
    expect(page.locator(".djust-saving")).to_be_hidden()


def test_a_draft_that_is_not_valid_survives_a_reload(page, demo_server):
    open_contact(page, demo_server, 5)
    page.fill("#id_email", "half-typed@")
    expect(field_error(page, "email")).to_have_count(1)
    page.reload()
    expect(page.locator("#id_email")).to_have_value("half-typed@")
    expect(page.locator(".djust-status-text")).to_have_text("Draft restored: not saved yet")


def test_two_tabs_the_second_save_reports_the_conflict(browser, demo_server):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    for p in (first, second):
        open_contact(p, demo_server, 6)
    first.fill("#id_notes", "first tab")
    expect(first.locator(".djust-status-text")).to_have_text("Saved")
    second.fill("#id_notes", "second tab")
    expect(second.locator(".djust-conflict")).to_be_visible()
    expect(second.locator(".djust-status-text")).to_have_text("Not saved: changed elsewhere")
    second.click("text=Keep my changes")
    expect(second.locator(".djust-status-text")).to_have_text("Saved")
    first.reload()
    expect(first.locator("#id_notes")).to_have_value("second tab")
    context.close()


def test_an_error_in_form_valid_is_shown(page, demo_server):
    open_contact(page, demo_server, 2)
    page.fill("#id_notes", "this will fail")
    expect(page.locator(".djust-status-text")).to_have_text(
        "Couldn't save: the demo refuses notes that say 'fail'"
    )
    expect(page.locator(".djust-form-status")).to_have_class("djust-form-status djust-form-error")


def test_formset_rows_are_added_and_removed_live(page, demo_server):
    page.goto(demo_server.url + "/orders/1/edit/")
    page.wait_for_selector("[dj-view][dj-joined]")
    rows = page.locator(".djust-row")
    before = rows.count()
    page.click(".djust-add-row")
    expect(rows).to_have_count(before + 1)
    new = rows.last
    new.locator("input[name$=-sku]").fill("SKU-NEW")
    new.locator("input[name$=-quantity]").fill("3")
    page.click("button[type=submit]")
    expect(page.locator(".djust-status-text")).to_have_text("Saved")
    page.reload()
    expect(rows).to_have_count(before + 1)
    expect(rows.last.locator("input[name$=-sku]")).to_have_value("SKU-NEW")
    rows.last.locator("input[name$=-DELETE]").click()  # Django's own delete box
    expect(rows).to_have_count(before)
    page.click("button[type=submit]")
    expect(page.locator(".djust-status-text")).to_have_text("Saved")
    page.reload()
    expect(rows).to_have_count(before)
    expect(page.locator("input[value=SKU-NEW]")).to_have_count(0)
