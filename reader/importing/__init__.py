"""Bringing articles in: reading and decoding files, parsing them into articles (on worker
processes), and writing them in bulk."""
