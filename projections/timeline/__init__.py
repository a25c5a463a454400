"""The timeline: one line per event in Chinese and English, public lines marked."""
