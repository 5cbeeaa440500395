"""The template as data: the file format, its loader, the models generated from it, and the named
rules for what cannot be declared. `builtin()` is the template every review without a `template`
key follows."""
