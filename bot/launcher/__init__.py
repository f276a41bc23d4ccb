"""Start-up tooling: training when needed and supervising the processes."""
