//! Writes `sample_data/census_with_problems.xlsx`: a census in the sample coalition's shape
//! with the mistakes real exports carry, to try the Import view's validation report.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Census")?;
    ws.write_string(
        0,
        0,
        "Riverbend Community Hospital — open enrollment census (HRIS export)",
    )?;
    let bold = Format::new().set_bold();
    let headers = [
        "Employee ID",
        "Employer",
        "Medical Plan",
        "Coverage Level",
        "Date of Birth",
        "Gender",
        "ZIP Code",
        "Hire Date",
        "Annual Salary",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
        ws.set_column_width(c as u16, 18)?;
    }
    let rows: [[&str; 9]; 12] = [
        [
            "0041001",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE",
            "03/14/1978",
            "F",
            "56301",
            "06/01/2012",
            "$71,400.00",
        ],
        [
            "0041002",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE+SP",
            "11/02/1969",
            "M",
            "56303",
            "01/15/2004",
            "$88,250.00",
        ],
        [
            "0041003",
            "Riverbend Community Hospital",
            "BCH-PPO1500",
            "Family",
            "07/22/1985",
            "F",
            "56304",
            "09/01/2019",
            "$64,900.00",
        ],
        [
            "0041004",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE+CH",
            "N/A",
            "F",
            "56301",
            "03/03/2021",
            "$52,300.00",
        ],
        [
            "0041005",
            "Riverbend Community Hospital",
            "BCH-PPO1500",
            "EE + Dog",
            "05/30/1990",
            "M",
            "56307",
            "02/12/2018",
            "$59,100.00",
        ],
        [
            "0041006",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE",
            "02/30/1982",
            "M",
            "56301",
            "08/19/2015",
            "$66,000.00",
        ],
        [
            "0041007",
            "Riverbend Community Hospital",
            "GOLD-PLUS",
            "EE",
            "12/12/1975",
            "F",
            "56302",
            "04/01/2001",
            "$91,700.00",
        ],
        [
            "0041008",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "FAM",
            "09/09/1988",
            "F",
            "56301",
            "12/31/9999",
            "$58,800.00",
        ],
        [
            "0041009",
            "Riverbend Community Hospital",
            "BCH-PPO1500",
            "ES",
            "01/05/1993",
            "M",
            "56305",
            "07/07/2020",
            "sixty thousand",
        ],
        [
            "",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE",
            "04/18/1979",
            "F",
            "56306",
            "10/10/2010",
            "$73,200.00",
        ],
        [
            "0041011",
            "Riverbend Community Hospital",
            "SHP-ACO500",
            "EE",
            "06/06/1966",
            "M",
            "56301",
            "05/05/1999",
            "(1,250.00)",
        ],
        [
            "0041012",
            "Riverbend Community Hospital",
            "",
            "EE",
            "08/08/1999",
            "F",
            "56301",
            "09/09/2023",
            "$41,600.00",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 3, c as u16, *v)?;
        }
    }
    ws.write_string(15, 0, "Total")?;
    ws.write_string(15, 8, "$787,250.00")?;
    wb.save("sample_data/census_with_problems.xlsx")
}
