"""Import offers from our JSON and CSV formats and from the JSON of the aides-territoires API.

The contract of actor imports (docs/data-formats.md): each reader turns its file into records (our
field names, raw values) with their location — line of a CSV file, record number of a JSON file —;
one validation (`_clean`) says what is wrong where (record or line, field, value); one transaction
writes; `atomic` writes nothing if a record fails, `dry_run` nothing at all; an offer is matched on
(source, source id), so importing the same file again reports every offer unchanged.
"""

from terreau.offers.importers.aides_territoires import read_aides_territoires
from terreau.offers.importers.readers import read_csv, read_json
from terreau.offers.importers.records import FILE_FIELDS, CleanOffer, OfferRecord
from terreau.offers.importers.writer import offers_import

__all__ = [
    "FILE_FIELDS",
    "CleanOffer",
    "OfferRecord",
    "offers_import",
    "read_aides_territoires",
    "read_csv",
    "read_json",
]
