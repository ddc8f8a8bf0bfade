//! Hostile inputs: every case is built here (or is one of calamine's own hostile files), imported
//! by the real command line in a child process, and must end as asserted: imported, or refused
//! with exit code 2 and a message naming the file and the problem. Never a panic or a signal,
//! never a changed workspace on refusal, and a peak memory (the child's maximum resident set)
//! under 1 GiB. The table of outcomes is written to target/hostile-inputs.md.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const GIB_KB: i64 = 1024 * 1024;

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Imported, with at least this many rows.
    Imported(usize),
    /// Refused (exit 2); the message holds the file name and this phrase.
    Refused(&'static str),
}

struct Case {
    name: &'static str,
    /// Builds the file in the folder and returns its path.
    build: fn(&Path) -> PathBuf,
    kind: Option<&'static str>,
    expect: Expect,
}

// ---------------------------------------------------------------------------------------------
// Building files

const PLANS_CSV: &str = "Plan Code,Plan Name,Deductible\nP1,Alpha,1000\nP2,Beta,2000\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in data {
        crc ^= *b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip of stored entries written by hand, so names may repeat.
fn stored_zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let head = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(0u32.to_le_bytes()); // time and date
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(head(0x0403_4b50, false));
        out.extend(data);
        central.extend(head(0x0201_4b50, true));
    }
    let dir_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(dir_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A deflated zip (through the zip crate) of the given parts.
fn deflated_zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn workbook_xml(sheets: usize) -> String {
    let list: String = (1..=sheets)
        .map(|i| format!(r#"<sheet name="Sheet{i}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{list}</sheets></workbook>"#
    )
}

fn workbook_rels(sheets: usize, extra: &str) -> String {
    let list: String = (1..=sheets)
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{list}{extra}</Relationships>"#
    )
}

fn inline(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// Sheet XML with a `<dimension>` and rows of inline-string cells.
fn sheet_xml(dimension: &str, rows: &[(u32, Vec<(&str, String)>)]) -> String {
    let body: String = rows
        .iter()
        .map(|(n, cells)| {
            let cs: String = cells.iter().map(|(r, t)| inline(r, t)).collect();
            format!(r#"<row r="{n}">{cs}</row>"#)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>"#
    )
}

fn plans_sheet() -> String {
    sheet_xml(
        "A1:B3",
        &[
            (
                1,
                vec![("A1", "Plan Code".into()), ("B1", "Plan Name".into())],
            ),
            (2, vec![("A2", "P1".into()), ("B2", "Alpha".into())]),
            (3, vec![("A3", "P2".into()), ("B3", "Beta".into())]),
        ],
    )
}

/// An xlsx with one sheet and any extra parts.
fn xlsx_parts(sheet: String, extra: Vec<(&'static str, Vec<u8>)>) -> Vec<(&'static str, Vec<u8>)> {
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", workbook_xml(1).into_bytes()),
        (
            "xl/_rels/workbook.xml.rels",
            workbook_rels(1, "").into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ];
    parts.extend(extra);
    parts
}

fn xlsx(dir: &Path, name: &str, sheet: String) -> PathBuf {
    write(dir, name, &deflated_zip(&xlsx_parts(sheet, Vec::new())))
}

// ---------------------------------------------------------------------------------------------
// The cases' files

fn valid_xlsx(d: &Path) -> PathBuf {
    xlsx(d, "valid.xlsx", plans_sheet())
}

fn zip_bomb(d: &Path) -> PathBuf {
    let mut parts = xlsx_parts(plans_sheet(), Vec::new());
    parts.push(("xl/media/padding.bin", vec![0u8; 60_000_000]));
    write(d, "bomb.xlsx", &deflated_zip(&parts))
}

fn huge_dimension(d: &Path) -> PathBuf {
    let sheet = sheet_xml(
        "A1:XFD1048576",
        &[
            (1, vec![("A1", "Provider Name".into())]),
            (2, vec![("A2", "Mercy Clinic".into())]),
            (3, vec![("A3", "St Luke".into())]),
        ],
    );
    xlsx(d, "dimension.xlsx", sheet)
}

fn shared_strings_100mb(d: &Path) -> PathBuf {
    // 100 MB of distinct strings (a hash-like sequence compresses only a few times).
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while sst.len() < 100_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let _ = write!(sst, "<si><t>{x:016x}{:016x}</t></si>", x.rotate_left(17));
    }
    sst.push_str("</sst>");
    let sheet = plans_sheet();
    let ct = CONTENT_TYPES.replace(
        "</Types>",
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    let parts = vec![
        ("[Content_Types].xml", ct.into_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml", workbook_xml(1).into_bytes()),
        (
            "xl/_rels/workbook.xml.rels",
            workbook_rels(1, r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#).into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
    ];
    write(d, "sst.xlsx", &deflated_zip(&parts))
}

fn long_cell(d: &Path) -> PathBuf {
    let name = "N".repeat(32_767);
    let sheet = sheet_xml(
        "A1:B2",
        &[
            (
                1,
                vec![("A1", "Plan Code".into()), ("B1", "Plan Name".into())],
            ),
            (2, vec![("A2", "P1".into()), ("B2", name)]),
        ],
    );
    xlsx(d, "longcell.xlsx", sheet)
}

fn ten_thousand_sheets(d: &Path) -> PathBuf {
    let n = 10_000;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            CONTENT_TYPES.as_bytes().to_vec(),
        ),
        ("_rels/.rels".into(), ROOT_RELS.as_bytes().to_vec()),
        ("xl/workbook.xml".into(), workbook_xml(n).into_bytes()),
        (
            "xl/_rels/workbook.xml.rels".into(),
            workbook_rels(n, "").into_bytes(),
        ),
    ];
    for i in 1..=n {
        parts.push((
            format!("xl/worksheets/sheet{i}.xml"),
            plans_sheet().into_bytes(),
        ));
    }
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
    write(d, "sheets.xlsx", &deflated_zip(&refs))
}

fn malformed_xml(d: &Path) -> PathBuf {
    xlsx(
        d,
        "malformed.xlsx",
        r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Plan"#.into(),
    )
}

fn truncated_xml(d: &Path) -> PathBuf {
    let s = plans_sheet();
    xlsx(d, "truncxml.xlsx", s[..s.len() / 2].to_string())
}

fn truncated_zip(d: &Path) -> PathBuf {
    let bytes = deflated_zip(&xlsx_parts(plans_sheet(), Vec::new()));
    write(d, "truncated.xlsx", &bytes[..bytes.len() * 6 / 10])
}

fn duplicate_entries(d: &Path) -> PathBuf {
    let mut parts = xlsx_parts(plans_sheet(), Vec::new());
    parts.push((
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData/></worksheet>".to_vec(),
    ));
    write(d, "duplicate.xlsx", &stored_zip(&parts))
}

fn encrypted(d: &Path) -> PathBuf {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(vec![0u8; 504]);
    for c in "EncryptionInfo".encode_utf16() {
        bytes.extend(c.to_le_bytes());
    }
    bytes.extend(vec![0u8; 2048]);
    write(d, "encrypted.xlsx", &bytes)
}

fn macro_workbook(d: &Path) -> PathBuf {
    let ct = CONTENT_TYPES
        .replace("sheet.main+xml", "sheet.main+xml\"/><Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject")
        .replace("spreadsheetml.sheet.main", "ms-excel.sheet.macroEnabled.main");
    let mut parts = xlsx_parts(
        plans_sheet(),
        vec![(
            "xl/vbaProject.bin",
            b"Attribute VB_Name = \"Evil\"\nSub Auto_Open()\nShell \"calc.exe\"\nEnd Sub".to_vec(),
        )],
    );
    parts[0] = ("[Content_Types].xml", ct.into_bytes());
    write(d, "macros.xlsm", &deflated_zip(&parts))
}

fn external_link(d: &Path) -> PathBuf {
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Plan Code</t></is></c><c r="B1" t="inlineStr"><is><t>Plan Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>P1</t></is></c><c r="B2" t="str"><f>[1]Sheet1!A1</f><v>Alpha</v></c></row></sheetData></worksheet>"#;
    let link = r#"<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>"#;
    let link_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="http://evil.example/book.xlsx" TargetMode="External"/></Relationships>"#;
    let parts = xlsx_parts(
        sheet.into(),
        vec![
            (
                "xl/externalLinks/externalLink1.xml",
                link.as_bytes().to_vec(),
            ),
            (
                "xl/externalLinks/_rels/externalLink1.xml.rels",
                link_rels.as_bytes().to_vec(),
            ),
        ],
    );
    write(d, "links.xlsx", &deflated_zip(&parts))
}

fn csv_long_line(d: &Path) -> PathBuf {
    let name = "x".repeat(1_000_000);
    write(
        d,
        "longline.csv",
        format!("Plan Code,Plan Name\nP1,{name}\n").as_bytes(),
    )
}

/// A 50 MB line of 25 million fields: refused within a second, not split first.
fn csv_millions_of_fields(d: &Path) -> PathBuf {
    let mut text = String::from("Plan Code,Plan Name\n");
    text.push_str(&"x,".repeat(25_000_000));
    text.push_str("x\nP1,One\n");
    write(d, "fields.csv", text.as_bytes())
}

fn csv_nul(d: &Path) -> PathBuf {
    let mut b = PLANS_CSV.as_bytes().to_vec();
    b.extend([0u8; 64]);
    write(d, "nul.csv", &b)
}

fn csv_few_nul(d: &Path) -> PathBuf {
    write(
        d,
        "fewnul.csv",
        b"Plan Code,Plan Name\nP1,Al\0pha\nP2,Beta\n",
    )
}

fn csv_mixed_endings(d: &Path) -> PathBuf {
    write(
        d,
        "endings.csv",
        b"Plan Code,Plan Name\r\nP1,Alpha\nP2,Beta\rP3,Gamma\r\n",
    )
}

fn csv_bom(d: &Path) -> PathBuf {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend(PLANS_CSV.as_bytes());
    write(d, "bom.csv", &b)
}

fn csv_double_bom(d: &Path) -> PathBuf {
    let mut b = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
    b.extend(PLANS_CSV.as_bytes());
    write(d, "bom2.csv", &b)
}

fn utf16(d: &Path, name: &str, le: bool) -> PathBuf {
    let mut b = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in PLANS_CSV.encode_utf16() {
        b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    write(d, name, &b)
}

fn csv_utf16le(d: &Path) -> PathBuf {
    utf16(d, "utf16le.csv", true)
}

fn csv_utf16be(d: &Path) -> PathBuf {
    utf16(d, "utf16be.csv", false)
}

fn sparse_4gb(d: &Path) -> PathBuf {
    let path = d.join("sparse.csv");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(4 * 1024 * 1024 * 1024).unwrap();
    path
}

fn empty(d: &Path) -> PathBuf {
    write(d, "empty.csv", b"")
}

fn header_only(d: &Path) -> PathBuf {
    write(d, "header.csv", b"Plan Code,Plan Name\n")
}

fn pdf_named_xlsx(d: &Path) -> PathBuf {
    write(
        d,
        "report.xlsx",
        b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    )
}

fn png_named_xls(d: &Path) -> PathBuf {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend([0u8; 64]);
    write(d, "image.xls", &b)
}

fn html_named_xls(d: &Path) -> PathBuf {
    write(d, "export.xls", b"<html><body><table><tr><td>Plan Code</td><td>Plan Name</td></tr><tr><td>P1</td><td>Alpha</td></tr></table></body></html>")
}

fn wide_csv(d: &Path) -> PathBuf {
    let head: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    write(
        d,
        "wide.csv",
        format!("Plan Code,Plan Name,{}\nP1,Alpha\n", head.join(",")).as_bytes(),
    )
}

fn unbalanced_quote(d: &Path) -> PathBuf {
    write(
        d,
        "quote.csv",
        b"Plan Code,Plan Name\nP1,\"Alpha\nP2,Beta\n",
    )
}

fn blank_lines(d: &Path) -> PathBuf {
    write(d, "blank.csv", b"\n\n\n,,,\n\n")
}

fn missing_workbook_part(d: &Path) -> PathBuf {
    let mut parts = xlsx_parts(plans_sheet(), Vec::new());
    parts.retain(|(n, _)| *n != "xl/workbook.xml");
    write(d, "noworkbook.xlsx", &deflated_zip(&parts))
}

fn missing_sheet_part(d: &Path) -> PathBuf {
    let mut parts = xlsx_parts(plans_sheet(), Vec::new());
    parts.retain(|(n, _)| *n != "xl/worksheets/sheet1.xml");
    write(d, "nosheet.xlsx", &deflated_zip(&parts))
}

fn last_row(d: &Path) -> PathBuf {
    let sheet = sheet_xml(
        "A1:B1048576",
        &[
            (
                1,
                vec![("A1", "Plan Code".into()), ("B1", "Plan Name".into())],
            ),
            (
                1_048_576,
                vec![("A1048576", "P1".into()), ("B1048576", "Alpha".into())],
            ),
        ],
    );
    xlsx(d, "lastrow.xlsx", sheet)
}

fn bad_cell_reference(d: &Path) -> PathBuf {
    let sheet = sheet_xml(
        "A1:B2",
        &[
            (
                1,
                vec![("A1", "Plan Code".into()), ("B1", "Plan Name".into())],
            ),
            (2, vec![("ZZZZZ0", "P1".into()), ("B2", "Alpha".into())]),
        ],
    );
    xlsx(d, "badref.xlsx", sheet)
}

fn deep_nesting(d: &Path) -> PathBuf {
    let open = "<x>".repeat(100_000);
    let close = "</x>".repeat(100_000);
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Plan Code</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is>{open}{close}</is></c></row></sheetData></worksheet>"#
    );
    xlsx(d, "deep.xlsx", sheet)
}

fn billion_laughs(d: &Path) -> PathBuf {
    let mut dtd = String::from(r#"<!DOCTYPE lolz [<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        let _ = write!(
            dtd,
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&{prev};").repeat(10)
        );
    }
    dtd.push_str("]>");
    let sheet = format!(
        r#"<?xml version="1.0"?>{dtd}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Plan Code</t></is></c><c r="B1" t="inlineStr"><is><t>Plan Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>P1</t></is></c><c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"#
    );
    xlsx(d, "laughs.xlsx", sheet)
}

fn extreme_numbers(d: &Path) -> PathBuf {
    write(
        d,
        "numbers.csv",
        b"Plan Code,Plan Name,Deductible\nP1,Alpha,1e308\nP2,Beta,NaN\nP3,Gamma,-inf\n",
    )
}

fn directory(d: &Path) -> PathBuf {
    let p = d.join("folder.csv");
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn nonexistent(d: &Path) -> PathBuf {
    d.join("missing.csv")
}

fn workspace_file(d: &Path) -> PathBuf {
    let p = d.join("other.adesk");
    alliance_desk::store::Workspace::create(&p).unwrap();
    p
}

fn formula_text(d: &Path) -> PathBuf {
    write(
        d,
        "formulas.csv",
        b"Plan Code,Plan Name\nP1,=HYPERLINK(\"http://evil.example\")\nP2,@SUM(A1)\n",
    )
}

fn huge_repeat_ods(d: &Path) -> PathBuf {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let parts = vec![
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("content.xml", content.as_bytes().to_vec()),
        ("META-INF/manifest.xml", br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#.to_vec()),
    ];
    write(d, "repeat.ods", &stored_zip(&parts))
}

fn random_bytes(d: &Path) -> PathBuf {
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    write(d, "noise.xlsx", &bytes)
}

fn fixture(name: &'static str) -> fn(&Path) -> PathBuf {
    macro_rules! f {
        ($n:literal) => {
            |_d: &Path| {
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/data/hostile")
                    .join($n)
            }
        };
    }
    match name {
        "OOM_alloc.xls" => f!("OOM_alloc.xls"),
        "OOM_alloc2.xls" => f!("OOM_alloc2.xls"),
        "OOM_alloc3.xls" => f!("OOM_alloc3.xls"),
        "issue252.xlsx" => f!("issue252.xlsx"),
        "issue_594_dos.ods" => f!("issue_594_dos.ods"),
        "pass_protected.xlsx" => f!("pass_protected.xlsx"),
        "pass_protected.xlsb" => f!("pass_protected.xlsb"),
        _ => f!("pass_protected.ods"),
    }
}

fn oldcost(_d: &Path) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus/health/cms_qhp_puf_delancey314/oldcost.xlsx")
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let c = |name, build, kind, expect| Case {
        name,
        build,
        kind,
        expect,
    };
    vec![
        c(
            "valid minimal xlsx (control)",
            valid_xlsx as fn(&Path) -> PathBuf,
            None,
            Imported(2),
        ),
        c(
            "zip bomb (60 MB of zeros, 1000:1)",
            zip_bomb,
            None,
            Refused("zip bomb"),
        ),
        c(
            "declared A1:XFD1048576, three cells",
            huge_dimension,
            Some("providers"),
            Imported(2),
        ),
        c(
            "100 MB shared-strings table",
            shared_strings_100mb,
            None,
            Imported(2),
        ),
        c("32,767-character cell", long_cell, None, Imported(1)),
        c(
            "10,000 sheets",
            ten_thousand_sheets,
            None,
            Refused("zip bomb"),
        ),
        c("malformed sheet XML", malformed_xml, None, Refused("")),
        c("truncated sheet XML", truncated_xml, None, Refused("")),
        c(
            "truncated zip",
            truncated_zip,
            None,
            Refused("damaged or truncated"),
        ),
        c(
            "duplicate zip entries",
            duplicate_entries,
            None,
            Refused(""),
        ),
        c(
            "encrypted workbook",
            encrypted,
            None,
            Refused("password-protected"),
        ),
        c(
            "macro workbook (xlsm, never run)",
            macro_workbook,
            None,
            Imported(2),
        ),
        c(
            "external links (cached values only)",
            external_link,
            None,
            Imported(1),
        ),
        c("csv with a 1 MB line", csv_long_line, None, Imported(1)),
        c(
            "csv with a 50 MB line of 25 million fields",
            csv_millions_of_fields,
            None,
            Refused("over the limit of 1,000,000 for one line"),
        ),
        c("csv full of NUL bytes", csv_nul, None, Refused("")),
        c(
            "csv with a NUL inside a value",
            csv_few_nul,
            None,
            Imported(2),
        ),
        c(
            "csv with mixed line endings",
            csv_mixed_endings,
            None,
            Imported(3),
        ),
        c("csv with a UTF-8 BOM", csv_bom, None, Imported(2)),
        c("csv with two UTF-8 BOMs", csv_double_bom, None, Imported(2)),
        c("csv in UTF-16 LE", csv_utf16le, None, Imported(2)),
        c("csv in UTF-16 BE", csv_utf16be, None, Imported(2)),
        c("4 GB sparse file", sparse_4gb, None, Refused("limit")),
        c("empty file", empty, None, Refused("empty")),
        c("header only", header_only, None, Refused("no data rows")),
        c("PDF named .xlsx", pdf_named_xlsx, None, Refused("PDF")),
        c("PNG named .xls", png_named_xls, None, Refused("")),
        c(
            "HTML table named .xls",
            html_named_xls,
            None,
            Refused("web page"),
        ),
        c("csv with 100,000 columns", wide_csv, None, Imported(1)),
        c(
            "csv with an unbalanced quote",
            unbalanced_quote,
            None,
            Refused("never closed"),
        ),
        c("csv of blank lines", blank_lines, None, Refused("")),
        c(
            "xlsx without workbook.xml",
            missing_workbook_part,
            None,
            Refused(""),
        ),
        c(
            "xlsx without its sheet part",
            missing_sheet_part,
            None,
            Refused(""),
        ),
        c("data on row 1,048,576", last_row, None, Imported(1)),
        c(
            "invalid cell reference",
            bad_cell_reference,
            None,
            Refused(""),
        ),
        c(
            "100,000 nested XML tags",
            deep_nesting,
            Some("plans"),
            Refused(""),
        ),
        c(
            "billion laughs entities (never expanded)",
            billion_laughs,
            None,
            Refused("entity"),
        ),
        c(
            "1e308, NaN and -inf amounts",
            extreme_numbers,
            None,
            Refused("row"),
        ),
        c("a folder named .csv", directory, None, Refused("")),
        c(
            "a path that does not exist",
            nonexistent,
            None,
            Refused("no such file"),
        ),
        c(
            "a workspace file given to import",
            workspace_file,
            None,
            Refused("workspace"),
        ),
        c(
            "formula-like text kept as text",
            formula_text,
            None,
            Imported(2),
        ),
        c(
            "ods repeating 16 trillion cells",
            huge_repeat_ods,
            None,
            Refused(""),
        ),
        c(
            "100 KB of random bytes named .xlsx",
            random_bytes,
            None,
            Refused(""),
        ),
        c(
            "calamine OOM_alloc.xls",
            fixture("OOM_alloc.xls"),
            None,
            Refused(""),
        ),
        c(
            "calamine OOM_alloc2.xls",
            fixture("OOM_alloc2.xls"),
            None,
            Refused(""),
        ),
        c(
            "calamine OOM_alloc3.xls",
            fixture("OOM_alloc3.xls"),
            None,
            Refused(""),
        ),
        c(
            "calamine issue252.xlsx",
            fixture("issue252.xlsx"),
            None,
            Refused(""),
        ),
        c(
            "calamine issue_594_dos.ods",
            fixture("issue_594_dos.ods"),
            None,
            Refused(""),
        ),
        c(
            "calamine pass_protected.xlsx",
            fixture("pass_protected.xlsx"),
            None,
            Refused("password-protected"),
        ),
        c(
            "calamine pass_protected.xlsb",
            fixture("pass_protected.xlsb"),
            None,
            Refused(""),
        ),
        c(
            "calamine pass_protected.ods",
            fixture("pass_protected.ods"),
            None,
            Refused(""),
        ),
        c(
            "CMS oldcost.xlsx (A2:XFD33 dimension)",
            oldcost,
            None,
            Refused(""),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running a case

struct Outcome {
    code: Option<i32>,
    signal: bool,
    stdout: String,
    stderr: String,
    peak_rss_kb: i64,
}

/// Runs the CLI import in a child and reads its peak resident set from wait4.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by libc::wait4"
)]
fn run_import(workspace: &Path, file: &Path, kind: Option<&str>) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_alliance-desk"));
    cmd.arg("--workspace")
        .arg(workspace)
        .arg("import")
        .arg(file);
    cmd.args(["--format", "json"]);
    cmd.env("ALLIANCE_DESK_REPORT_PEAK_RSS", "1");
    if let Some(k) = kind {
        cmd.args(["--kind", k]);
    }
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    cmd.stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()));
    let child = cmd.spawn().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; status and usage are valid out-pointers.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let exited = libc::WIFEXITED(status);
    Outcome {
        code: exited.then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err).unwrap_or_default(),
        // The child's own high-water mark; wait4's figure also counts what it inherited from
        // this (large) test process at fork, so it is only the fallback.
        peak_rss_kb: std::fs::read_to_string(&err)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("peak_rss_kb="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(usage.ru_maxrss),
    }
}

fn fingerprint(path: &Path) -> String {
    alliance_desk::store::Workspace::open(path)
        .unwrap()
        .data_fingerprint()
        .unwrap()
}

#[test]
fn every_hostile_input_is_imported_or_refused_clearly_within_a_gibibyte() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.adesk");
    alliance_desk::store::Workspace::create(&base).unwrap();
    let mut report = String::from("| case | outcome | peak RSS |\n|---|---|---|\n");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases() {
        let file = (case.build)(dir.path());
        ran += 1;
        let ws = dir.path().join(format!("ws-{ran}.adesk"));
        std::fs::copy(&base, &ws).unwrap();
        let before = fingerprint(&ws);
        let o = run_import(&ws, &file, case.kind);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let first_line = o
            .stderr
            .lines()
            .find(|l| !l.starts_with("peak_rss_kb="))
            .unwrap_or("")
            .to_string();
        let outcome = match (o.code, case.expect) {
            (Some(0), Expect::Imported(min)) => {
                let json: serde_json::Value = serde_json::from_str(&o.stdout).unwrap_or_default();
                let rows = json["rows_imported"].as_u64().unwrap_or(0) as usize;
                if rows < min {
                    failures.push(format!(
                        "{}: imported {rows} rows, expected {min}+",
                        case.name
                    ));
                }
                format!("imported {rows} rows")
            }
            (Some(2), Expect::Refused(phrase)) => {
                if !o.stderr.contains(&name) && !o.stderr.contains(&file.display().to_string()) {
                    failures.push(format!(
                        "{}: the message does not name the file: {first_line}",
                        case.name
                    ));
                }
                if !o.stderr.contains(phrase) {
                    failures.push(format!("{}: '{phrase}' not in: {first_line}", case.name));
                }
                if fingerprint(&ws) != before {
                    failures.push(format!(
                        "{}: a refused import changed the workspace",
                        case.name
                    ));
                }
                let shown = first_line
                    .replace(&dir.path().display().to_string(), "…")
                    .replace('|', "/");
                format!("refused: {}", shown.trim_start_matches("error: "))
            }
            (code, expect) => {
                failures.push(format!(
                    "{}: expected {expect:?}, got exit {code:?} (signal: {}): {}",
                    case.name, o.signal, first_line
                ));
                format!("UNEXPECTED exit {code:?}")
            }
        };
        if o.peak_rss_kb >= GIB_KB {
            failures.push(format!(
                "{}: peak RSS {} MB",
                case.name,
                o.peak_rss_kb / 1024
            ));
        }
        let _ = writeln!(
            report,
            "| {} | {} | {} MB |",
            case.name,
            outcome,
            o.peak_rss_kb / 1024
        );
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/hostile-inputs.md");
    let _ = std::fs::write(&out, &report);
    eprintln!("{report}");
    assert!(ran >= 40, "{ran} cases ran");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
