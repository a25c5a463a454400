"""Which case each stored file belongs to, so that a file is served only to those who may read
its case."""
