"""readgroup: run a reading group's weekly paper syllabus from the terminal."""

__version__ = "0.2.0"
