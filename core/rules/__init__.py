"""Anti-fake-rectification rules (DESIGN §4): pure functions from histories to flags."""
