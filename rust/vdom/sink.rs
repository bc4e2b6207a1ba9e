//! html5ever's tree builder writing into a flat arena; [`super::parse_fragment`]
//! turns the arena into the engine's tree.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName};
use std::borrow::Cow;
use std::cell::RefCell;

pub(super) enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        /// A `<template>`'s content fragment (an arena node).
        contents: Option<usize>,
    },
    Text(StrTendril),
    Comment(StrTendril),
    /// Doctypes and processing instructions: not part of a fragment's DOM.
    Other,
}

pub(super) struct ArenaNode {
    pub data: Data,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

#[derive(Default)]
pub(super) struct Arena {
    pub nodes: RefCell<Vec<ArenaNode>>,
}

impl Arena {
    pub fn new() -> Arena {
        let arena = Arena::default();
        arena.push(Data::Document);
        arena
    }

    fn push(&self, data: Data) -> usize {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(ArenaNode {
            data,
            parent: None,
            children: Vec::new(),
        });
        nodes.len() - 1
    }

    fn detach(&self, node: usize) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes[node].parent.take() {
            nodes[p].children.retain(|&c| c != node);
        }
    }

    /// Insert `child` into `parent` at `index`, merging text into a text neighbour
    /// (the tree builder relies on it, as the DOM does).
    fn insert(&self, parent: usize, index: usize, child: NodeOrText<usize>) {
        match child {
            NodeOrText::AppendText(text) => {
                let mut nodes = self.nodes.borrow_mut();
                if index > 0 {
                    let prev = nodes[parent].children[index - 1];
                    if let Data::Text(t) = &mut nodes[prev].data {
                        t.push_tendril(&text);
                        return;
                    }
                }
                drop(nodes);
                let node = self.push(Data::Text(text));
                let mut nodes = self.nodes.borrow_mut();
                nodes[node].parent = Some(parent);
                nodes[parent].children.insert(index, node);
            }
            NodeOrText::AppendNode(node) => {
                self.detach(node);
                let mut nodes = self.nodes.borrow_mut();
                nodes[node].parent = Some(parent);
                let index = index.min(nodes[parent].children.len());
                nodes[parent].children.insert(index, node);
            }
        }
    }

    fn position(&self, node: usize) -> Option<(usize, usize)> {
        let nodes = self.nodes.borrow();
        let parent = nodes[node].parent?;
        let index = nodes[parent].children.iter().position(|&c| c == node)?;
        Some((parent, index))
    }
}

#[derive(Debug)]
pub(super) struct ElemName(QualName);

impl html5ever::interface::ElemName for ElemName {
    fn ns(&self) -> &html5ever::Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &html5ever::LocalName {
        &self.0.local
    }
}

impl TreeSink for Arena {
    type Handle = usize;
    type Output = Arena;
    type ElemName<'a> = ElemName;

    fn finish(self) -> Arena {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name(&self, target: &usize) -> ElemName {
        match &self.nodes.borrow()[*target].data {
            Data::Element { name, .. } => ElemName(name.clone()),
            _ => ElemName(QualName::new(
                None,
                html5ever::ns!(html),
                html5ever::local_name!(""),
            )),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> usize {
        let contents = flags.template.then(|| self.push(Data::Document));
        self.push(Data::Element {
            name,
            attrs,
            contents,
        })
    }

    fn create_comment(&self, text: StrTendril) -> usize {
        self.push(Data::Comment(text))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.push(Data::Other)
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        let len = self.nodes.borrow()[*parent].children.len();
        self.insert(*parent, len, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        if self.nodes.borrow()[*element].parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &usize) -> usize {
        match &self.nodes.borrow()[*target].data {
            Data::Element {
                contents: Some(c), ..
            } => *c,
            _ => *target,
        }
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        if let Some((parent, index)) = self.position(*sibling) {
            self.insert(parent, index, new_node);
        }
    }

    fn add_attrs_if_missing(&self, target: &usize, attrs: Vec<Attribute>) {
        if let Data::Element {
            attrs: existing, ..
        } = &mut self.nodes.borrow_mut()[*target].data
        {
            for a in attrs {
                if !existing.iter().any(|e| e.name == a.name) {
                    existing.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &usize) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let children = std::mem::take(&mut self.nodes.borrow_mut()[*node].children);
        let mut nodes = self.nodes.borrow_mut();
        for &c in &children {
            nodes[c].parent = Some(*new_parent);
        }
        nodes[*new_parent].children.extend(children);
    }
}
