"""Adapters: the only code that speaks each external service's protocol."""
