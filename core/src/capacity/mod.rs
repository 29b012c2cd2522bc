//! The capacity engine (work in progress).
