"""Countries and Peru's departments as the event datasets write them, to ISO codes.

Datasets disagree: GDELT places events with FIPS 10-4 country codes ("CI" is Chile, not Côte d'Ivoire)
and FIPS ADM1 codes ("PE15" is Lima); ICEWS writes country names; POLECAT ISO alpha-3; ACLED ISO numeric
and names. The stored form is ISO 3166-1 alpha-2 and, for Peru, ISO 3166-2 departments (PE-LIM), the
codes the coder and the dashboard speak.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from types import MappingProxyType

import pycountry

from centinela.coding.text import fold

# FIPS 10-4 codes that differ from ISO alpha-2, for the Americas, Iberia and the powers that act there
# (the countries an observatory of Latin America reads). A FIPS code not listed here is resolved through
# the place name GDELT writes next to it, never by assuming FIPS == ISO (often false: CH, SP, UK...).
FIPS_TO_ISO = MappingProxyType(
    {
        "AR": "AR",
        "BL": "BO",
        "BR": "BR",
        "CI": "CL",
        "CO": "CO",
        "CS": "CR",
        "CU": "CU",
        "DR": "DO",
        "EC": "EC",
        "ES": "SV",
        "GT": "GT",
        "HA": "HT",
        "HO": "HN",
        "MX": "MX",
        "NU": "NI",
        "PM": "PA",
        "PA": "PY",
        "PE": "PE",
        "UY": "UY",
        "VE": "VE",
        "US": "US",
        "CA": "CA",
        "JM": "JM",
        "BH": "BZ",
        "GY": "GY",
        "NS": "SR",
        "TD": "TT",
        "BF": "BS",
        "BB": "BB",
        "SP": "ES",
        "PO": "PT",
        "UK": "GB",
        "FR": "FR",
        "GM": "DE",
        "CH": "CN",
        "RS": "RU",
        "IT": "IT",
        "JA": "JP",
        "VM": "VN",
        "KS": "KR",
    }
)


def _peru_departments() -> tuple[dict[str, str], dict[str, str]]:
    """(INEI two-digit prefix -> ISO 3166-2, folded name -> ISO 3166-2) from the packaged gazetteer.

    Peru's FIPS ADM1 numbers are the INEI department numbers (PE15 = INEI 15 = Lima).
    """
    text = resources.files("centinela.countries.peru").joinpath("gazetteer", "places.csv").read_text("utf-8")
    by_number: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["level"] != "department":
            continue
        by_number[row["ubigeo"][:2]] = row["iso_3166_2"]
        for name in [row["name"], row["department"], *row["aliases"].split("|")]:
            if name.strip():
                by_name[fold(name.strip())] = row["iso_3166_2"]
    return by_number, by_name


class Places:
    """Resolves the place codes and names of one import run (cached for the run, not the process)."""

    def __init__(self) -> None:
        self._numbers, self._departments = _peru_departments()
        self._countries: dict[str, str] = {}
        self._names = self._country_names()

    @staticmethod
    def _country_names() -> dict[str, str]:
        text = resources.files("centinela.coding").joinpath("data", "countries.csv").read_text("utf-8")
        names: dict[str, str] = {}
        for row in csv.DictReader(io.StringIO(text)):
            for column in ("es", "pt", "en"):
                for name in row[column].split("|"):
                    if name.strip():
                        names[fold(name.strip())] = row["alpha2"]
        return names

    def country(self, value: str) -> str:
        """ISO alpha-2 for an alpha-2, alpha-3 or numeric code or an English/Spanish name; '' if unknown."""
        value = value.strip()
        if not value or value.upper() in ("NA", "NONE", "NULL"):
            return ""
        if value not in self._countries:
            self._countries[value] = self._resolve(value)
        return self._countries[value]

    def _resolve(self, value: str) -> str:
        found = None
        if value.isdigit():
            found = pycountry.countries.get(numeric=value.zfill(3))
        elif len(value) == 3 and value.isalpha() and value.isupper():
            found = pycountry.countries.get(alpha_3=value)
        elif len(value) == 2 and value.isalpha() and value.isupper():
            found = pycountry.countries.get(alpha_2=value)
        if found is not None:
            return str(found.alpha_2)
        named = self._names.get(fold(value))
        if named:
            return named
        try:
            return str(pycountry.countries.lookup(value).alpha_2)
        except LookupError:
            return ""

    def fips_country(self, fips: str, full_name: str = "") -> str:
        """ISO alpha-2 for a GDELT FIPS country code, else from the last part of its place name."""
        iso = FIPS_TO_ISO.get(fips.strip().upper())
        if iso:
            return iso
        return self.country(full_name.rsplit(",", 1)[-1]) if full_name else ""

    def peru_fips_region(self, adm1: str) -> str:
        """ISO 3166-2 of a Peruvian department from a GDELT ADM1 code ("PE15" -> "PE-LIM")."""
        adm1 = adm1.strip().upper()
        return self._numbers.get(adm1[2:4], "") if adm1.startswith("PE") and len(adm1) == 4 else ""

    def peru_region(self, name: str) -> str:
        """ISO 3166-2 of a Peruvian department from its name ("Cusco", "Lima Province" -> PE-LIM)."""
        folded = fold(name.strip())
        for suffix in (" region", " province", " department", " departamento"):
            folded = folded.removesuffix(suffix)
        return self._departments.get(folded.removeprefix("departamento de ").strip(), "")
