"""The file layer: reading and writing the files people exchange, for every importer and exporter.

Core imports no app; apps import from here (`from wijkwerk.core.files import ...`). The public API,
kept stable (see docs/adr/0003-file-layer.md for how an importer is written on it):

Reading
    check_file(path, formats=None) -> CheckedFile   what the file really is, by content; limits
    open_rows(path, encoding=None) -> TableRows     CSV/XLSX as a stream: .columns, iterate
                                                    (row_number, {column: value}), .batches(size)
    iter_rows(path, encoding=None)                  the same as a plain iterator of (row_number, row)
    read_table(path, encoding=None) -> RawTable     any format, whole file column-wise with geometry
                                                    (GeoJSON, GeoPackage, Shapefile or zip, CSV, XLSX)
    detect_encoding(bytes) / detect_file_encoding(path)   UTF-8 (BOM or not), UTF-16, cp1252/latin-1
    detect_delimiter(first_line)                    ; , tab |
    to_text(value), parse_float(value)              file values as text / numbers

Columns
    column_key(name)                                the form names are compared in (case, accents,
                                                    spaces, dashes, underscores, dots ignored)
    find_column(columns, aliases) -> column|None    the column for one field
    columns_by_alias(columns, {field: aliases})     {field: column} for many fields
    missing_fields(found, required)                 the required fields not found

Coordinates
    WGS84, RD_NEW, WEB_MERCATOR                     the CRSs files come in
    resolve_crs(table=, option=) -> (crs, notes)    the CRS of a RawTable (declared, given, guessed)
    parse_crs_option(text), crs_label(crs), guess_file_crs(xs, ys)
    coordinate_problems(x, y, crs) -> lon, lat, [(index, reason)]   converted to WGS84; NaN,
                                                    infinite and outside-the-Netherlands rows refused
    points_to_wgs84_rounded(x, y, crs), to_wgs84_rounded(geometries, crs)
    outside_message(lon, lat, crs_text)             the reason for a point outside the Netherlands

Rows refused, files refused, limits
    FileRefused                                     the one exception for a file that is not accepted
    LimitExceeded(FileRefused)                      a limit broken; .setting names it
    RowErrors                                       refused rows (row, column, reason), capped
    ImportReport                                    counts + RowErrors + notes; JSON, summary, error CSV
    max_file_bytes(), max_unpacked_bytes(), max_rows(), max_zip_ratio(), max_error_rows()
    check_size(path), check_row_count(n, name=), too_large_message(size)
    zip_member_names(path, label=), sniff(path)     zip and content checks (no unpacking)

Batches
    batched(iterable, size)                         lists of `size`, lazily
    filter_in_batches(queryset, field, values)      one query per batch instead of one IN (all rows)

Writing (formula-safe)
    csv_writer(handle), write_csv(path, header, rows)   text starting with = + - @ tab CR gets a '
    append_row(sheet, values), xlsx_row(sheet, values), set_text(cell, value)
                                                    XLSX text always a string cell, never a formula
    neutralise(text) / restore_text(text)           the CSV escape and the reader's undo

Uploads (`wijkwerk.core.files.uploads`): UploadLimitHandler, upload_refusal, save_upload.
GDAL restrictions (`wijkwerk.core.files.gdal_guard`): harden, identify.
"""

from wijkwerk.core.geo import RD_NEW, WGS84

from .batching import BATCH_SIZE, batched, filter_in_batches
from .charsets import detect_encoding, detect_file_encoding
from .checks import CheckedFile, check_file
from .columns import column_key, columns_by_alias, find_column, missing_fields
from .crs import (
    WEB_MERCATOR,
    coordinate_problems,
    crs_label,
    guess_file_crs,
    outside_message,
    parse_crs_option,
    points_to_wgs84_rounded,
    resolve_crs,
    to_wgs84_rounded,
)
from .errors import FileRefused, LimitExceeded
from .limits import (
    check_row_count,
    check_size,
    max_error_rows,
    max_file_bytes,
    max_rows,
    max_unpacked_bytes,
    max_zip_ratio,
    too_large_message,
)
from .report import ImportReport, RowErrors
from .rows import TableRows, detect_delimiter, iter_rows, open_rows
from .sniffing import sniff
from .tables import RawTable, read_table
from .values import parse_float, to_text
from .writers import append_row, csv_writer, neutralise, restore_text, set_text, write_csv, xlsx_row
from .zips import zip_member_names

__all__ = [
    "BATCH_SIZE", "RD_NEW", "WEB_MERCATOR", "WGS84", "CheckedFile", "FileRefused", "ImportReport",
    "LimitExceeded", "RawTable", "RowErrors", "TableRows", "append_row", "batched", "check_file",
    "check_row_count", "check_size", "column_key", "columns_by_alias", "coordinate_problems", "crs_label",
    "csv_writer", "detect_delimiter", "detect_encoding", "detect_file_encoding", "filter_in_batches",
    "find_column", "guess_file_crs", "iter_rows", "max_error_rows", "max_file_bytes", "max_rows",
    "max_unpacked_bytes", "max_zip_ratio", "missing_fields", "neutralise", "open_rows", "outside_message", "parse_crs_option",
    "parse_float", "points_to_wgs84_rounded", "read_table", "resolve_crs", "restore_text", "set_text", "sniff",
    "to_text", "to_wgs84_rounded", "too_large_message", "write_csv", "xlsx_row", "zip_member_names",
]
