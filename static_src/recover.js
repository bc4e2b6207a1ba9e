// What the user typed survives a full render of their view (after a rejoin the
// server may send the view whole): fields whose value the user changed — by `id`,
// else by `name` — get it back, and the focused one its caret. The events that
// carried those values are sent again, so the server soon agrees.

function keyOf(el) {
  if (el.id) return `#${CSS.escape(el.id)}`;
  if (!el.name) return null;
  const checkable = el.type === "checkbox" || el.type === "radio";
  const value = checkable ? `[value="${CSS.escape(el.value)}"]` : "";
  return `${el.tagName.toLowerCase()}[name="${CSS.escape(el.name)}"]${value}`;
}

function changed(el) {
  if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
  if (el.tagName === "SELECT") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}

// The user's changes to the fields under `root`.
export function typed(root) {
  const kept = [];
  for (const el of root.querySelectorAll("input, textarea, select")) {
    const key = keyOf(el);
    if (!key || !changed(el)) continue;
    const focused = el === document.activeElement;
    const caret = focused && typeof el.selectionStart === "number";
    kept.push({
      key,
      value: el.value,
      checked: el.checked,
      focused,
      range: caret ? [el.selectionStart, el.selectionEnd] : null,
    });
  }
  return kept;
}

// Put them back into the fields rendered anew under `root`.
export function retype(root, kept) {
  for (const { key, value, checked, focused, range } of kept) {
    const el = root.querySelector(key);
    if (!el) continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = checked;
    else el.value = value;
    if (focused) {
      el.focus();
      if (range) el.setSelectionRange(range[0], range[1]);
    }
  }
}
