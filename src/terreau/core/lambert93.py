"""Lambert-93 (EPSG:2154), the projection of metropolitan France and Corsica in French open data
(SIRENE's establishment coordinates among them), back to latitude and longitude.

The result is in RGF93, which GPS and web maps' WGS84 match to within a few centimetres. The
formulas are those of the Lambert conformal conic projection with two standard parallels on an
ellipsoid (EPSG Guidance Note 7-2, method 9802); the latitude is found by iteration.
"""

import math

# GRS80 ellipsoid.
SEMI_MAJOR_AXIS = 6_378_137.0
FLATTENING = 1 / 298.257222101
E = math.sqrt(FLATTENING * (2 - FLATTENING))  # first eccentricity
# Lambert-93: standard parallels 44° N and 49° N, false origin 46.5° N 3° E at (700 km, 6,600 km).
PARALLELS = (math.radians(44.0), math.radians(49.0))
ORIGIN_LATITUDE = math.radians(46.5)
ORIGIN_LONGITUDE = math.radians(3.0)
FALSE_EASTING = 700_000.0
FALSE_NORTHING = 6_600_000.0
# Where the projection is defined, in metres (EPSG:2154's area of use with a margin): values
# outside are not Lambert-93 coordinates of a place in France.
EXTENT = ((0.0, 1_300_000.0), (6_000_000.0, 7_200_000.0))


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    e_sin = E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - e_sin) / (1 + e_sin)) ** (E / 2)


_N = (math.log(_m(PARALLELS[0])) - math.log(_m(PARALLELS[1]))) / (
    math.log(_t(PARALLELS[0])) - math.log(_t(PARALLELS[1]))
)
_AF = SEMI_MAJOR_AXIS * _m(PARALLELS[0]) / (_N * _t(PARALLELS[0]) ** _N)
_RHO0 = _AF * _t(ORIGIN_LATITUDE) ** _N


def in_extent(x: float, y: float) -> bool:
    (x_min, x_max), (y_min, y_max) = EXTENT
    return x_min <= x <= x_max and y_min <= y <= y_max


def to_latitude_longitude(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) in decimal degrees of the Lambert-93 point (x, y), in metres."""
    dx, dy = x - FALSE_EASTING, _RHO0 - (y - FALSE_NORTHING)
    rho = math.hypot(dx, dy)
    t = (rho / _AF) ** (1 / _N)
    longitude = math.atan2(dx, dy) / _N + ORIGIN_LONGITUDE
    latitude = math.pi / 2 - 2 * math.atan(t)
    for _ in range(20):  # converges to 1e-12 rad (under 0.01 mm) in 5 or 6 steps
        e_sin = E * math.sin(latitude)
        following = math.pi / 2 - 2 * math.atan(t * ((1 - e_sin) / (1 + e_sin)) ** (E / 2))
        if abs(following - latitude) < 1e-12:
            latitude = following
            break
        latitude = following
    return math.degrees(latitude), math.degrees(longitude)
