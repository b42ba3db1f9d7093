"""Cooperative maturity self-assessment rounds."""
