"""Allocation on the database's data: build the instance from the ledger, solve, store and adopt plans."""
