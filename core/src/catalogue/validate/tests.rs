//! Tests of the catalogue validator.
