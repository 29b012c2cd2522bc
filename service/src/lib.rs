//! # salesphysics-service
//!
//! The `salesphysics.v1` gRPC service: every engine of `salesphysics-core`
//! behind tonic. Data flows one way: request bytes → prost message →
//! [`convert`] (representation checks only: enum values, signs, list
//! lengths) → the core (domain validation and every figure) → response with
//! [`ENGINE_VERSION`] and an input [`fingerprint`]. The service holds no
//! arithmetic and no domain rules; a core error becomes a rich
//! `tonic::Status` in [`status`].

pub mod api;
pub mod auth;
pub mod codec;
pub mod config;
pub mod conn;
pub mod convert;
pub mod fingerprint;
pub mod layers;
pub mod metrics;
pub mod server;
pub mod status;
pub mod workload;

/// The generated `salesphysics.v1` (and vendored `google.type`) messages,
/// clients and servers.
#[allow(
    missing_docs,
    unreachable_pub,
    clippy::all,
    clippy::pedantic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::std_instead_of_core
)]
pub mod pb {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));

    /// The encoded descriptor set of every proto file, for server reflection.
    pub const FILE_DESCRIPTOR_SET: &[u8] =
        include_bytes!(concat!(env!("OUT_DIR"), "/salesphysics_descriptor.bin"));
}

/// Crate version and `git describe` of this build (`0.1.0+69de9e3-dirty`),
/// or the crate version alone when built outside git.
pub const ENGINE_VERSION: &str = env!("SALESPHYSICS_ENGINE_VERSION");
