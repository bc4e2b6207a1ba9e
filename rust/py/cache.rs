//! `djust._rust.TemplateCache`: what `{% extends %}`/`{% include %}` names resolved
//! to, remembered across renders.
//!
//! Resolving a name means a call into the backend (loaders, relative names, the
//! recursion skip list): about 1.5 µs each, several per page. The backend hands the
//! engine a cache only while its own compiled-template cache never changes (template
//! auto-reload off), so a remembered answer is the answer the backend would give.

use crate::template::ast::Template;
use pyo3::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// (name, name of the template asking, skip list).
pub type CacheKey = (String, Option<String>, Vec<String>);

/// Names can come from data (`{% include var %}`): the cache never grows past this.
const MAX_ENTRIES: usize = 1024;

#[pyclass(frozen, name = "TemplateCache", module = "djust._rust")]
#[derive(Default)]
pub struct TemplateCache {
    entries: Mutex<HashMap<CacheKey, Arc<Template>>>,
}

#[pymethods]
impl TemplateCache {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Forget every resolution (the backend's templates changed).
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn __len__(&self) -> usize {
        self.lock().len()
    }
}

impl TemplateCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<CacheKey, Arc<Template>>> {
        // A panic while holding the lock cannot leave the map half-updated.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, key: &CacheKey) -> Option<Arc<Template>> {
        self.lock().get(key).cloned()
    }

    pub fn insert(&self, key: CacheKey, template: Arc<Template>) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, template);
    }
}
