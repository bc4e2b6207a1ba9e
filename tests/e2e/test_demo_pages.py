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


def test_patches_page_applies_the_engines_patch_in_the_browser(page, demo_server):
    page.goto(demo_server.url + "/patches/")
    expect(page.locator("#identical")).to_have_text("yes")
    expect(page.locator("#ops")).to_contain_text("[6,")  # the list reordered by key
    page.fill("#old", "<table><tr><td>1</td></tr></table><p>a")
    page.fill("#new", "<table><tr><td>1</td><td>2</td></tr></table><p>a<p>b")
    page.click("button[type=submit]")
    expect(page.locator("#identical")).to_have_text("yes")
    expect(page.locator("#ops")).to_contain_text("<td>2</td>")
