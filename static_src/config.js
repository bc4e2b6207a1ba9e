// The page's config, written by `{% djust_shell %}` (or the middleware, or a live
// view's page) as JSON in `<script id="djust-config">`: the socket's path, the
// worker's URL, the page's layout and prefetch timing.

export function readConfig() {
  const el = document.getElementById("djust-config");
  try {
    return el ? JSON.parse(el.textContent) : {};
  } catch {
    return {};
  }
}
