"""For drafters: Word comments on a draft (annotate) and the report template."""
