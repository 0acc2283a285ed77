"""The benchmark: a million claims through the whole HTTP stack, beside Datasette and plain SQL."""
