//! The core's events to JS: `new Client({ onEvent })` gets each as camelCase JSON through a
//! threadsafe function (weak: it does not keep the process alive), called without waiting.

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use waha_groups::observe::{Event, Observer};

use crate::encoded::{Encoded, encode};

/// `(eventJson) => void`, not keeping the event loop alive.
pub(crate) type OnEvent = ThreadsafeFunction<String, Unknown<'static>, String, Status, false, true>;

/// Forwards a client's events to a JS function.
pub(crate) struct JsObserver(pub(crate) OnEvent);

impl Observer for JsObserver {
    fn on_event(&self, event: &Event) {
        if let Ok(text) = encode(event).and_then(Encoded::into_string) {
            self.0.call(text, ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}
