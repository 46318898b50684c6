"""Distances on the ground, for estimating who gets there first (DOMAIN.md §5).

The dispatch policy estimates arrival from the straight-line (great-circle) distance times a
road factor; this module is the straight line. It is plain float math because the
recommendation measures every unit on duty for every call.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG); the error against the ellipsoid is far below a road factor's."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1 = radians(lat1)
    phi2 = radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = radians(lon2 - lon1) / 2
    h = sin(half_dphi) ** 2 + cos(phi1) * cos(phi2) * sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(h)))
