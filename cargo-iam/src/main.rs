//! `cargo iam`: see the library's documentation. Parses argv, runs, maps the outcome to an exit
//! code (`cargo_iam::exit`, documented in `--help`).

fn main() {
    let args = match cargo_iam::parse_from(std::env::args_os()) {
        Ok(args) => args,
        // Usage errors exit with 2, `--help`/`--version` with 0.
        Err(e) => e.exit(),
    };
    std::process::exit(cargo_iam::run(&args).exit_code());
}

/// The workspace walk allocates and frees many small syntax-tree nodes; mimalloc does that
/// markedly faster than the system allocator (see `bench/run.py workspace`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
