// While an event is in flight: the `dj-loading` class on the element and on its
// view's root, and `dj-disable-with` text on the element (or a form's buttons).
// Everything is put back before the reply's patch applies, so the DOM matches the
// server's tree again.

const LOADING = "dj-loading";
const inFlight = new WeakMap(); // element -> {count, classAttr}

function mark(el) {
  const state = inFlight.get(el);
  if (state) {
    state.count++;
    return;
  }
  inFlight.set(el, { count: 1, classAttr: el.getAttribute("class") });
  el.classList.add(LOADING);
}

function unmark(el) {
  const state = inFlight.get(el);
  if (!state || --state.count > 0) return;
  inFlight.delete(el);
  if (state.classAttr === null) el.removeAttribute("class");
  else el.setAttribute("class", state.classAttr);
}

// Marks `el` and `root` as loading; returns the function that undoes it.
export function startLoading(el, root) {
  const marked = !el || root === el ? [root] : [el, root]; // no element: a restored event
  marked.forEach(mark);
  const disabled = [];
  let targets = [];
  if (el) targets = el.matches("[dj-disable-with]") ? [el] : el.querySelectorAll("[dj-disable-with]");
  for (const target of targets) {
    disabled.push([target, Array.from(target.childNodes), target.hasAttribute("disabled")]);
    target.textContent = target.getAttribute("dj-disable-with");
    target.setAttribute("disabled", "");
  }
  return () => {
    for (const [target, nodes, wasDisabled] of disabled) {
      target.replaceChildren(...nodes);
      if (!wasDisabled) target.removeAttribute("disabled");
    }
    marked.forEach(unmark);
  };
}
