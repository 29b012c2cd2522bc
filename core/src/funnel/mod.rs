//! The funnel engine (work in progress).
