"""govclaims: track claims about AI governance."""
