"""Charts that render without internet access, and stay small on the wire.

altair's default renderer loads the vega libraries from a CDN, which fails on a locked-down
workshop network ("Error loading script"). altair's own offline mode (the ``jupyter`` renderer
with ``offline=True``) works, but it ships a 0.9 MB JavaScript bundle inside every chart and takes
about 1.5 s per kernel to build it: on Binder, with a room of thirty, that is megabytes per lesson.

The course therefore registers its own renderer, in this one place. Each chart's Vega-Lite spec is
compiled to a Vega spec in the kernel (by ``vl-convert-python``, no network) and handed to the
Vega renderer that ships inside JupyterLab itself, which draws it as an SVG. A chart costs what
its data and marks cost (a few kilobytes, since the course aggregates before charting).

>>> enable_offline_charts()
>>> import altair as alt
>>> alt.renderers.active
'jtbd-offline'
>>> bundle, metadata = vega_bundle(alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q").to_dict())
>>> sorted(bundle)
['application/vnd.vega.v5+json', 'text/plain']
>>> metadata[VEGA_MIMETYPE]["embed_options"]["renderer"]
'svg'
"""

from __future__ import annotations

from typing import Any

__all__ = ["enable_offline_charts", "vega_bundle", "VEGA_MIMETYPE"]

VEGA_MIMETYPE = "application/vnd.vega.v5+json"  # the Vega renderer built into JupyterLab 4
RENDERER = "jtbd-offline"


def vega_bundle(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Compile a Vega-Lite spec (a dict, as ``chart.to_dict()`` gives) into the output JupyterLab draws.

    Returns the mime bundle and its metadata, the pair altair expects from a renderer. The spec is
    compiled with the Vega-Lite version altair writes; JupyterLab's built-in renderer is Vega 5, which
    draws the compiled specs the course uses (the browser tests prove it for every lesson).
    """
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    vega = vl_convert.vegalite_to_vega(spec, vl_version=vl_version_for_vl_convert())
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    text = f"<chart: {title}>" if title else "<chart>"
    # SVG keeps a chart's text as text (screen readers, copy and paste); the menu offers only the export
    actions = {"export": True, "source": False, "compiled": False, "editor": False}
    metadata = {VEGA_MIMETYPE: {"embed_options": {"renderer": "svg", "actions": actions}}}
    return {VEGA_MIMETYPE: vega, "text/plain": text}, metadata


def enable_offline_charts() -> None:
    """Make every altair chart in this kernel render offline, through JupyterLab's own Vega (idempotent)."""
    import altair as alt

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, vega_bundle)
    if alt.renderers.active != RENDERER:
        alt.renderers.enable(RENDERER)
