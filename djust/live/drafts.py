"""Live forms' drafts: what the user typed and has not saved yet, kept in their
session so that it survives a reload. Over the socket the session is written after
the reply (``LiveView.defer``): typing never waits for the session store."""

from __future__ import annotations


def read(request, key: str) -> dict | None:
    """The draft saved under ``key``, if any. Over HTTP this also makes sure the
    browser has a session (and its cookie) before the socket, which cannot set
    cookies, writes one."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if not getattr(request, "djust_live", False) and session.session_key is None:
        session["djust"] = True
    draft = session.get(key)
    return draft.get("data") if draft else None


def write(view, key: str, data: dict | None) -> None:
    """Keep ``data`` as the draft under ``key`` (None: drop it)."""
    session = getattr(view.request, "session", None)
    if session is None:
        return
    live = getattr(view.request, "djust_live", False)

    def store():
        if data is not None:
            session[key] = {"data": data}
        elif session.pop(key, None) is None:
            return
        if live:  # over HTTP Django's middleware saves the session
            session.save()

    if live:
        view.defer(store)
    else:
        store()
