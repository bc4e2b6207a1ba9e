use super::*;
use crate::template::compile;
use crate::template::host::NullCompileHost;
use std::collections::HashMap;

struct Templates(HashMap<&'static str, Arc<Template>>);

impl ScanHost for Templates {
    fn template(&self, name: &str, _current: Option<&str>) -> Option<Arc<Template>> {
        self.0.get(name).cloned()
    }
}

fn templates(sources: &[(&'static str, &str)]) -> Templates {
    Templates(
        sources
            .iter()
            .map(|(name, src)| {
                let t = compile(src, Some(name), None, &mut NullCompileHost).expect("compiles");
                (*name, Arc::new(t))
            })
            .collect(),
    )
}

/// `path` for plain reads, `path!` for whole ones, sorted.
fn paths(sources: &[(&'static str, &str)]) -> Vec<String> {
    let host = templates(sources);
    let main = host.0[sources[0].0].clone();
    let mut out: Vec<String> = scan(&main, &host)
        .reads
        .iter()
        .map(|r| format!("{}{}", r.path, if r.whole { "!" } else { "" }))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn loops_bind_items_and_attributes_extend_paths() {
    let src = "{% for o in orders %}{{ o.number }} {{ o.customer.name }}\
               {% for i in o.items.all %}{{ i.sku }}{% endfor %}{{ forloop.counter }}{% endfor %}";
    assert_eq!(
        paths(&[("t", src)]),
        [
            "orders",
            "orders[].customer.name!",
            "orders[].items.all",
            "orders[].items.all[].sku!",
            "orders[].number!",
        ]
    );
}

#[test]
fn filters_pass_items_through_or_read_the_value() {
    let src = "{{ orders|first|default:'-' }}{% with o=orders|last %}{{ o.id }}{% endwith %}\
               {{ orders|length }}{% for o in orders|dictsort:'placed' %}{{ o.total|floatformat:2 }}{% endfor %}";
    assert_eq!(
        paths(&[("t", src)]),
        [
            "orders",
            "orders[]!",
            "orders[].id!",
            "orders[].placed",
            "orders[].total!",
        ]
    );
}

#[test]
fn conditions_read_values_without_printing_them() {
    let src = "{% if order.paid and order.customer.vip %}x{% elif not order.notes %}y{% endif %}";
    assert_eq!(
        paths(&[("t", src)]),
        ["order.customer.vip", "order.notes", "order.paid"]
    );
}

#[test]
fn includes_follow_with_and_only() {
    let srcs = [
        (
            "page",
            "{% for o in orders %}{% include 'row' with row=o %}{% include 'row' with row=o only %}{% endfor %}",
        ),
        ("row", "{{ row.number }}{{ title }}"),
    ];
    assert_eq!(
        paths(&srcs),
        ["orders", "orders[].number!", "title!"],
        "`only` hides title; without it the outer context is visible"
    );
}

#[test]
fn child_blocks_are_read_where_the_parent_places_them() {
    let srcs = [
        (
            "child",
            "{% extends 'base' %}{% block row %}{{ o.number }}{{ block.super }}{% endblock %}",
        ),
        (
            "base",
            "{% for o in orders %}{% block row %}{{ o.id }}{% endblock %}{% endfor %}",
        ),
    ];
    assert_eq!(paths(&srcs), ["orders", "orders[].id!", "orders[].number!"]);
}

#[test]
fn regroup_maps_groups_back_to_items() {
    let src = "{% regroup orders by customer.name as by_customer %}\
               {% for g in by_customer %}{{ g.grouper }}{% for o in g.list %}{{ o.number }}{% endfor %}{% endfor %}";
    assert_eq!(
        paths(&[("t", src)]),
        ["orders", "orders[].customer.name!", "orders[].number!"]
    );
}

#[test]
fn what_cannot_be_followed_is_opaque() {
    let host = templates(&[("t", "{% include name %}{% include 'missing' %}{{ x }}")]);
    let s = scan(&host.0["t"], &host);
    let reasons: Vec<&str> = s.opaque.iter().map(|o| o.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "include of a template named by a variable",
            "include of \"missing\", which was not found"
        ]
    );
    assert!(s
        .opaque
        .iter()
        .all(|o| o.place.template.as_deref() == Some("t")));
}

#[test]
fn recursive_includes_stop() {
    let srcs = [("t", "{{ a }}{% include 't' %}")];
    assert_eq!(paths(&srcs), ["a!"]);
}
