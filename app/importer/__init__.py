"""The importer: fetch, parse, dedupe, store and extract; one article per transaction."""
