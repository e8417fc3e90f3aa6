"""One module per command; each registers itself on :data:`cqc_rate.cli.app`."""
