// Swapping in another page's main region (`[dj-main]`, else the body) and its head:
// the title, and the head's other elements added or removed to match (the tags
// marked `dj-shell` stay). Used by live navigation and by pages shown from the app
// shell. The live views of the old region leave; those of the new one join.

function key(el) {
  return el.outerHTML;
}

// New scripts must be made by this document to run.
function fresh(el) {
  if (el.tagName !== "SCRIPT") return document.importNode(el, true);
  const script = document.createElement("script");
  for (const attr of el.attributes) script.setAttribute(attr.name, attr.value);
  script.textContent = el.textContent;
  return script;
}

function mergeHead(doc) {
  // A region sent without a head of its own (the worker's offline page) keeps this
  // page's: nothing in it says the layout's styles should go.
  if (!doc.head.children.length) return;
  if (doc.title) document.title = doc.title;
  const keep = (el) => el.hasAttribute("dj-shell") || el.tagName === "TITLE" || el.matches("meta[charset]");
  const wanted = new Map();
  for (const el of doc.head.children) if (!keep(el)) wanted.set(key(el), el);
  for (const el of Array.from(document.head.children)) {
    if (keep(el)) continue;
    if (wanted.has(key(el))) wanted.delete(key(el));
    else if (el.tagName !== "SCRIPT") el.remove(); // a script that ran cannot be undone
  }
  for (const el of wanted.values()) document.head.appendChild(fresh(el));
}

// Put `doc`'s main region (and head) in place of this page's; returns the new region.
export function swapMain(live, doc) {
  const from = document.querySelector("[dj-main]");
  const to = doc.querySelector("[dj-main]");
  const [old, incoming] = from && to ? [from, to] : [document.body, doc.body];
  live.stop(old);
  mergeHead(doc);
  const adopted = document.adoptNode(incoming);
  for (const script of adopted.querySelectorAll("script")) script.replaceWith(fresh(script));
  old.replaceWith(adopted);
  live.start(adopted);
  return adopted;
}

export function parse(text) {
  return new DOMParser().parseFromString(text, "text/html");
}
