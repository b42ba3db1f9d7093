"""Pages of the API's long lists (actors, offers): `?page=N`, bounded so that the offset always
fits the databases' integers. A page past the last one is an empty list with the count."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# 1,000,000 pages of at most 100 items: far beyond any directory, and an offset every database
# takes (a larger page number is a 422 naming `page`).
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)
