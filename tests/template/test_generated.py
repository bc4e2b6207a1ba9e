"""Generated templates and contexts: Django's engine and Djust's must agree, byte for
byte (or raise the same exception class)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.template.harness import engines

NAMES = ["a", "b", "n", "s", "items", "d", "none", "missing", "x", "w"]

FILTERS = [
    "upper",
    "lower",
    "length",
    "default:'dflt'",
    "default_if_none:'nn'",
    "join:', '",
    "first",
    "last",
    "title",
    "escape",
    "safe",
    "force_escape",
    "yesno:'y,n,m'",
    "pluralize",
    "add:1",
    "add:'z'",
    "slice:':2'",
    "slice:'::-1'",
    "capfirst",
    "truncatechars:5",
    "truncatewords:2",
    "cut:'a'",
    "center:7",
    "wordcount",
    "linebreaksbr",
    "make_list",
    "urlencode",
    "divisibleby:2",
    "escapejs",
    "addslashes",
    "date:'Y'",
    "floatformat",
    "length|add:2",
    "floatformat:2",
    "get_digit:1",
    "slugify",
    "iriencode",
    "stringformat:'05d'",
    "stringformat:'s'",
    "stringformat:'.1f'",
    "time:'H:i'",
]

_dj, _us = engines({})

text = st.text(alphabet=" <>&'\"ab\n%", max_size=6)
var = st.builds(
    lambda name, attr: name + attr,
    st.sampled_from(NAMES),
    st.sampled_from(["", "", ".0", ".1", ".k", ".upper", ".items"]),
)
literal = st.sampled_from(["'lit<>'", '"q&"', "1", "0", "-2", "2.5", "None", "True"])
expr = st.builds(
    lambda base, filters: base + "".join("|" + f for f in filters),
    var | literal,
    st.lists(st.sampled_from(FILTERS), max_size=3),
)
ops = st.sampled_from(["==", "!=", "<", ">=", "in", "not in", "is", "is not", "and", "or"])
cond = (
    expr
    | st.builds(lambda a, op, b: f"{a} {op} {b}", expr, ops, expr)
    | expr.map(lambda e: "not " + e)
)


def _extend(children):
    return st.one_of(
        st.builds(
            lambda c, yes, no: f"{{% if {c} %}}{yes}{{% else %}}{no}{{% endif %}}",
            cond,
            children,
            children,
        ),
        st.builds(
            lambda seq, body, rev: (
                f"{{% for x in {seq}{rev} %}}{body}{{{{ forloop.counter }}}}"
                "{% empty %}E{% endfor %}"
            ),
            var,
            children,
            st.sampled_from(["", " reversed"]),
        ),
        st.builds(lambda e, body: f"{{% with w={e} %}}{body}{{% endwith %}}", expr, children),
        st.builds(lambda body: f"{{% autoescape off %}}{body}{{% endautoescape %}}", children),
        st.builds(lambda body: f"{{% filter lower %}}{body}{{% endfilter %}}", children),
        st.lists(children, min_size=2, max_size=3).map("".join),
    )


template = st.recursive(
    text | expr.map(lambda e: "{{ " + e + " }}") | st.just("{% cycle 'o' 'e' %}"),
    _extend,
    max_leaves=8,
)

scalar = (
    st.integers(-3, 3)
    | st.text(alphabet="<>&'\" aZ1\n", max_size=5)
    | st.none()
    | st.booleans()
    | st.sampled_from([1.5, 0.0, -2.25])
)
value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["k", "0", "items", "upper"]), inner, max_size=2)
    ),
    max_leaves=5,
)
context = st.dictionaries(st.sampled_from([n for n in NAMES if n != "missing"]), value)


def _render(backend, source, ctx):
    try:
        return ("ok", backend.from_string(source).render(ctx))
    except Exception as e:  # noqa: BLE001 - the class is what we compare
        return ("error", type(e).__name__)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template, context)
def test_generated_templates_render_like_django(source, ctx):
    assert _render(_us, source, ctx) == _render(_dj, source, ctx), source
