"""Request handlers of the dashboard, one module per area."""
