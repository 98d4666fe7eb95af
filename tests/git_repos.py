"""Git repositories made in tests: the helpers live in ``conftest``; importable from here as well."""

from conftest import DAY, EPOCH, Repo, isolate_git

__all__ = ["DAY", "EPOCH", "Repo", "isolate_git"]
