//! The `whalelab-web` binary Trunk builds: installs the panic hook and mounts [`App`] on `<body>`.
//!
//! Nothing else belongs here; the components live in the lib so tests can mount them.

use whalelab_web::{platform, App};

fn main() {
    platform::install_panic_hook();
    yew::Renderer::<App>::new().render();
}
