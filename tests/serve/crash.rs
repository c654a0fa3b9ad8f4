//! Killing the server mid-upload and mid-check.
