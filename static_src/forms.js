// The page's side of offline-tolerant forms: the worker keeps a form sent offline
// and says when it is sent or refused; the page updates the form's notice
// (`[data-djust-form]`, in the page the worker answered with) and lists refused forms
// in `{% djust_failed_forms %}`. Online again, the page asks the worker to send them.

function show(report) {
  for (const el of document.querySelectorAll(`[data-djust-form="${CSS.escape(report.key)}"]`)) {
    el.dataset.state = report.state;
    el.textContent = report.text;
  }
  if (report.state !== "failed") return;
  for (const list of document.querySelectorAll("[data-djust-failed]")) {
    if (list.querySelector(`[data-key="${CSS.escape(report.key)}"]`)) continue;
    const item = document.createElement("li");
    item.dataset.key = report.key;
    item.textContent = `${report.path}: ${report.text}`;
    list.append(item);
    list.hidden = false;
  }
}

export function offlineForms() {
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  const tell = (message) => sw.controller && sw.controller.postMessage(message);
  sw.addEventListener("message", (e) => {
    const data = e.data || {};
    if (data.type === "form") show(data);
    else if (data.type === "failed-forms") data.items.forEach(show);
  });
  window.addEventListener("online", () => tell({ type: "drain" }));
  if (navigator.onLine) tell({ type: "drain" });
  if (document.querySelector("[data-djust-failed]")) tell({ type: "failed-forms" });
}
