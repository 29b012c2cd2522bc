//! The compensation engine (work in progress).
