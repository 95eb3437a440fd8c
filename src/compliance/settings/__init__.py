"""Project settings: configuration files (select/ignore/overrides) and their application to findings."""
