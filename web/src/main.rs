//! The `whalelab-web` binary Trunk builds: installs the panic hook and mounts [`App`] on `<body>`,
//! or, in a page rendered ahead of time, outside the document until it takes that page's place.
//!
//! Nothing else belongs here; the components live in the lib so tests can mount them.

use whalelab_web::{platform, App};

fn main() {
    platform::install_panic_hook();
    match platform::app_host() {
        Some(host) => yew::Renderer::<App>::with_root(host).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}
