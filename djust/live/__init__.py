"""Live views: server-side views whose page updates itself by patches over one
WebSocket per page. ``from djust import LiveView, event`` is the public entry point;
see docs/liveview.md."""
