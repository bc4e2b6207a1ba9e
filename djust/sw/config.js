// What the server put before the worker's code (djust/serviceworker.py): the files
// to precache, the offline page, prefetch limits, the viewer cookie's name and the
// version. Defaults let the bare bundle load (in tests of the build).

export const config = self.DJUST_SW || {
  version: "dev",
  precache: [],
  offline: "<h1>Offline</h1>",
  shell: true,
  prefetch: { max: 3, ttl: 10000 },
  viewerCookie: "djust_viewer",
  forms: { title: "Saved", queued: "Saved.", sent: "Sent.", failed: "Not sent (%s)." },
};

export const VERSION = config.version;

// A page's key in every cache and map: its URL without the fragment.
export function pageKey(url) {
  const u = new URL(url, self.location.href);
  u.hash = "";
  return u.href;
}
