// The one IndexedDB database the page and the worker share ("djust"): `outbox`
// (live events not yet answered, written by the page) and `forms` (forms sent
// offline, kept by the worker until the server takes them). Only this module opens
// it; the page's runtime imports it too.

const NAME = "djust";
const VERSION = 2;
export const OUTBOX = "outbox";
export const FORMS = "forms";

let opened = null;

export function db() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        for (const store of [OUTBOX, FORMS]) {
          if (!request.result.objectStoreNames.contains(store)) {
            request.result.createObjectStore(store, { keyPath: "key" });
          }
        }
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opened.catch(() => {}); // no IndexedDB (an opaque origin, some private modes)
  }
  return opened;
}

export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export async function store(name, mode) {
  return (await db()).transaction(name, mode).objectStore(name);
}
