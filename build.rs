//! Rebuilds when the compiled-in sample data, keymaps or themes change.

fn main() {
    for dir in ["sample-data", "keymaps", "themes"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
