"""A third-party-style tag library: custom filters, simple tags and a block tag."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def shout(value):
    return f"{value}!"


@register.filter(is_safe=True)
def wrap(value, arg="*"):
    return f"{arg}{value}{arg}"


@register.filter(needs_autoescape=True)
def bold(value, autoescape=True):
    from django.utils.html import conditional_escape

    v = conditional_escape(value) if autoescape else value
    return mark_safe(f"<b>{v}</b>")


@register.simple_tag
def greet(name, punct="."):
    return f"Hi <{name}>{punct}"


@register.simple_tag(takes_context=True)
def ctxget(context, key):
    return context.get(key, "none")


@register.inclusion_tag("testapp/badge.html")
def badge(label):
    return {"label": label}


@register.simple_tag
def link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


class RepeatNode(template.Node):
    def __init__(self, count, nodelist):
        self.count = count
        self.nodelist = nodelist

    def render(self, context):
        return "".join(self.nodelist.render(context) for _ in range(self.count))


@register.tag
def repeat(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("repeat takes one argument")
    nodelist = parser.parse(("endrepeat",))
    parser.delete_first_token()
    return RepeatNode(int(bits[1]), nodelist)


@register.simple_tag(takes_context=True)
def bound_template(context):
    """What Django-side code sees of the template it renders in."""
    return f"{context.template_name}|{context.template.engine.debug}|{context.autoescape}"
