//! The pages of the release build, rendered ahead of time with the app's own components
//! (Yew's server renderer, natively; `whalelab render` writes them into `dist/`), so each
//! lesson's text paints from the first response and reads with JavaScript off.
//!
//! A page is [`App`] started from [`AppState::prerendered`]: the course as the app has it once
//! everything is fetched, on a fresh machine, the terminal showing that it is coming. The app
//! renders the same markup when it runs, so taking the page over moves nothing. Only the
//! `ssr` feature builds this (never the wasm); it must not read or write files (the cli does).

use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use whalelab_core::course::SourceFile;

use crate::app::{App, AppProps};
use crate::route::{Pages, Route};
use crate::state::lesson::{content_url, SUMMARY_PATH};
use crate::state::{routed_lesson, AppState, Same};

/// What every page is rendered from: the content folder's files.
#[derive(Clone, Debug)]
pub struct Site {
    /// `SUMMARY.md`.
    pub summary: SourceFile,
    /// The lesson files the outline names that could be read.
    pub lessons: Vec<SourceFile>,
    /// The lessons that get a page (by id), which every page's links follow.
    pub pages: Vec<String>,
}

/// One page, ready to put into the site's HTML shell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The document's title.
    pub title: String,
    /// Its description for search engines.
    pub description: String,
    /// The markup that goes into `<body>`.
    pub body: String,
    /// The content files the app fetches first on this page (the outline, its lesson, the
    /// practice registry's index), which the page's head script asks for at once, beside the
    /// wasm.
    pub prefetch: Vec<String>,
}

/// Renders the page of `route`.
pub fn render(route: &Route, site: &Site) -> Page {
    let state = initial_state(route.clone(), site.clone());
    let title = state.title().unwrap_or_else(|| crate::i18n::page_title(None));
    let description = state.description();
    let mut prefetch = vec![content_url(SUMMARY_PATH)];
    if let Some(Ok(path)) = routed_lesson(&state.route, &state.outline) {
        prefetch.push(content_url(&path));
    }
    // As `loader::fetch_registry_files` names it.
    prefetch.push(content_url(&format!("registry/{}", whalelab_core::catalogue::INDEX_PATH)));
    let (route, site) = (route.clone(), site.clone());
    // The renderer runs on Yew's own thread, where the state is built again (it is not `Send`).
    let renderer = yew::ServerRenderer::<App>::with_props(move || AppProps {
        initial: Some(Same(Rc::new(initial_state(route, site)))),
        ..AppProps::default()
    })
    .hydratable(false);
    Page { title, description, body: block_on(renderer.render()), prefetch }
}

fn initial_state(route: Route, site: Site) -> AppState {
    AppState::prerendered(route, site.summary, site.lessons, Pages::only(site.pages))
}

/// Runs a future to completion on this thread (the renderer's answer arrives from its own
/// thread, which wakes this one).
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        thread::park();
    }
}
