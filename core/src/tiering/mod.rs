//! The tiering engine (work in progress).
