"""One module per page or API group; each exposes `router`, picked up by create_app."""
