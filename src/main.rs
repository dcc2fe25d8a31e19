//! The `zhurnal` binary: parses the command line and runs the journal.

use std::any::Any;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A reader that stops early (`zhurnal user list | head -1`) closes the pipe, and
    // printing then fails: the command ends quietly and successfully, as `cat` does,
    // with no panic message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_broken_pipe(info.payload()) {
            default_hook(info);
        }
    }));
    match std::panic::catch_unwind(zhurnal::cli::main) {
        Ok(code) => code,
        Err(payload) if is_broken_pipe(payload.as_ref()) => ExitCode::SUCCESS,
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// Whether a panic is `println!` failing on a closed pipe.
fn is_broken_pipe(payload: &(dyn Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.starts_with("failed printing to std") && text.contains("os error 32")
}
