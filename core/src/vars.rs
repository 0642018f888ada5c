//! Values for `${Name}` placeholders: `--var K=V` over `[package.metadata.lambda-iam.vars]`
//! over `[workspace.metadata.lambda-iam.vars]`; `${Partition}` defaults to `aws`.

use std::collections::BTreeMap;

/// The placeholder values in force for one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars {
    values: BTreeMap<String, String>,
    /// Unresolved `${Region}` / `${Account}` are errors instead of `*` with a warning.
    pub strict: bool,
}

impl Vars {
    pub fn new() -> Self {
        Vars::default()
    }

    /// Layers `higher` over `self`: its values win.
    pub fn overlay(&self, higher: &Vars) -> Vars {
        let mut values = self.values.clone();
        values.extend(higher.values.iter().map(|(k, v)| (k.clone(), v.clone())));
        Vars { values, strict: self.strict || higher.strict }
    }

    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
