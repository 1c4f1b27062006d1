//! The `whalelab-web` binary Trunk builds (twice: the first wasm, and with the `full` feature
//! the second, see `state::handover`): installs the panic hook and mounts the app.
//!
//! Nothing else belongs here; the components live in the lib so tests can mount them.

fn main() {
    whalelab_web::platform::install_panic_hook();
    whalelab_web::mount();
}
