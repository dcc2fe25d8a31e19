//! The `zhurnal` binary: parses the command line and runs the journal.

fn main() -> std::process::ExitCode {
    zhurnal::cli::main()
}
