//! How components reach the state: the reducer handle shared through a Yew context, and the
//! few intents components send.
//!
//! Components read [`AppState`] through [`use_app`] and change it only by dispatching
//! [`AppAction`]s; none of them calls core. Impure inputs (the time, a new machine's seed)
//! are read here, via [`platform`], right before dispatch, so the reducer stays pure.

use std::rc::Rc;

use whalelab_core::course::{Exercise, Source};
use yew::prelude::*;

use crate::platform;
use crate::route::Route;
use crate::state::{AppAction, AppState};

/// The context value: Yew's reducer handle (cheap to clone; equal while it is the same state).
pub type AppContext = UseReducerHandle<AppState>;

/// The app's state and dispatcher. Only valid below `<App/>`, which provides the context.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app() must be called inside <App/>, which provides AppContext")
}

/// Runs a command line, timestamped now: typed at the prompt, or from a ▶ button.
///
/// Takes the dispatcher rather than the handle: it stays equal across state changes, so
/// callbacks built on it do not make their components repaint after every command.
pub fn run_command(dispatcher: &UseReducerDispatcher<AppState>, line: impl Into<String>, source: Source) {
    dispatcher.dispatch(AppAction::Submit { line: line.into(), now: platform::now(), source });
}

/// "이 문제 시작하기": the open machine becomes the exercise's start.
pub fn start_exercise(dispatcher: &UseReducerDispatcher<AppState>, exercise: Rc<Exercise>) {
    dispatcher.dispatch(AppAction::StartExercise { exercise, config: platform::fresh_config() });
}

/// Opens another page of the site (`href` relative to the site's folder) as a new history
/// entry, shown by the app without loading a page.
pub fn navigate(dispatcher: &UseReducerDispatcher<AppState>, href: &str) {
    platform::push_address(href);
    dispatcher.dispatch(AppAction::Navigate(current_route()));
}

/// The route of the page's address now.
pub fn current_route() -> Route {
    let (path, hash) = platform::location();
    Route::from_location(&path, &hash)
}

/// "새 실습 환경": the open machine becomes a fresh one.
pub fn reset_machine(dispatcher: &UseReducerDispatcher<AppState>) {
    dispatcher.dispatch(AppAction::ResetMachine { config: platform::fresh_config() });
}
