// Applying the engine's patches to the live DOM (see rust/diff/patch.rs for each
// operation). Paths are child indices from the view's root element; operations run
// in order. The user's input is never overwritten: the value of the focused field
// keeps what the user typed, and focus and selection survive moves.

import { OP, ERROR } from "../djust/sw/protocol.js";

const FORM_STATE = { value: "value", checked: "checked", selected: "selected" };

class PatchError extends Error {
  constructor(code, op) {
    super(code);
    this.code = code;
    this.op = op;
  }
}

function nodeAt(root, path, op) {
  let node = root;
  for (const i of path) {
    node = node.childNodes[i];
    if (!node) throw new PatchError(ERROR.PATCH_PATH_MISSING, op);
  }
  return node;
}

function elementAt(root, path, op) {
  const node = nodeAt(root, path, op);
  if (node.nodeType !== Node.ELEMENT_NODE) throw new PatchError(ERROR.PATCH_WRONG_NODE, op);
  return node;
}

// The nodes of `html` parsed as the browser parses children of `parent`.
function parseIn(parent, html) {
  const range = document.createRange();
  range.selectNodeContents(parent);
  return range.createContextualFragment(html);
}

function keyOf(node) {
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  return node.getAttribute("dj-key") ?? node.getAttribute("id");
}

// Put `parent`'s children in the order of `nodes`, moving only what is out of place.
function arrange(parent, nodes) {
  for (let i = 0; i < nodes.length; i++) {
    const here = parent.childNodes[i];
    if (here !== nodes[i]) parent.insertBefore(nodes[i], here ?? null);
  }
}

function reorder(parent, order, op) {
  const current = Array.from(parent.childNodes);
  if (order.length !== current.length) throw new PatchError(ERROR.PATCH_BAD_ORDER, op);
  arrange(parent, order.map((i) => current[i] ?? badOrder(op)));
}

function reorderKeyed(parent, order, op) {
  const current = Array.from(parent.childNodes);
  const places = [];
  current.forEach((n, i) => keyOf(n) !== null && places.push(i));
  if (order.length !== places.length) throw new PatchError(ERROR.PATCH_BAD_ORDER, op);
  const items = places.map((p) => current[p]);
  const wanted = current.slice();
  places.forEach((p, k) => (wanted[p] = items[order[k]] ?? badOrder(op)));
  arrange(parent, wanted);
}

function badOrder(op) {
  throw new PatchError(ERROR.PATCH_BAD_ORDER, op);
}

function setAttr(el, name, value, active) {
  el.setAttribute(name, value);
  // The attribute is the default; the live state follows it unless the user is in
  // this very field.
  if (el === active) return;
  if (name === FORM_STATE.value && "value" in el && el.tagName !== "OPTION") el.value = value;
  else if (name === FORM_STATE.checked && "checked" in el) el.checked = true;
  else if (name === FORM_STATE.selected && "selected" in el) el.selected = true;
}

function removeAttr(el, name, active) {
  el.removeAttribute(name);
  if (el === active) return;
  if (name === FORM_STATE.checked && "checked" in el) el.checked = false;
  else if (name === FORM_STATE.selected && "selected" in el) el.selected = false;
}

const NAMESPACES = {
  svg: "http://www.w3.org/2000/svg",
  math: "http://www.w3.org/1998/Math/MathML",
};

// A node spelt out by the server (INSERT_NODES): a string is text, {m} a comment,
// {t, a, c, n} an element.
function build(spec) {
  if (typeof spec === "string") return document.createTextNode(spec);
  if ("m" in spec) return document.createComment(spec.m);
  const el = spec.n
    ? document.createElementNS(NAMESPACES[spec.n], spec.t)
    : document.createElement(spec.t);
  for (const [name, value] of spec.a) el.setAttribute(name, value);
  const into = spec.t === "template" && !spec.n ? el.content : el;
  for (const child of spec.c) into.appendChild(build(child));
  return el;
}

function merge(el, html, prepend) {
  const fragment = parseIn(el, html);
  const fresh = [];
  for (const node of Array.from(fragment.childNodes)) {
    const key = keyOf(node);
    const existing =
      key === null ? null : Array.from(el.children).find((c) => keyOf(c) === key);
    if (existing) existing.replaceWith(node);
    else fresh.push(node);
  }
  if (prepend) el.prepend(...fresh);
  else el.append(...fresh);
}

function applyOne(root, op, active) {
  const [code, path] = op;
  switch (code) {
    case OP.SET_TEXT: {
      const node = nodeAt(root, path, op);
      if (node.nodeType !== Node.TEXT_NODE && node.nodeType !== Node.COMMENT_NODE) {
        throw new PatchError(ERROR.PATCH_WRONG_NODE, op);
      }
      // Text of the field being typed in (a textarea's default) is left alone.
      if (node.parentNode !== active || active?.tagName !== "TEXTAREA") node.data = op[2];
      return;
    }
    case OP.SET_ATTR:
      return setAttr(elementAt(root, path, op), op[2], op[3], active);
    case OP.REMOVE_ATTR:
      return removeAttr(elementAt(root, path, op), op[2], active);
    case OP.INSERT: {
      const parent = path.length ? elementAt(root, path, op) : root;
      const index = op[2];
      if (index > parent.childNodes.length) throw new PatchError(ERROR.PATCH_PATH_MISSING, op);
      parent.insertBefore(parseIn(parent, op[3]), parent.childNodes[index] ?? null);
      return;
    }
    case OP.INSERT_NODES: {
      const parent = path.length ? elementAt(root, path, op) : root;
      const index = op[2];
      if (index > parent.childNodes.length) throw new PatchError(ERROR.PATCH_PATH_MISSING, op);
      const fragment = document.createDocumentFragment();
      for (const spec of op[3]) fragment.appendChild(build(spec));
      parent.insertBefore(fragment, parent.childNodes[index] ?? null);
      return;
    }
    case OP.REMOVE:
      nodeAt(root, path, op).remove();
      return;
    case OP.REORDER:
      return reorder(path.length ? elementAt(root, path, op) : root, op[2], op);
    case OP.REORDER_KEYED:
      return reorderKeyed(path.length ? elementAt(root, path, op) : root, op[2], op);
    case OP.REPLACE: {
      const node = nodeAt(root, path, op);
      node.replaceWith(parseIn(node.parentNode, op[2]));
      return;
    }
    case OP.MERGE:
      return merge(elementAt(root, path, op), op[2], op[3] === 1);
    default:
      throw new PatchError(ERROR.PATCH_UNKNOWN_OP, op);
  }
}

// Restore focus and selection if moving nodes took them away.
function keepFocus(run) {
  const active = document.activeElement;
  let selection = null;
  try {
    if (active && typeof active.selectionStart === "number") {
      selection = [active.selectionStart, active.selectionEnd, active.selectionDirection];
    }
  } catch {
    selection = null; // inputs without a text selection (checkbox, ...)
  }
  try {
    return run(active);
  } finally {
    if (active && active !== document.body && active.isConnected && document.activeElement !== active) {
      active.focus({ preventScroll: true });
      if (selection) active.setSelectionRange(...selection);
    }
  }
}

// Apply `ops` under `root`. Returns true, or false when a patch does not fit the
// DOM (someone else changed it): the failure is logged with its code and announced
// with a `djust:patch-failed` event on `root`, so the view can ask for a full render.
export function applyPatches(root, ops) {
  try {
    keepFocus((active) => {
      for (const op of ops) applyOne(root, op, active);
    });
    return true;
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    console.warn(`djust: ${e.code}: patch operation ${JSON.stringify(e.op)} does not fit`);
    root.dispatchEvent(
      new CustomEvent("djust:patch-failed", { bubbles: true, detail: { code: e.code, op: e.op } }),
    );
    return false;
  }
}
