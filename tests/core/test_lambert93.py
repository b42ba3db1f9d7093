import math

import pytest

from terreau.core.lambert93 import in_extent, to_latitude_longitude

METRES_PER_DEGREE = 111_320  # along a meridian, within 1 % everywhere


# (x, y) in metres → (latitude, longitude) computed by PROJ 9.5 (EPSG:2154 → EPSG:4171, RGF93):
# the false origin, which the projection defines, then places from Brittany to Corsica.
@pytest.mark.parametrize(
    ("x", "y", "latitude", "longitude"),
    [
        (700_000.0, 6_600_000.0, 46.5, 3.0),
        (652_470.0, 6_861_880.0, 48.855203838, 2.352230677),  # Paris, Île de la Cité
        (145_000.0, 6_836_000.0, 48.386657811, -4.507722262),  # Brest
        (1_050_000.0, 6_840_000.0, 48.565518045, 7.746459879),  # Strasbourg
        (1_180_000.0, 6_110_000.0, 41.932489344, 8.780095566),  # Ajaccio
        (654_000.0, 7_104_000.0, 51.029999900, 2.345741319),  # Dunkerque
        (692_000.0, 6_175_000.0, 42.674586367, 2.902524729),  # Perpignan
    ],
)
def test_lambert93_points_fall_within_a_centimetre_of_proj(x, y, latitude, longitude):
    found_latitude, found_longitude = to_latitude_longitude(x, y)
    north = (found_latitude - latitude) * METRES_PER_DEGREE
    east = (found_longitude - longitude) * METRES_PER_DEGREE * math.cos(math.radians(latitude))
    assert math.hypot(north, east) < 0.01


def test_coordinates_outside_france_are_not_lambert93():
    assert in_extent(652_470.0, 6_861_880.0)
    assert not in_extent(652_470.0, 1_861_880.0)  # a Lambert II étendu northing
    assert not in_extent(-12.5, 6_861_880.0)
