//! The payout engine (work in progress).
