#!/usr/bin/env python3
"""Writes the compact Medicare reference tables Alliance Desk embeds, from CMS's files as staged
in ../shared/data/medicare (see PROVENANCE.md there and here). Codes and numbers only: no CPT or
CDT descriptor text (AMA / ADA copyright). Deterministic; run from this folder:

    python3 make_tables.py ../../../shared/data/medicare
"""
import csv
import io
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "../../../shared/data/medicare")
OUT = Path(__file__).resolve().parent

FIPS_TO_USPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "72": "PR",
}


def write(name, header, rows):
    with open(OUT / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def pfs():
    rows = list(csv.reader(open(SRC / "PPRRVU2025_Oct.csv", encoding="latin-1", newline="")))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "HCPCS") + 1
    out = []
    for r in rows[start:]:
        if not r or not r[0]:
            continue
        # HCPCS, modifier, status, work, PE non-facility, PE facility, MP, NA indicators.
        out.append([r[0], r[1], r[3], r[5], r[6], r[8], r[10], r[7].strip(), r[9].strip()])
    write("pfs_rvu_2025.csv",
          ["hcpcs", "modifier", "status", "work_rvu", "pe_nonfacility_rvu", "pe_facility_rvu",
           "mp_rvu", "nonfacility_na", "facility_na"], out)


def gpci():
    out = []
    for r in csv.reader(open(SRC / "GPCI2025.csv", encoding="latin-1", newline="")):
        if len(r) >= 7 and len(r[1]) == 2 and r[2].isdigit():
            out.append([r[1], r[2], r[3].strip(), r[4], r[5], r[6]])
    write("gpci_2025.csv", ["state", "locality", "locality_name", "work", "pe", "mp"], out)


def opps():
    f = io.open(SRC / "2025_NFRM_Addendum_B.11122024.txt", encoding="latin-1", newline="")
    rows = list(csv.reader(f, delimiter="\t"))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "HCPCS Code") + 1
    out = []
    for r in rows[start:]:
        if not r or not r[0]:
            continue
        rate = r[6].replace("$", "").replace(",", "").strip() if len(r) > 6 else ""
        out.append([r[0].strip(), r[3].strip(), r[4].strip(), r[5].strip(), rate])
    write("opps_addendum_b_2025.csv", ["hcpcs", "status_indicator", "apc", "relative_weight",
                                       "payment_rate"], out)


def inpatient():
    path = SRC / "inpatient" / "MUP_IHP_RY23_P03_V10_DY21_GEO.CSV"
    out = []
    for r in csv.DictReader(open(path, encoding="latin-1", newline="")):
        if r["Rndrng_Prvdr_Geo_Lvl"] == "National":
            geo = "US"
        else:
            geo = FIPS_TO_USPS.get(r["Rndrng_Prvdr_Geo_Cd"].zfill(2))
            if geo is None:
                continue
        title = r["DRG_Desc"] if geo == "US" else ""  # once per DRG, on its national row
        out.append([geo, r["DRG_Cd"], r["Tot_Dschrgs"], r["Avg_Tot_Pymt_Amt"], title])
    write("ipps_average_payment_dy2021.csv",
          ["state", "ms_drg", "discharges", "average_total_payment", "ms_drg_title"], out)


def weights():
    out = []
    for r in csv.DictReader(open(SRC / "ipps_pricer_fy2021" / "DRGSX211_fy2021_drg_weights.csv",
                                 encoding="latin-1", newline="")):
        out.append([r["MS_DRG"], r["DRG_WEIGHT"]])
    write("ms_drg_weights_fy2021.csv", ["ms_drg", "weight"], out)


def wage_index():
    latest = {}
    for r in csv.DictReader(open(SRC / "ipps_pricer_fy2021" / "CBSA212_wage_index.csv",
                                 encoding="latin-1", newline="")):
        if r["EFF_DATE"] == "20201001":
            latest[r["CBSA"].strip()] = [r["CBSA"].strip(), r["WAGE_INDX1"], r["NAME"].strip()]
    write("wage_index_fy2021.csv", ["cbsa", "wage_index", "name"], list(latest.values()))


if __name__ == "__main__":
    pfs()
    gpci()
    opps()
    inpatient()
    weights()
    wage_index()
