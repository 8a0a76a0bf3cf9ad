"""Cypher's scalar functions and aggregates, over the values of kg.query.values.

A scalar function takes the query context and its evaluated arguments; most return
null for a null argument. An aggregate is a small accumulator class.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import time
from collections.abc import Callable
from typing import Any

from kg.errors import QueryError
from kg.query.values import HIDDEN, Duration, Node, Path, Rel, compare, group_key, is_number, sort_key, type_name


def _fail(name: str, value: Any) -> QueryError:
    return QueryError(f"type mismatch: {name}() cannot take {type_name(value)} ({value!r})")


def _nullsafe(fn: Callable) -> Callable:
    def wrapped(ctx, *args):
        if args and args[0] is None:
            return None
        return fn(ctx, *args)
    return wrapped


# -- graph ------------------------------------------------------------------------------------

def _id(ctx, x):
    if isinstance(x, Node):
        return ctx.index.node_number(x.id) if not isinstance(x.id, int) else x.id
    if isinstance(x, Rel):
        return x.key if isinstance(x.key, int) else abs(hash(x.ident)) % (2 ** 53)
    raise _fail("id", x)


def _element_id(ctx, x):
    if isinstance(x, Node):
        return str(x.id)
    if isinstance(x, Rel):
        return str(x.key)
    raise _fail("elementId", x)


def _labels(ctx, x):
    if isinstance(x, Node):
        return x.labels
    raise _fail("labels", x)


def _type(ctx, x):
    if isinstance(x, Rel):
        return x.type
    raise _fail("type", x)


def _properties(ctx, x):
    if isinstance(x, Rel) and ctx.index.key_property:
        return {**{k: v for k, v in x.data.items() if k != HIDDEN}, ctx.index.key_property: x.key}
    if isinstance(x, (Node, Rel)):
        return {k: v for k, v in x.data.items() if k != HIDDEN}
    if isinstance(x, dict):
        return x
    raise _fail("properties", x)


def _keys(ctx, x):
    if isinstance(x, Rel) and ctx.index.key_property:
        return [k for k in x.data if k != HIDDEN] + [ctx.index.key_property]
    if isinstance(x, (Node, Rel)):
        return [k for k in x.data if k != HIDDEN]
    if isinstance(x, dict):
        return list(x)
    raise _fail("keys", x)


def _start(ctx, x):
    if isinstance(x, Rel):
        return Node(x.start, ctx.index.nodes[x.start])
    raise _fail("startNode", x)


def _end(ctx, x):
    if isinstance(x, Rel):
        return Node(x.end, ctx.index.nodes[x.end])
    raise _fail("endNode", x)


def _length(ctx, x):
    if isinstance(x, Path):
        return len(x.rels)
    if isinstance(x, (str, list)):
        return len(x)
    raise _fail("length", x)


def _nodes(ctx, x):
    if isinstance(x, Path):
        return list(x.nodes)
    raise _fail("nodes", x)


def _relationships(ctx, x):
    if isinstance(x, Path):
        return list(x.rels)
    raise _fail("relationships", x)


# -- lists and strings ------------------------------------------------------------------------

def _size(ctx, x):
    if isinstance(x, (str, list)):
        return len(x)
    raise _fail("size", x)


def _head(ctx, x):
    if isinstance(x, list):
        return x[0] if x else None
    raise _fail("head", x)


def _last(ctx, x):
    if isinstance(x, list):
        return x[-1] if x else None
    raise _fail("last", x)


def _tail(ctx, x):
    if isinstance(x, list):
        return x[1:]
    raise _fail("tail", x)


def _reverse(ctx, x):
    if isinstance(x, (str, list)):
        return x[::-1]
    raise _fail("reverse", x)


def _range(ctx, start, end, step=1):
    for v in (start, end, step):
        if not isinstance(v, int) or isinstance(v, bool):
            raise _fail("range", v)
    if step == 0:
        raise QueryError("range(): step cannot be 0")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _coalesce(ctx, *args):
    return next((a for a in args if a is not None), None)


def _string_fn(name: str, fn: Callable) -> Callable:
    def wrapped(ctx, x, *rest):
        if x is None:
            return None
        if not isinstance(x, str):
            raise _fail(name, x)
        return fn(x, *rest)
    return wrapped


def _substring(ctx, s, start, length=None):
    if s is None:
        return None
    if not isinstance(s, str):
        raise _fail("substring", s)
    if not isinstance(start, int) or start < 0 or (length is not None and (not isinstance(length, int) or length < 0)):
        raise QueryError("substring(): start and length must be non-negative integers")
    return s[start:] if length is None else s[start:start + length]


def _left(ctx, s, n):
    if s is None:
        return None
    if n is None or not isinstance(n, int) or n < 0:
        raise QueryError("left(): length must be a non-negative integer")
    return s[:n]


def _right(ctx, s, n):
    if s is None:
        return None
    if n is None or not isinstance(n, int) or n < 0:
        raise QueryError("right(): length must be a non-negative integer")
    return s[len(s) - n:] if n else ""


def _replace(ctx, s, a, b):
    if s is None or a is None or b is None:
        return None
    return s.replace(a, b)


def _split(ctx, s, sep):
    if s is None or sep is None:
        return None
    if isinstance(sep, list):
        return [p for p in re.split("|".join(map(re.escape, sep)), s)]
    return s.split(sep) if sep else list(s)


def _to_string(ctx, x):
    if x is None:
        return None
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        return repr(x) if not x.is_integer() or abs(x) >= 1e16 else f"{x:.1f}"
    if isinstance(x, (int, str)):
        return str(x)
    if isinstance(x, (dt.date, dt.datetime, dt.time)):
        return x.isoformat()
    if isinstance(x, Duration):
        return x.iso()
    raise _fail("toString", x)


def _to_integer(ctx, x):
    if x is None or isinstance(x, bool):
        return None if x is None else int(x)
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return int(x) if math.isfinite(x) else None
    if isinstance(x, str):
        try:
            return int(x)
        except ValueError:
            try:
                f = float(x)
                return int(f) if math.isfinite(f) else None
            except ValueError:
                return None
    raise _fail("toInteger", x)


def _to_float(ctx, x):
    if x is None:
        return None
    if is_number(x):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x)
        except ValueError:
            return None
    raise _fail("toFloat", x)


def _to_boolean(ctx, x):
    if x is None or isinstance(x, bool):
        return x
    if isinstance(x, str):
        return {"true": True, "false": False}.get(x.strip().lower())
    if isinstance(x, int):
        return x != 0
    raise _fail("toBoolean", x)


def _or_null(fn: Callable) -> Callable:
    def wrapped(ctx, x):
        try:
            return fn(ctx, x)
        except QueryError:
            return None
    return wrapped


# -- numbers ----------------------------------------------------------------------------------

def _math(name: str, fn: Callable, keep_int: bool = False) -> Callable:
    def wrapped(ctx, x, *rest):
        if x is None:
            return None
        if not is_number(x):
            raise _fail(name, x)
        try:
            r = fn(x, *rest)
        except ValueError:
            return math.nan
        return r if keep_int or not isinstance(r, int) or isinstance(x, float) else r
    return wrapped


def _round(x, precision=0, mode=None):
    if precision:
        return float(round(x, precision))
    return float(math.floor(x + 0.5)) if isinstance(x, float) else x


def _sign(x):
    return (x > 0) - (x < 0)


def _log(x):
    return math.log(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _log10(x):
    return math.log10(x) if x > 0 else (-math.inf if x == 0 else math.nan)


def _sqrt(x):
    return math.sqrt(x) if x >= 0 else math.nan


# -- temporal ---------------------------------------------------------------------------------

def _date(ctx, x=None):
    if x is None:
        return dt.date.today()
    if isinstance(x, str):
        try:
            return dt.date.fromisoformat(x[:10]) if len(x) >= 10 else dt.date.fromisoformat(x)
        except ValueError:
            raise QueryError(f"date(): {x!r} is not an ISO date") from None
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    if isinstance(x, dict):
        return dt.date(x.get("year", 1), x.get("month", 1), x.get("day", 1))
    raise _fail("date", x)


def _datetime(ctx, x=None):
    if x is None:
        return dt.datetime.now(dt.timezone.utc)
    if isinstance(x, str):
        try:
            value = dt.datetime.fromisoformat(x.replace("Z", "+00:00"))
        except ValueError:
            raise QueryError(f"datetime(): {x!r} is not an ISO date and time") from None
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(x, dt.datetime):
        return x
    if isinstance(x, dt.date):
        return dt.datetime(x.year, x.month, x.day, tzinfo=dt.timezone.utc)
    if isinstance(x, dict):
        return dt.datetime(x.get("year", 1), x.get("month", 1), x.get("day", 1), x.get("hour", 0),
                           x.get("minute", 0), x.get("second", 0), tzinfo=dt.timezone.utc)
    raise _fail("datetime", x)


def _localdatetime(ctx, x=None):
    value = _datetime(ctx, x)
    return value.replace(tzinfo=None)


_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$")


def _duration(ctx, x):
    if x is None:
        return None
    if isinstance(x, str):
        m = _ISO_DURATION.match(x)
        if not m or x in ("P", "PT"):
            raise QueryError(f"duration(): {x!r} is not an ISO 8601 duration")
        y, mo, w, d, h, mi, s = (float(g) if g else 0 for g in m.groups())
        return Duration(int(y * 12 + mo), int(w * 7 + d), h * 3600 + mi * 60 + s)
    if isinstance(x, dict):
        return Duration(int(x.get("years", 0) * 12 + x.get("months", 0)),
                        int(x.get("weeks", 0) * 7 + x.get("days", 0)),
                        x.get("hours", 0) * 3600 + x.get("minutes", 0) * 60 + x.get("seconds", 0))
    raise _fail("duration", x)


def _duration_between(ctx, a, b):
    if a is None or b is None:
        return None
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        a, b = _datetime(ctx, a), _datetime(ctx, b)
        delta = b - a
        return Duration(0, delta.days, delta.seconds + delta.microseconds / 1e6)
    months = (b.year - a.year) * 12 + b.month - a.month
    if b.day < a.day and months > 0:
        months -= 1
    anchor = add_months(a, months)
    return Duration(months, (b - anchor).days, 0)


def _duration_in_days(ctx, a, b):
    if a is None or b is None:
        return None
    return Duration(0, (_date(ctx, b) - _date(ctx, a)).days, 0)


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
            30, 31][month - 1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def shift(value: Any, d: Duration, sign: int) -> Any:
    """A date or datetime moved by a duration (months, then days, then seconds)."""
    out = add_months(value, sign * d.months) if d.months else value
    out = out + dt.timedelta(days=sign * d.days)
    if d.seconds and isinstance(out, dt.datetime):
        out = out + dt.timedelta(seconds=sign * d.seconds)
    return out


def _timestamp(ctx):
    return int(time.time() * 1000)


SCALARS: dict[str, Callable] = {
    "id": _nullsafe(_id), "elementid": _nullsafe(_element_id), "labels": _nullsafe(_labels),
    "type": _nullsafe(_type), "properties": _nullsafe(_properties), "keys": _nullsafe(_keys),
    "startnode": _nullsafe(_start), "endnode": _nullsafe(_end), "length": _nullsafe(_length),
    "nodes": _nullsafe(_nodes), "relationships": _nullsafe(_relationships),
    "size": _nullsafe(_size), "head": _nullsafe(_head), "last": _nullsafe(_last), "tail": _nullsafe(_tail),
    "reverse": _nullsafe(_reverse), "range": _range, "coalesce": _coalesce,
    "tolower": _string_fn("toLower", str.lower), "toupper": _string_fn("toUpper", str.upper),
    "lower": _string_fn("lower", str.lower), "upper": _string_fn("upper", str.upper),
    "trim": _string_fn("trim", str.strip), "ltrim": _string_fn("ltrim", str.lstrip),
    "rtrim": _string_fn("rtrim", str.rstrip), "substring": _substring, "left": _left, "right": _right,
    "replace": _replace, "split": _split,
    "tostring": _to_string, "tointeger": _to_integer, "tofloat": _to_float, "toboolean": _to_boolean,
    "tostringornull": _or_null(_to_string), "tointegerornull": _or_null(_to_integer),
    "tofloatornull": _or_null(_to_float), "tobooleanornull": _or_null(_to_boolean),
    "abs": _math("abs", abs, keep_int=True), "ceil": _math("ceil", lambda x: float(math.ceil(x))),
    "floor": _math("floor", lambda x: float(math.floor(x))), "round": _math("round", _round),
    "sign": _math("sign", _sign, keep_int=True), "sqrt": _math("sqrt", _sqrt), "exp": _math("exp", math.exp),
    "log": _math("log", _log), "log10": _math("log10", _log10), "sin": _math("sin", math.sin),
    "cos": _math("cos", math.cos), "tan": _math("tan", math.tan), "asin": _math("asin", math.asin),
    "acos": _math("acos", math.acos), "atan": _math("atan", math.atan),
    "atan2": lambda ctx, y, x: None if y is None or x is None else math.atan2(y, x),
    "degrees": _math("degrees", math.degrees), "radians": _math("radians", math.radians),
    "pi": lambda ctx: math.pi, "e": lambda ctx: math.e, "rand": lambda ctx: random.random(),
    "date": _date, "datetime": _datetime, "localdatetime": _localdatetime, "duration": _duration,
    "duration.between": _duration_between, "duration.indays": _duration_in_days, "timestamp": _timestamp,
    "isempty": _nullsafe(lambda ctx, x: len(x) == 0 if isinstance(x, (str, list, dict)) else _raise(_fail("isEmpty", x))),
    "char_length": _nullsafe(_size), "character_length": _nullsafe(_size),
}


def _raise(exc: Exception) -> Any:
    raise exc


# -- aggregates -------------------------------------------------------------------------------

class Aggregate:
    """Accumulates the values of one group; nulls are skipped (count(*) counts rows)."""

    def __init__(self, distinct: bool, extra: Any = None) -> None:
        self.distinct = distinct
        self.seen: set | None = set() if distinct else None
        self.extra = extra

    def add(self, value: Any) -> None:
        if value is None:
            return
        if self.seen is not None:
            key = group_key(value)
            if key in self.seen:
                return
            self.seen.add(key)
        self.take(value)

    def take(self, value: Any) -> None:
        raise NotImplementedError

    def result(self) -> Any:
        raise NotImplementedError


class Count(Aggregate):
    n = 0

    def take(self, value):
        self.n += 1

    def result(self):
        return self.n


class CountStar(Count):
    def add(self, value):
        self.n += 1


class Collect(Aggregate):
    def __init__(self, distinct, extra=None):
        super().__init__(distinct, extra)
        self.items: list = []

    def take(self, value):
        self.items.append(value)

    def result(self):
        return self.items


class Sum(Aggregate):
    total: Any = 0
    duration = False

    def take(self, value):
        if isinstance(value, Duration):
            t = self.total if isinstance(self.total, Duration) else Duration()
            self.total = Duration(t.months + value.months, t.days + value.days, t.seconds + value.seconds)
            return
        if not is_number(value):
            raise QueryError(f"type mismatch: sum() of {type_name(value)} ({value!r})")
        self.total += value

    def result(self):
        return self.total


class Avg(Collect):
    def result(self):
        if not self.items:
            return None
        if not all(is_number(v) for v in self.items):
            raise QueryError("type mismatch: avg() of non-numbers")
        return sum(self.items) / len(self.items)


class Min(Aggregate):
    best: Any = None
    sign = 1

    def take(self, value):
        if self.best is None:
            self.best = value
            return
        c = compare(value, self.best)
        if c is None:
            c = (sort_key(value) > sort_key(self.best)) - (sort_key(value) < sort_key(self.best))
        if c * self.sign < 0:
            self.best = value

    def result(self):
        return self.best


class Max(Min):
    sign = -1


class Percentile(Collect):
    continuous = False

    def result(self):
        p = self.extra
        if p is None or not is_number(p) or not 0 <= p <= 1:
            raise QueryError(f"percentile must be a number between 0.0 and 1.0, not {p!r}")
        values = sorted(self.items)
        if not values:
            return None
        if self.continuous:
            pos = p * (len(values) - 1)
            lo = math.floor(pos)
            hi = min(lo + 1, len(values) - 1)
            return float(values[lo] + (values[hi] - values[lo]) * (pos - lo))
        index = max(0, math.ceil(p * len(values)) - 1) if p > 0 else 0
        return values[index]


class PercentileCont(Percentile):
    continuous = True


class StDev(Collect):
    population = False

    def result(self):
        n = len(self.items)
        if n < 2 and not (self.population and n == 1):
            return 0.0
        mean = sum(self.items) / n
        return math.sqrt(sum((x - mean) ** 2 for x in self.items) / (n if self.population else n - 1))


class StDevP(StDev):
    population = True


AGGREGATES: dict[str, type[Aggregate]] = {
    "count": Count, "collect": Collect, "sum": Sum, "avg": Avg, "min": Min, "max": Max,
    "percentiledisc": Percentile, "percentilecont": PercentileCont, "stdev": StDev, "stdevp": StDevP,
}
