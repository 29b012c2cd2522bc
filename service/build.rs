//! Compiles `proto/` to Rust with protox (a pure-Rust protobuf compiler, so
//! no system `protoc` is needed), keeps the descriptor set for server
//! reflection, and captures the engine version (crate version + `git
//! describe`) for every response.

use std::path::PathBuf;
use std::process::Command;

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("..");
    let proto = root.join("proto");
    let files: Vec<PathBuf> = [
        "common",
        "tiering",
        "funnel",
        "capacity",
        "compensation",
        "payout",
        "flow",
    ]
    .iter()
    .map(|name| proto.join(format!("salesphysics/v1/{name}.proto")))
    .collect();
    println!("cargo:rerun-if-changed={}", proto.display());

    let descriptors = protox::compile(&files, [&proto])?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out.join("salesphysics_descriptor.bin"),
        prost::Message::encode_to_vec(&descriptors),
    )?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .include_file("mod.rs")
        // Undecodable request bytes are INVALID_ARGUMENT, not INTERNAL.
        .codec_path("crate::codec::RequestCodec")
        // RPCs whose engine is not wired yet answer UNIMPLEMENTED.
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;

    println!("cargo:rerun-if-env-changed=SALESPHYSICS_GIT_DESCRIBE");
    // A new commit (HEAD) or staged change (index) re-runs `git describe`.
    if let Some(git_dir) = git(&root, &["rev-parse", "--absolute-git-dir"]) {
        for file in ["HEAD", "index"] {
            println!("cargo:rerun-if-changed={git_dir}/{file}");
        }
    }
    let version = std::env::var("CARGO_PKG_VERSION")?;
    let describe = std::env::var("SALESPHYSICS_GIT_DESCRIBE")
        .ok()
        .or_else(|| git(&root, &["describe", "--always", "--dirty", "--tags"]));
    let engine_version = match describe {
        Some(describe) => format!("{version}+{describe}"),
        None => version,
    };
    println!("cargo:rustc-env=SALESPHYSICS_ENGINE_VERSION={engine_version}");
    Ok(())
}

/// The trimmed output of `git ARGS` in `dir`, if git ran and succeeded.
fn git(dir: &std::path::Path, args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}
