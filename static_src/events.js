// The bindings: dj-click, dj-submit, dj-change, dj-input, dj-focus, dj-blur,
// dj-keydown and dj-keyup (filtered by dj-key), with dj-value-* parameters and
// dj-debounce / dj-throttle. One listener per DOM event type, on the document. A
// debounced event still waiting when its field loses focus is sent at once.

const BINDINGS = {
  click: "dj-click",
  submit: "dj-submit",
  change: "dj-change",
  input: "dj-input",
  focusin: "dj-focus",
  focusout: "dj-blur",
  keydown: "dj-keydown",
  keyup: "dj-keyup",
};

// Events that carry the element's value.
const WITH_VALUE = new Set(["change", "input", "focusin", "focusout", "keydown", "keyup"]);

const timers = new WeakMap(); // element -> {timer, last, trailing, onBlur, debounced}

// Send now what an element's debounce still holds (the user is leaving the field).
function flush(el) {
  const state = timers.get(el);
  if (!state || !state.debounced) return;
  clearTimeout(state.timer);
  const send = state.debounced;
  state.debounced = null;
  send();
}

function formParams(form) {
  const params = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== "string") continue; // files go through uploads
    if (name in params) params[name] = [].concat(params[name], value);
    else params[name] = value;
  }
  return params;
}

function valueOf(el) {
  if (el.tagName === "FORM") return undefined;
  if (el.type === "checkbox") {
    // One of a group of boxes with one name: the group's checked values.
    const group = el.form && el.name
      ? el.form.querySelectorAll(`input[type=checkbox][name="${CSS.escape(el.name)}"]`)
      : [];
    if (group.length > 1) return Array.from(group, (b) => b.checked && b.value).filter((v) => v !== false);
    return el.checked;
  }
  if (el.tagName === "SELECT" && el.multiple) {
    return Array.from(el.selectedOptions, (o) => o.value);
  }
  return "value" in el ? el.value : undefined;
}

function params(el, type, domEvent) {
  const out = el.tagName === "FORM" && type !== "click" ? formParams(el) : {};
  if (WITH_VALUE.has(type)) {
    const value = valueOf(el);
    if (value !== undefined) out.value = value;
  }
  if (domEvent.key !== undefined && (type === "keydown" || type === "keyup")) out.key = domEvent.key;
  for (const attr of el.attributes) {
    if (attr.name.startsWith("dj-value-")) out[attr.name.slice(9)] = attr.value;
  }
  return out;
}

function keyMatches(el, key) {
  const filter = el.getAttribute("dj-key");
  if (filter === null) return true;
  return filter.split(",").some((k) => k.trim().toLowerCase() === String(key).toLowerCase());
}

// Run `send` now, or as dj-debounce / dj-throttle say.
function schedule(el, type, send) {
  const debounce = type === "submit" ? null : el.getAttribute("dj-debounce");
  const throttle = type === "submit" ? null : el.getAttribute("dj-throttle");
  if (debounce === null && throttle === null) return send();
  let state = timers.get(el);
  if (!state) timers.set(el, (state = { timer: null, last: -Infinity, trailing: null, onBlur: null, debounced: null }));
  if (debounce === "blur") {
    state.trailing = send;
    if (!state.onBlur) {
      state.onBlur = () => {
        el.removeEventListener("blur", state.onBlur);
        state.onBlur = null;
        const pending = state.trailing;
        state.trailing = null;
        if (pending) pending();
      };
      el.addEventListener("blur", state.onBlur);
    }
    return;
  }
  if (debounce !== null) {
    clearTimeout(state.timer);
    state.debounced = send;
    state.timer = setTimeout(() => {
      state.debounced = null;
      send();
    }, Number(debounce) || 0);
    return;
  }
  const wait = Number(throttle) || 0;
  const since = performance.now() - state.last;
  if (since >= wait && state.timer === null) {
    state.last = performance.now();
    return send();
  }
  state.trailing = send;
  if (state.timer === null) {
    state.timer = setTimeout(() => {
      state.timer = null;
      state.last = performance.now();
      const pending = state.trailing;
      state.trailing = null;
      if (pending) pending();
    }, Math.max(0, wait - since));
  }
}

// Listen for every binding; `viewOf(el)` is the live view an element belongs to.
export function listen(viewOf) {
  for (const [type, attr] of Object.entries(BINDINGS)) {
    document.addEventListener(type, (e) => {
      if (type === "focusout" && e.target instanceof Element) flush(e.target);
      const el = e.target instanceof Element ? e.target.closest(`[${attr}]`) : null;
      if (!el) return;
      if ((type === "focusin" || type === "focusout") && el !== e.target) return;
      const view = viewOf(el);
      if (!view) return;
      if ((type === "keydown" || type === "keyup") && !keyMatches(el, e.key)) return;
      if (type === "submit" || (type === "click" && el.tagName === "A")) e.preventDefault();
      const name = el.getAttribute(attr);
      const key = e.key;
      schedule(el, type, () => view.event(name, params(el, type, { key }), el));
    });
  }
}
