"""Support and financing offers: catalogue, matching to cooperations, gaps of a territory."""
