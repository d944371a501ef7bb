"""Collectors: thin readers (file or network) plus pure parsers that produce typed facts."""
