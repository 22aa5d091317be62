"""Small files for the file layer tests."""

import zipfile
from pathlib import Path

import openpyxl
import shapely

from tests.areas.helpers import write_geo

POINTS = [shapely.Point(5.105 + i * 0.001, 52.085) for i in range(3)]
HEADER = ["id", "naam", "lon", "lat"]
ROWS = [["B1", "Café de Zon", "5.105", "52.085"], ["B2", "Straße", "5.106", "52.085"], ["B3", "eenvoudig", "5.107", "52.085"]]


def csv_text(delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in [HEADER, *ROWS]) + "\r\n"


def write_csv_file(path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    path.write_bytes(csv_text(delimiter).encode(encoding))
    return path


def write_xlsx_file(path: Path, rows: list[list] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows or [HEADER, *[[r[0], r[1], float(r[2]), float(r[3])] for r in ROWS]]:
        sheet.append(row)
    workbook.save(path)
    return path


def write_points(path: Path, driver: str, *, crs: str = "EPSG:4326") -> Path:
    return write_geo(path, POINTS, {"id": ["B1", "B2", "B3"], "naam": ["Café de Zon", "Straße", "eenvoudig"]},
                     crs=crs, driver=driver)


def zip_folder(folder: Path, target: Path, suffixes: tuple[str, ...]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            if part.suffix.lower() in suffixes:
                archive.write(part, part.name)
    return target
