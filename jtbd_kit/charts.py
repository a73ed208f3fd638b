"""Charts that render without internet access.

altair's default renderer loads the vega libraries from a CDN, which fails on a locked-down
workshop network ("Error loading script"). The course switches, in this one place, to altair's
``jupyter`` renderer in offline mode: the libraries are bundled from the ``vl-convert-python``
package and charts become widgets that JupyterLab draws with no outside request.

>>> enable_offline_charts()
>>> import altair
>>> altair.renderers.active
'jupyter'
"""

from __future__ import annotations

__all__ = ["enable_offline_charts"]

_enabled = False


def enable_offline_charts() -> None:
    """Make every altair chart in this kernel render offline (idempotent; ~1.5 s the first time)."""
    global _enabled
    if _enabled:
        return
    import altair as alt

    alt.renderers.enable("jupyter", offline=True)
    _enabled = True
