"""``{% load djust %}``: Djust's template tags."""

from __future__ import annotations

import functools

from django import template
from django.template.library import SimpleNode
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def live_render(context, view, id=None, **kwargs):
    """``{% live_render "app.views.Child" id="cart" user_id=user.pk %}``: a live view
    nested in this one, with its own state and events on the page's socket. ``id``
    names it among its parent's nested views; ``kwargs`` go to its ``mount``. In an
    ordinary (not live) page it renders a live view of its own there; its ``kwargs``
    must then be JSON values (they travel in its join token)."""
    from djust.live.page import child_root, mount_child, page_root
    from djust.live.view import LiveView

    view_class = import_string(view) if isinstance(view, str) else view
    if not (isinstance(view_class, type) and issubclass(view_class, LiveView)):
        raise template.TemplateSyntaxError(
            f"{view!r} is not a LiveView (code: template.live-render)"
        )
    scope = context.get("_djust_scope")
    if scope is None:  # in an ordinary page: a view of its own, joined with a token
        request = context.get("request")
        if request is None:
            raise template.TemplateSyntaxError(
                "{% live_render %} in an ordinary page needs `request` in the context "
                "(the request context processor) (code: template.live-render)"
            )
        return mark_safe(page_root(view_class, request, kwargs))
    if id is None:
        raise template.TemplateSyntaxError(
            '{% live_render %} of a nested view needs id="..." to name it '
            "(code: template.live-render)"
        )
    child_id = str(id)
    if child_id in scope.children:
        raise template.TemplateSyntaxError(
            f"two nested views with id {child_id!r} (code: template.live-render)"
        )
    scope.children[child_id] = (view_class, kwargs)
    if scope.http:
        mount_child(view_class, child_id, kwargs, scope)
    return mark_safe(
        f'<div id="{escape(child_id)}" dj-update="ignore">{child_root(child_id)}</div>'
    )


@register.simple_tag
def djust_status():
    """``{% djust_status %}``: a line that says when the page's live connection is
    down — reconnecting, offline, or refused — and how many of the user's events are
    waiting to be sent, and, for a few seconds, when one of them was refused
    (``event.stale``, ``event.target-gone``, ``outbox.full``). Hidden while connected
    and quiet; the runtime fills it in."""
    from django.utils.translation import gettext

    texts = {
        "reconnecting": gettext("Reconnecting…"),
        "offline": gettext("Offline: your changes will be sent when you are back online."),
        "refused": gettext("This page cannot connect; reload it."),
        "waiting": gettext("(%n waiting)"),
        # Refusals of what the user did, shown for a while (codes as data attributes).
        "event-stale": gettext("A change waited too long to be sent and was not applied."),
        "event-target-gone": gettext(
            "A change was about something no longer shown and was not applied."
        ),
        "outbox-full": gettext("Too many changes are waiting: the last one was not kept."),
    }
    attrs = " ".join(f'data-{name}="{escape(text)}"' for name, text in texts.items())
    return mark_safe(
        f'<span class="djust-status" role="status" aria-live="polite" data-djust-status '
        f"{attrs} hidden></span>"
    )


def _shell(default_layout, layout=None):
    from djust import shell

    return mark_safe(shell.head_tags(layout=str(layout or default_layout)))


@register.tag
def djust_shell(parser, token):
    """``{% djust_shell %}`` in the ``<head>`` of a layout: the runtime, its config and
    the web app manifest link, and the name of the layout, so pages built on it get
    the app shell (the layout around their ``dj-main`` element, shown at once on
    navigation). The layout is named after the template the tag is in;
    ``{% djust_shell "admin" %}`` names it.

    It is a simple tag (it reads nothing from the context, so the template scanner
    still sees through the template) whose default is the tag's own template."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(
            "{% djust_shell %} takes at most one argument, the layout's name "
            "(code: template.djust-shell)"
        )
    origin = getattr(parser, "origin", None)
    default = getattr(origin, "template_name", None) or getattr(origin, "name", "") or "default"
    args = [parser.compile_filter(bit) for bit in bits[1:]]
    return SimpleNode(functools.partial(_shell, default), False, args, {}, None)


@register.simple_tag
def djust_form_key():
    """``{% djust_form_key %}`` inside a POST form: a random key sent with it, so the
    form does its work once however often it is sent — a double click, or the service
    worker sending it again after the user submitted it offline."""
    import secrets

    from djust.idempotency import FIELD

    return mark_safe(f'<input type="hidden" name="{FIELD}" value="{secrets.token_urlsafe(18)}">')


@register.simple_tag
def djust_failed_forms():
    """``{% djust_failed_forms %}``: where the page lists the forms sent offline that
    the server refused when they were sent again (hidden while there are none)."""
    return mark_safe('<ul class="djust-failed-forms" data-djust-failed hidden></ul>')
