"""The demo's pages, rendered by the Rust engine, as a browser shows them."""

from playwright.sync_api import expect


def test_orders_page_shows_every_order_rendered_by_djust(page, demo_server):
    page.goto(demo_server.url + "/orders/")
    rows = page.locator("#orders tbody tr")
    expect(rows).to_have_count(100)
    expect(page).to_have_title("Orders | Djust demo")
    # Escaping as Django does: the customer's apostrophe and the notes' markup are text.
    first = rows.first
    expect(first.locator("td").nth(1)).to_contain_text("O'Brien <customer")
    notes = page.locator("#orders tbody td", has_text="Leave at the door <plea…")
    expect(notes.first).to_be_visible()
    # Each order's items, fetched by the query the template scanner planned.
    items = page.locator("#orders tbody td", has_text="× SKU-")
    expect(items.first).to_be_visible()


def test_engine_page_reports_identical_output_from_both_engines(page, demo_server):
    page.goto(demo_server.url + "/engine/")
    expect(page.locator("#identical")).to_have_text("yes")
    expect(page.locator("#speedup")).to_contain_text("×")
