"""The `pirtui` command line: one module per subcommand, loaded when that subcommand runs."""
