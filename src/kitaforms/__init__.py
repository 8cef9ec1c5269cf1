"""kitaforms: NRW Kita forms and Elternbeitrag rules, from YAML to accessible assistants and exports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kitaforms")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
