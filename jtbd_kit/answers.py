"""Answers as plain data: how a graded notebook's answers reach the kernel that tests them.

When the course grades a notebook (``jtbd_kit.grading``), the student's cells run in one kernel and
the test cells in another, which no student code ever touches. Before each group of test cells, the
grader asks the student's kernel for the values the tests read (``q1_verdicts``, ``q1_clean``, ...)
as JSON, and the test kernel rebuilds them. Only data crosses: numbers, text, lists, dicts,
tuples, sets, numpy values and arrays, pandas Series and DataFrames, and the kit's own records
(``JobMap``, ``ScenarioCard``, ...). Anything else, a function or an object of the student's own
class, arrives as a stand-in that no test accepts, named after what it was.

So an answer's value is all that can change its grade: whatever the student's code does to its own
kernel (patching the kit, hooking IPython, redefining built-ins) stays in that kernel.

>>> import pandas as pd
>>> payload = dumps({"q1": [True, False], "t": pd.Series([0.5, float("nan")], index=["a", "b"])}, ["q1", "t", "q9"])
>>> answers = loads(payload)
>>> answers["q1"], answers["t"].tolist()[0], sorted(answers)
([True, False], 0.5, ['q1', 't'])
>>> loads(dumps({"f": len}, ["f"]))["f"]
<an answer the grader cannot read: builtin_function_or_method>
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import sys
from typing import Any

__all__ = ["MIME", "NotGradable", "dumps", "loads", "show", "load_into"]

MIME = "application/vnd.jtbd-answers+json"
MAX_DEPTH = 40
MAX_ITEMS = 5_000_000  # values in one payload, all answers together
MAX_TEXT = 50_000_000  # characters of all strings together

# Records of the kit that may cross, by module and class name (nothing else is ever built by name).
KIT_RECORDS = {
    "jtbd_kit.job_map": ("Phase", "JobMapTemplate", "JobMap"),
    "jtbd_kit.cards": ("RealJob", "Action", "ScenarioCard"),
}


class NotGradable:
    """Stands in for an answer that is not plain data (a function, an object of the student's own class)."""

    __slots__ = ("what",)

    def __init__(self, what: str = "object"):
        self.what = what

    def __repr__(self) -> str:
        return f"<an answer the grader cannot read: {self.what}>"

    __str__ = __repr__

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__


class _TooBig(Exception):
    pass


# ---------------------------------------------------------------- in the student's kernel


class _Encoder:
    def __init__(self):
        self.items = 0
        self.text = 0

    def count(self, items=1, text=0):
        self.items += items
        self.text += text
        if self.items > MAX_ITEMS or self.text > MAX_TEXT:
            raise _TooBig()

    def value(self, v: Any, depth: int = 0):
        if depth > MAX_DEPTH:
            return {"$": "x", "what": "an answer nested too deeply"}
        self.count()
        t = type(v)
        if v is None or t is bool:
            return v
        if t is int:
            if v.bit_length() > 4000:
                return {"$": "bigint", "hex": hex(v)}
            return v
        if t is float:
            return v if math.isfinite(v) else {"$": "float", "v": repr(v)}
        if t is str:
            self.count(0, len(v))
            return v
        if t is list:
            return [self.value(x, depth + 1) for x in v]
        if t is tuple:
            return {"$": "tuple", "items": [self.value(x, depth + 1) for x in v]}
        if t is dict:
            return {"$": "dict", "items": [[self.value(k, depth + 1), self.value(x, depth + 1)] for k, x in v.items()]}
        if t is set or t is frozenset:
            return {"$": t.__name__, "items": [self.value(x, depth + 1) for x in v]}
        if t is bytes:
            self.count(0, len(v))
            return {"$": "bytes", "b64": base64.b64encode(v).decode("ascii")}
        if t is complex:
            return {"$": "complex", "re": self.value(v.real), "im": self.value(v.imag)}
        module = getattr(t, "__module__", "") or ""
        if module.startswith("numpy") and "numpy" in sys.modules:
            return self.numpy(v, depth)
        if module.startswith("pandas") and "pandas" in sys.modules:
            found = self.pandas(v, depth)
            if found is not None:
                return found
        if t.__name__ in KIT_RECORDS.get(module, ()) and dataclasses.is_dataclass(t):
            fields = {f.name: self.value(object.__getattribute__(v, f.name), depth + 1) for f in dataclasses.fields(t)}
            return {"$": "kit", "module": module, "name": t.__name__, "fields": fields}
        return {"$": "x", "what": _name(t)}

    def numpy(self, v, depth):
        import numpy as np

        t = type(v)
        if t is np.ndarray:
            if v.dtype.kind in "biufcUS?" or v.dtype == object:
                flat = v.ravel().tolist() if v.dtype != object else list(v.ravel())
                self.count(len(flat))
                return {"$": "ndarray", "dtype": v.dtype.str if v.dtype != object else "object",
                        "shape": list(v.shape), "items": [self.value(x, depth + 1) for x in flat]}
            return {"$": "x", "what": f"numpy array of {v.dtype}"}
        if isinstance(v, np.generic) and t.__module__ == "numpy" and v.dtype.kind in "biufcUS?":
            return {"$": "np", "dtype": v.dtype.str, "v": self.value(v.item(), depth + 1)}
        return {"$": "x", "what": _name(t)}

    def column(self, values, depth):
        """A 1-D pandas array: its dtype and its values as plain data."""
        import numpy as np
        import pandas as pd

        if isinstance(values, pd.arrays.NumpyExtensionArray):  # what Series.array holds for numpy dtypes
            values = values.to_numpy()
        dtype = values.dtype
        self.count(len(values))
        if isinstance(dtype, pd.CategoricalDtype):
            return {"kind": "category", "categories": self.index(dtype.categories, depth + 1),
                    "ordered": bool(dtype.ordered), "codes": np.asarray(values.codes).tolist()}
        if dtype.kind in "mM":
            return {"kind": "time", "dtype": str(dtype),
                    "ints": np.asarray(values).view("int64").tolist()}
        kind = dtype.kind if isinstance(dtype, np.dtype) else "ext"
        name = str(dtype)
        if isinstance(values, pd.api.extensions.ExtensionArray) and isinstance(dtype, _masked_dtypes()):
            # Nullable integers and booleans (Int8, boolean, ...): the values' bytes and the missing places
            # (a survey's rating columns are 200,000 values: as bytes they cross in milliseconds).
            missing = np.asarray(values.isna(), dtype=bool)
            filled = values.to_numpy(dtype=dtype.numpy_dtype, na_value=dtype.numpy_dtype.type(0))
            self.count(0, filled.nbytes)
            return {"kind": "masked", "dtype": name, "b64": _b64(filled), "missing": np.flatnonzero(missing).tolist()}
        if kind in "biuf":  # numpy numbers and booleans: their bytes, exactly (NaN and infinities too)
            array = np.ascontiguousarray(np.asarray(values))
            self.count(0, array.nbytes)
            return {"kind": "raw", "dtype": array.dtype.str, "b64": _b64(array)}
        items, missing = [], []
        for i, x in enumerate(values.tolist()):
            if _is_missing(x):
                missing.append(i)
                items.append(None)
            else:
                items.append(self.value(_plain(x), depth + 1))
        return {"kind": "plain", "dtype": name, "items": items, "missing": missing, "na": _na_name(values)}

    def index(self, index, depth):
        import pandas as pd

        if type(index) is pd.RangeIndex:
            return {"$": "range", "start": index.start, "stop": index.stop, "step": index.step,
                    "name": self.value(index.name, depth + 1)}
        if type(index) is pd.MultiIndex:
            return {"$": "multi", "levels": [self.index(index.get_level_values(i), depth + 1) for i in range(index.nlevels)],
                    "names": [self.value(n, depth + 1) for n in index.names]}
        return {"$": "index", "name": self.value(index.name, depth + 1), "values": self.column(index.array, depth)}

    def pandas(self, v, depth):
        import pandas as pd

        t = type(v)
        if t is pd.Series:
            return {"$": "series", "name": self.value(v.name, depth + 1), "index": self.index(v.index, depth),
                    "values": self.column(v.array, depth)}
        if t is pd.DataFrame:
            return {"$": "frame", "index": self.index(v.index, depth), "columns": self.index(v.columns, depth),
                    "values": [self.column(v.iloc[:, i].array, depth) for i in range(v.shape[1])]}
        if t in (pd.Index, pd.RangeIndex, pd.MultiIndex):
            return {"$": "pdindex", "index": self.index(v, depth)}
        if t is pd.Timestamp:
            return {"$": "timestamp", "v": v.isoformat()}
        return None


def _b64(array) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def _from_b64(dtype_name, text):
    """A numpy array of numbers or booleans from its bytes; anything else is refused (TypeError, ValueError)."""
    import numpy as np

    if type(dtype_name) is not str or type(text) is not str:
        raise TypeError("not an array's bytes")
    dtype = np.dtype(dtype_name)
    if dtype.kind not in "biuf" or not dtype.isnative or dtype.names is not None or dtype.subdtype is not None:
        raise TypeError("not an array of plain numbers")
    raw = base64.b64decode(text, validate=True)
    if len(raw) % dtype.itemsize:
        raise ValueError("the bytes do not make whole values")
    return np.frombuffer(raw, dtype=dtype).copy()


def _masked_dtypes() -> tuple:
    """pandas' nullable integer and boolean dtypes: values in a numpy array plus a mask of missing places."""
    import pandas as pd

    return (pd.Int8Dtype, pd.Int16Dtype, pd.Int32Dtype, pd.Int64Dtype, pd.UInt8Dtype, pd.UInt16Dtype, pd.UInt32Dtype,
            pd.UInt64Dtype, pd.BooleanDtype)


def _name(t) -> str:
    return f"{getattr(t, '__qualname__', 'object')}"[:80]


def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return type(x) is float and math.isnan(x) or type(x).__name__ in ("NAType", "NaTType")
    except Exception:
        return False


def _na_name(values) -> str:
    na = getattr(values.dtype, "na_value", None)
    return "nan" if isinstance(na, float) else "none"


def _plain(x):
    """numpy scalars inside object columns become Python values."""
    item = getattr(x, "item", None)
    if type(x).__module__ == "numpy" and callable(item):
        try:
            return item()
        except Exception:
            return x
    return x


def dumps(namespace: dict, names) -> str:
    """The answers ``names`` of ``namespace`` as one JSON text (names not defined are left out)."""
    encoder, out = _Encoder(), {}
    for name in names:
        if type(name) is not str or name not in namespace:
            continue
        try:
            out[name] = encoder.value(namespace[name])
        except _TooBig:
            out[name] = {"$": "x", "what": "an answer too big to grade"}
        except Exception as error:  # a hostile object: it becomes a stand-in, never a crash
            out[name] = {"$": "x", "what": f"an answer that failed to read ({type(error).__name__})"}
    return json.dumps(out, ensure_ascii=True, allow_nan=False)


def show(namespace: dict, names) -> None:
    """Display the answers for the grader (run in the student's kernel)."""
    from IPython.display import display

    display({MIME: dumps(namespace, names)}, raw=True)


# ---------------------------------------------------------------- in the test kernel


def _float(text: str) -> float:
    return float(text) if text in ("nan", "inf", "-inf") else float("nan")


class _Decoder:
    def value(self, v):
        if v is None or type(v) in (bool, int, float, str):
            return v
        if type(v) is list:
            return [self.value(x) for x in v]
        if type(v) is not dict:
            return NotGradable("unknown")
        tag = v.get("$")
        if tag == "tuple":
            return tuple(self.value(x) for x in v["items"])
        if tag == "dict":
            out = {}
            for key, item in v["items"]:
                key = self.value(key)
                try:
                    out[key] = self.value(item)
                except TypeError:
                    return NotGradable("dict with a key that is not plain data")
            return out
        if tag in ("set", "frozenset"):
            try:
                items = {self.value(x) for x in v["items"]}
            except TypeError:
                return NotGradable(f"{tag} of items that are not plain data")
            return items if tag == "set" else frozenset(items)
        if tag == "float":
            return _float(v["v"])
        if tag == "bigint":
            return int(v["hex"], 16)
        if tag == "bytes":
            return base64.b64decode(v["b64"])
        if tag == "complex":
            return complex(self.value(v["re"]), self.value(v["im"]))
        if tag == "np":
            import numpy as np

            return np.dtype(v["dtype"]).type(self.value(v["v"]))
        if tag == "ndarray":
            import numpy as np

            items = [self.value(x) for x in v["items"]]
            dtype = object if v["dtype"] == "object" else np.dtype(v["dtype"])
            array = np.empty(len(items), dtype=dtype)
            array[:] = items if dtype is not object else items
            return array.reshape(v["shape"])
        if tag == "series":
            import pandas as pd

            return pd.Series(self.column(v["values"]), index=self.index(v["index"]), name=self.value(v["name"]), copy=False)
        if tag == "frame":
            import pandas as pd

            index = self.index(v["index"])
            columns = [pd.Series(self.column(c), index=index, copy=False) for c in v["values"]]
            frame = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=index)
            frame.columns = self.index(v["columns"])
            return frame
        if tag == "pdindex":
            return self.index(v["index"])
        if tag == "timestamp":
            import pandas as pd

            return pd.Timestamp(v["v"])
        if tag == "kit":
            return self.record(v)
        return NotGradable(str(v.get("what", "object"))[:80])

    def column(self, c):
        import numpy as np
        import pandas as pd

        if c["kind"] == "category":
            categories = self.index(c["categories"])
            return pd.Categorical.from_codes(c["codes"], categories=categories, ordered=c["ordered"])
        if c["kind"] == "time":
            dtype = pd.api.types.pandas_dtype(c["dtype"])
            ints = np.array(c["ints"], dtype="int64")
            if isinstance(dtype, np.dtype):
                return pd.array(ints.view(dtype))
            utc = pd.Series(ints.view(f"M8[{dtype.unit}]")).dt.tz_localize("UTC")
            return utc.dt.tz_convert(dtype.tz).array
        if c["kind"] == "raw":
            return _from_b64(c["dtype"], c["b64"])
        if c["kind"] == "masked":
            dtype = pd.api.types.pandas_dtype(c["dtype"])
            if not isinstance(dtype, _masked_dtypes()):
                raise TypeError("not a nullable integer or boolean column")
            values = _from_b64(dtype.numpy_dtype.str, c["b64"])
            mask = np.zeros(len(values), dtype=bool)
            missing = c["missing"]
            if type(missing) is not list or not all(type(i) is int and 0 <= i < len(values) for i in missing):
                raise TypeError("missing places outside the column")
            mask[missing] = True
            kind = pd.arrays.BooleanArray if isinstance(dtype, pd.BooleanDtype) else pd.arrays.IntegerArray
            return kind(values, mask)
        items = [self.value(x) for x in c["items"]]
        missing_value = float("nan") if c.get("na") == "nan" else None
        for i in c.get("missing", []):
            items[i] = missing_value
        dtype = c["dtype"]
        try:
            return pd.array(items, dtype=dtype)
        except (TypeError, ValueError):
            return pd.array(items, dtype=object)

    def index(self, v):
        import pandas as pd

        if v["$"] == "range":
            return pd.RangeIndex(v["start"], v["stop"], v["step"], name=self.value(v["name"]))
        if v["$"] == "multi":
            levels = [self.index(level) for level in v["levels"]]
            return pd.MultiIndex.from_arrays(levels, names=[self.value(n) for n in v["names"]])
        return pd.Index(self.column(v["values"]), name=self.value(v["name"]), tupleize_cols=False)

    def record(self, v):
        import importlib

        module, name = v.get("module"), v.get("name")
        if name not in KIT_RECORDS.get(module, ()):
            return NotGradable("object")
        cls = getattr(importlib.import_module(module), name)
        obj = object.__new__(cls)  # exactly the student's record, as it was: no constructor reshapes it
        for f in dataclasses.fields(cls):
            if f.name in v["fields"]:
                object.__setattr__(obj, f.name, self.value(v["fields"][f.name]))
        if name == "JobMapTemplate":
            from jtbd_kit.job_map import UNIVERSAL_JOB_MAP

            if obj == UNIVERSAL_JOB_MAP:
                return UNIVERSAL_JOB_MAP  # the same template the tests compare with `is`
        return obj


def loads(payload: str) -> dict:
    """The answers of a ``dumps`` payload, rebuilt as plain values (a broken part becomes NotGradable)."""
    try:
        raw = json.loads(payload)
    except (ValueError, RecursionError, TypeError):
        return {}
    if type(raw) is not dict:
        return {}
    decoder, out = _Decoder(), {}
    for name, value in raw.items():
        try:
            out[name] = decoder.value(value)
        except Exception:  # a payload the student's kernel forged: it grades as nothing readable
            out[name] = NotGradable("answer")
    for name, value in out.items():
        if type(value) is NotGradable:
            out[name] = type(value.what if value.what.isidentifier() else "NotGradable", (NotGradable,),
                             {"__slots__": ()})(value.what)
    return out


def load_into(shell, payload: str) -> None:
    """Empty the namespace of the IPython ``shell``, then put the answers of ``payload`` in it (test kernel)."""
    namespace = shell.user_ns
    for name in [n for n in namespace if n not in shell.user_ns_hidden]:
        del namespace[name]
    namespace.update(loads(payload))
