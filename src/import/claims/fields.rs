//! The fields of medical and pharmacy claim files, in the Tuva Project's input layout
//! (`medical_claim`, `pharmacy_claim`) with the spellings of common TPA and carrier exports,
//! and the mapping of a file's columns to them.

use crate::import::mapping::normalise;

/// Which claims a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimFile {
    Medical,
    Pharmacy,
}

impl ClaimFile {
    /// The kind name (`import --kind`) and the batch's kind.
    pub fn code(self) -> &'static str {
        match self {
            ClaimFile::Medical => "medical_claims",
            ClaimFile::Pharmacy => "pharmacy_claims",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClaimFile::Medical => "medical claim lines",
            ClaimFile::Pharmacy => "pharmacy claims",
        }
    }

    pub fn fields(self) -> &'static [ClaimField] {
        match self {
            ClaimFile::Medical => MEDICAL,
            ClaimFile::Pharmacy => PHARMACY,
        }
    }
}

/// One field and the header spellings that mean it, most specific first.
#[derive(Debug, Clone, Copy)]
pub struct ClaimField {
    pub name: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub synonyms: &'static [&'static str],
}

const fn f(
    name: &'static str,
    label: &'static str,
    required: bool,
    synonyms: &'static [&'static str],
) -> ClaimField {
    ClaimField {
        name,
        label,
        required,
        synonyms,
    }
}

const CLAIM_ID: ClaimField = f(
    "claim_id",
    "Claim ID",
    true,
    &[
        "claimid",
        "claimnumber",
        "claimno",
        "claim",
        "clmid",
        "icn",
        "claimcontrolnumber",
    ],
);
const MEMBER: ClaimField = f(
    "member_external_id",
    "Member ID",
    true,
    &[
        "memberid",
        "memberexternalid",
        "personid",
        "patientid",
        "subscriberid",
        "employeeid",
        "emplid",
        "eeid",
        "membernumber",
        "memberno",
        "enrolleeid",
    ],
);
const PURCHASER: ClaimField = f(
    "purchaser",
    "Purchaser",
    false,
    &[
        "purchaser",
        "employer",
        "employername",
        "group",
        "groupname",
        "client",
        "sponsor",
    ],
);
const ALLOWED: ClaimField = f(
    "allowed_amount",
    "Allowed ($)",
    true,
    &[
        "allowedamount",
        "allowed",
        "allowedamt",
        "eligibleamount",
        "totalallowed",
        "lineallowedamount",
    ],
);
const PAID: ClaimField = f(
    "paid_amount",
    "Paid ($)",
    false,
    &[
        "paidamount",
        "paid",
        "paidamt",
        "planpaid",
        "netpaid",
        "totalpaid",
        "linepaidamount",
    ],
);

const MEDICAL: &[ClaimField] = &[
    CLAIM_ID,
    f(
        "line_number",
        "Line",
        false,
        &[
            "claimlinenumber",
            "linenumber",
            "lineno",
            "line",
            "claimline",
        ],
    ),
    f(
        "claim_type",
        "Claim type",
        false,
        &["claimtype", "claimtypecode", "formtype", "claimform"],
    ),
    MEMBER,
    PURCHASER,
    f(
        "start_date",
        "Service date",
        true,
        &[
            "claimlinestartdate",
            "servicefromdate",
            "linefromdate",
            "claimstartdate",
            "servicedate",
            "dateofservice",
            "dos",
            "firstdateofservice",
            "fromdate",
            "startdate",
            "incurreddate",
        ],
    ),
    f(
        "end_date",
        "Service end date",
        false,
        &[
            "claimlineenddate",
            "servicetodate",
            "linetodate",
            "claimenddate",
            "lastdateofservice",
            "todate",
            "enddate",
        ],
    ),
    f(
        "admission_date",
        "Admission date",
        false,
        &["admissiondate", "admitdate", "dateofadmission"],
    ),
    f(
        "discharge_date",
        "Discharge date",
        false,
        &["dischargedate", "dateofdischarge"],
    ),
    f(
        "place_of_service",
        "Place of service",
        false,
        &["placeofservicecode", "placeofservice", "pos", "poscode"],
    ),
    f(
        "bill_type",
        "Bill type",
        false,
        &["billtypecode", "billtype", "typeofbill", "tob"],
    ),
    f(
        "revenue_code",
        "Revenue code",
        false,
        &[
            "revenuecentercode",
            "revenuecode",
            "revcode",
            "revenuecenter",
            "rev",
        ],
    ),
    f(
        "hcpcs_code",
        "HCPCS/CPT",
        false,
        &[
            "hcpcscode",
            "hcpcs",
            "cptcode",
            "cpt",
            "procedurecode",
            "proccode",
            "cpthcpcs",
            "servicecode",
        ],
    ),
    f(
        "drg_code",
        "DRG",
        false,
        &["drgcode", "msdrg", "msdrgcode", "drg"],
    ),
    f(
        "provider_npi",
        "Provider NPI",
        false,
        &[
            "providernpi",
            "facilitynpi",
            "renderingnpi",
            "billingnpi",
            "npi",
            "servicingnpi",
        ],
    ),
    ALLOWED,
    PAID,
];

const PHARMACY: &[ClaimField] = &[
    CLAIM_ID,
    MEMBER,
    PURCHASER,
    f(
        "fill_date",
        "Fill date",
        true,
        &[
            "dispensingdate",
            "filldate",
            "datefilled",
            "dispensedate",
            "servicedate",
            "dateofservice",
            "rxdate",
        ],
    ),
    f(
        "ndc_code",
        "NDC",
        false,
        &["ndccode", "ndc", "nationaldrugcode", "drugcode"],
    ),
    ALLOWED,
    PAID,
];

/// Which column of the file each field reads (`None`: not in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMap {
    pub file: ClaimFile,
    /// One entry per `file.fields()`, in their order.
    pub columns: Vec<Option<usize>>,
}

impl ColumnMap {
    /// Maps headers to fields: for each field, its most specific spelling present wins.
    pub fn from_headers(file: ClaimFile, headers: &[String]) -> ColumnMap {
        let normalized: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let columns = file
            .fields()
            .iter()
            .map(|field| {
                field
                    .synonyms
                    .iter()
                    .find_map(|s| normalized.iter().position(|h| h == s))
            })
            .collect();
        ColumnMap { file, columns }
    }

    /// The labels of required fields no column was found for.
    pub fn missing_required(&self) -> Vec<&'static str> {
        self.file
            .fields()
            .iter()
            .zip(&self.columns)
            .filter(|(f, c)| f.required && c.is_none())
            .map(|(f, _)| f.label)
            .collect()
    }

    /// The column of a field, by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        let i = self.file.fields().iter().position(|f| f.name == name)?;
        self.columns[i]
    }
}

impl ColumnMap {
    /// The mapping as saved for a header set: each field's column by its header.
    pub fn to_json(&self, headers: &[String]) -> String {
        let columns: serde_json::Map<String, serde_json::Value> = self
            .file
            .fields()
            .iter()
            .zip(&self.columns)
            .filter_map(|(f, c)| Some((f.name.to_string(), headers.get((*c)?)?.clone().into())))
            .collect();
        serde_json::json!({ "kind": self.file.code(), "columns": columns }).to_string()
    }

    /// A saved mapping read back against `headers`; `None` when it is not a claims mapping of
    /// `file` or names a header the file lacks.
    pub fn from_json(file: ClaimFile, json: &str, headers: &[String]) -> Option<ColumnMap> {
        let v: serde_json::Value = serde_json::from_str(json).ok()?;
        if v["kind"] != file.code() {
            return None;
        }
        let mut columns = Vec::new();
        for f in file.fields() {
            columns.push(match v["columns"][f.name].as_str() {
                Some(h) => Some(headers.iter().position(|x| x == h)?),
                None => None,
            });
        }
        Some(ColumnMap { file, columns })
    }

    /// Sets a field's column by the field's name and the column's header (empty: no column);
    /// an error names what was not found.
    pub fn set(&mut self, field: &str, header: &str, headers: &[String]) -> Result<(), String> {
        let i = self
            .file
            .fields()
            .iter()
            .position(|f| f.name == field)
            .ok_or_else(|| {
                let names: Vec<&str> = self.file.fields().iter().map(|f| f.name).collect();
                format!(
                    "no field '{field}' in {} (fields: {})",
                    self.file.label(),
                    names.join(", ")
                )
            })?;
        if header.trim().is_empty() {
            self.columns[i] = None;
            return Ok(());
        }
        // An exact header first, then one that differs in case or spaces.
        let col = headers
            .iter()
            .position(|h| h == header)
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
            })
            .ok_or_else(|| format!("no column '{header}' (columns: {})", headers.join(", ")))?;
        self.columns[i] = Some(col);
        Ok(())
    }
}

/// What a header row holds: medical lines, pharmacy claims, or neither.
pub fn recognise(headers: &[String]) -> Option<ClaimFile> {
    let medical = ColumnMap::from_headers(ClaimFile::Medical, headers);
    let pharmacy = ColumnMap::from_headers(ClaimFile::Pharmacy, headers);
    let codes = [
        "claim_type",
        "bill_type",
        "revenue_code",
        "hcpcs_code",
        "place_of_service",
    ];
    let has_code = codes.iter().any(|c| medical.column(c).is_some());
    if pharmacy.missing_required().is_empty() && pharmacy.column("ndc_code").is_some() && !has_code
    {
        return Some(ClaimFile::Pharmacy);
    }
    (medical.missing_required().is_empty() && has_code).then_some(ClaimFile::Medical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &str) -> Vec<String> {
        list.split(',').map(str::to_string).collect()
    }

    #[test]
    fn tuva_medical_claim_headers_are_medical_lines() {
        let h = headers(
            "claim_id,claim_line_number,claim_type,person_id,member_id,payer,plan,claim_start_date,claim_end_date,claim_line_start_date,claim_line_end_date,admission_date,discharge_date,place_of_service_code,bill_type_code,drg_code,revenue_center_code,hcpcs_code,rendering_npi,facility_npi,paid_amount,allowed_amount",
        );
        assert_eq!(recognise(&h), Some(ClaimFile::Medical));
        let map = ColumnMap::from_headers(ClaimFile::Medical, &h);
        // The line's own date wins over the claim's, and member_id over person_id.
        assert_eq!(map.column("start_date"), Some(9));
        assert_eq!(map.column("member_external_id"), Some(4));
        assert_eq!(map.column("provider_npi"), Some(19));
    }

    #[test]
    fn tuva_pharmacy_claim_headers_are_pharmacy_claims() {
        let h = headers(
            "claim_id,claim_line_number,person_id,member_id,payer,plan,prescribing_provider_npi,dispensing_provider_npi,dispensing_date,ndc_code,quantity,days_supply,paid_amount,allowed_amount",
        );
        assert_eq!(recognise(&h), Some(ClaimFile::Pharmacy));
    }

    #[test]
    fn a_tpa_export_maps_through_synonyms() {
        let h = headers("Claim Number,Employee ID,Date of Service,CPT,POS,Allowed Amt,Paid Amt");
        let map = ColumnMap::from_headers(ClaimFile::Medical, &h);
        assert!(map.missing_required().is_empty());
        assert_eq!(map.column("hcpcs_code"), Some(3));
        assert_eq!(recognise(&h), Some(ClaimFile::Medical));
    }

    #[test]
    fn a_census_is_not_claims() {
        let h = headers("Employee ID,Plan,Tier,Annual Salary");
        assert_eq!(recognise(&h), None);
    }
}
