"""One settings object for every stage, from a TOML file.

    settings = Settings.from_toml("newsprism.toml")      # or Settings() for the defaults
    newsprism.pipeline.ingest(paths, store, settings=settings)
    newsprism.pipeline.stories(store, settings=settings)
    print(settings.to_toml())                             # what ``newsprism config --show`` prints

``Settings`` is made of the stage options that already exist (:class:`IngestOptions`,
:class:`CleanOptions`, :class:`ReadOptions` with its extractors' options, :class:`GroupOptions`,
:class:`CheckOptions`, :class:`WebOptions`, :class:`ScaleOptions`), one TOML table per stage and
one sub-table per nested option (``[read.quotes]``, ``[group.cluster]``, ``[check.weights]``).
Every threshold lives in those dataclasses, with a comment beside it; a file names only what it
changes.  As trafilatura's ``settings.cfg``, the file is read once and checked whole: an unknown
table or key, or a value of the wrong type, is an error naming the file and the key, before any
work is done.  What is given per call (an input's outlet, URL and date) is not a setting.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import CleanOptions
from .crosscheck import CheckOptions
from .errors import NewsprismError
from .group import GroupOptions
from .ingest import IngestOptions
from .read import ReadOptions
from .scale.options import ScaleOptions
from .web.options import WebOptions

CONFIG_ENV = "NEWSPRISM_CONFIG"

# Fields given per call, never read from a file: an input's outlet, URL and date
# (``--outlet``/``--url``/``--date``), and the stage options a scale run takes from the
# top-level tables.
_PER_CALL = {IngestOptions: {"meta"}, ScaleOptions: {"ingest", "clean", "read", "group"}}


class SettingsError(NewsprismError):
    """A settings file that cannot be used: unreadable, not TOML, an unknown key, a bad value."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The options of every stage (each one's dataclass documents its fields)."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    read: ReadOptions = field(default_factory=ReadOptions)
    group: GroupOptions = field(default_factory=GroupOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    web: WebOptions = field(default_factory=WebOptions)
    scale: ScaleOptions = field(default_factory=ScaleOptions)
    # the dotted keys the file set ("read.n_process"): where a command's own default differs from
    # a stage's, what the file says wins over the command's default
    given: frozenset[str] = field(default=frozenset(), init=False, compare=False, repr=False)

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """The settings a TOML file gives (defaults for everything it leaves out)."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SettingsError(f"{path}: cannot read the settings file ({exc.strerror or exc})") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: not a TOML file ({exc})") from None
        return cls.from_dict(data, where=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str = "<settings>") -> Settings:
        """The settings of nested mappings as a TOML file holds them."""
        settings = _build(cls, data, where, "")
        object.__setattr__(settings, "given", frozenset(_keys(data, "")))
        return settings

    def to_dict(self) -> dict[str, Any]:
        """Every setting, nested by stage (what :meth:`from_dict` takes back)."""
        return _dump(self)

    def to_toml(self) -> str:
        """Every setting as a TOML file (a setting that is unset, such as the spaCy model, is
        shown as a comment: TOML has no null)."""
        lines: list[str] = []
        _toml_table(self.to_dict(), [], lines)
        return "\n".join(lines).strip() + "\n"

    def scale_options(self) -> ScaleOptions:
        """The scale run's options with the stage options of these settings."""
        return dataclasses.replace(self.scale, ingest=self.ingest, clean=self.clean, read=self.read,
                                   group=self.group)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        """The settings of ``path``, else of the file ``$NEWSPRISM_CONFIG`` names, else the defaults."""
        import os

        path = path or os.environ.get(CONFIG_ENV) or None
        return cls.from_toml(path) if path else cls()


def _fields(cls) -> list[dataclasses.Field]:
    skip = _PER_CALL.get(cls, set())
    return [f for f in dataclasses.fields(cls) if f.init and f.name not in skip]


def _build(cls, data: Any, where: str, prefix: str):
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: [{prefix.rstrip('.')}] must be a table, not {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in _fields(cls)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise SettingsError(f"{where}: unknown setting {prefix}{unknown[0]} (known in this table: "
                            f"{', '.join(sorted(known))})")
    values = {}
    for name, value in data.items():
        values[name] = _value(hints[name], value, where, f"{prefix}{name}")
    try:
        return cls(**values)
    except (ValueError, TypeError, NewsprismError) as exc:
        raise SettingsError(f"{where}: [{prefix.rstrip('.') or 'settings'}] {exc}") from None


def _value(kind, value: Any, where: str, key: str):
    """``value`` from the file as the field's type wants it, or a SettingsError naming ``key``."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _value(inner[0], value, where, key)
        return value
    if dataclasses.is_dataclass(kind):
        return _build(kind, value, where, key + ".")
    if kind is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: {key} must be true or false, not {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: {key} must be a whole number, not {value!r}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{where}: {key} must be a number, not {value!r}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: {key} must be a string, not {value!r}")
        return value
    if origin in (tuple, frozenset):
        if not isinstance(value, list):
            raise SettingsError(f"{where}: {key} must be a list, not {value!r}")
        return _tuples(value) if origin is tuple else frozenset(value)
    return value


def _keys(data: dict, prefix: str):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _dump(obj) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in _fields(type(obj)):
        value = getattr(obj, f.name)
        out[f.name] = _dump(value) if dataclasses.is_dataclass(value) else value
    return out


def _toml_table(table: dict[str, Any], path: list[str], lines: list[str]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    if path and scalars:
        lines += ["", f"[{'.'.join(path)}]"]
    for key, value in scalars.items():
        lines.append(f"# {key} = (unset)" if value is None else f"{key} = {_toml_value(value)}")
    for key, value in table.items():
        if isinstance(value, dict):
            _toml_table(value, path + [key], lines)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (frozenset, set)):
        value = sorted(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")
