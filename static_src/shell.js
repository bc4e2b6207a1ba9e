// Registering the service worker (when the middleware serves one).

export function register(config) {
  if (!config.sw || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register(config.sw, { scope: "/", updateViaCache: "none" })
    .catch((err) => console.warn(`djust: the service worker did not register: ${err}`));
}
