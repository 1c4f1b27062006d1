//! How components reach the state: the reducer handle shared through a Yew context, and the
//! few intents components send.
//!
//! Components read [`AppState`] through [`use_app`] and change it only by dispatching
//! [`AppAction`]s; none of them calls core. Impure inputs (the time) are read here, via
//! [`platform`], right before dispatch, so the reducer stays pure.

use yew::prelude::*;

use crate::platform;
use crate::state::{AppAction, AppState};

/// The context value: Yew's reducer handle (cheap to clone; equal while it is the same state).
pub type AppContext = UseReducerHandle<AppState>;

/// The app's state and dispatcher. Only valid below `<App/>`, which provides the context.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("use_app() must be called inside <App/>, which provides AppContext")
}

/// Runs a command line as if typed at the prompt, timestamped now.
///
/// Takes the dispatcher rather than the handle: it stays equal across state changes, so
/// callbacks built on it do not make their components repaint after every command.
pub fn run_command(dispatcher: &UseReducerDispatcher<AppState>, line: impl Into<String>) {
    dispatcher.dispatch(AppAction::Submit { line: line.into(), now: platform::now() });
}

/// Replaces the machine with a fresh one (new seed, now) and replays `setup` on it: what
/// "다시 시작" does for an exercise.
pub fn restart(dispatcher: &UseReducerDispatcher<AppState>, setup: Vec<String>) {
    let config = whalelab_core::SessionConfig { seed: platform::new_seed(), start_time: platform::now() };
    dispatcher.dispatch(AppAction::Restart { config, setup });
}

/// Types `lines` into the input visibly, a few characters at a time, and runs each one, as
/// if the learner typed them ("정답 보기", ▶ buttons could use it too).
pub fn type_and_run(dispatcher: UseReducerDispatcher<AppState>, lines: Vec<String>) {
    use std::time::Duration;
    yew::platform::spawn_local(async move {
        for line in lines {
            let chars: Vec<char> = line.chars().collect();
            let step = chars.len().div_ceil(12).max(1);
            let mut shown = 0;
            while shown < chars.len() {
                shown = (shown + step).min(chars.len());
                dispatcher.dispatch(AppAction::SetInput(chars[..shown].iter().collect()));
                yew::platform::time::sleep(Duration::from_millis(30)).await;
            }
            yew::platform::time::sleep(Duration::from_millis(200)).await;
            dispatcher.dispatch(AppAction::SetInput(String::new()));
            run_command(&dispatcher, line);
            yew::platform::time::sleep(Duration::from_millis(250)).await;
        }
    });
}
