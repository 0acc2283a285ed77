"""Write services: each change and its history event in the caller's transaction."""
