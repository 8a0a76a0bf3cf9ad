"""Cypher for both backends: translation for the embedded store, named queries, result shapes."""
