//! What each kind of file holds (its fields), the header spellings senders use for them,
//! and the mapping of source columns to fields.

use serde::{Deserialize, Serialize};

/// The kinds of data a sheet can hold; names match the workspace tables' purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "desktop", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "desktop", value(rename_all = "snake_case"))]
pub enum Kind {
    Members,
    Plans,
    Rates,
    Measures,
    MeasureResults,
    Providers,
    Volumes,
    PriceTiers,
    Spend,
    Eligibility,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 10] = [
        Kind::Members,
        Kind::Plans,
        Kind::Rates,
        Kind::Measures,
        Kind::MeasureResults,
        Kind::Providers,
        Kind::Volumes,
        Kind::PriceTiers,
        Kind::Spend,
        Kind::Eligibility,
    ];

    /// The `--kind` name.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Members => "members",
            Kind::Plans => "plans",
            Kind::Rates => "rates",
            Kind::Measures => "measures",
            Kind::MeasureResults => "measure_results",
            Kind::Providers => "providers",
            Kind::Volumes => "volumes",
            Kind::PriceTiers => "price_tiers",
            Kind::Spend => "spend",
            Kind::Eligibility => "eligibility",
        }
    }

    /// Parses a `--kind` name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim().to_ascii_lowercase())
    }

    /// The fields of this kind.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Members => MEMBER_FIELDS,
            Kind::Plans => PLAN_FIELDS,
            Kind::Rates => RATE_FIELDS,
            Kind::Measures => MEASURE_FIELDS,
            Kind::MeasureResults => RESULT_FIELDS,
            Kind::Providers => PROVIDER_FIELDS,
            Kind::Volumes => VOLUME_FIELDS,
            Kind::PriceTiers => PRICE_TIER_FIELDS,
            Kind::Spend => SPEND_FIELDS,
            Kind::Eligibility => ELIGIBILITY_FIELDS,
        }
    }
}

/// One field of a kind, with the header spellings that mean it (normalised).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub synonyms: &'static [&'static str],
}

const fn f(name: &'static str, required: bool, synonyms: &'static [&'static str]) -> Field {
    Field {
        name,
        required,
        synonyms,
    }
}

const MEMBER_FIELDS: &[Field] = &[
    f(
        "external_id",
        true,
        &[
            "memberid",
            "employeeid",
            "emplid",
            "empid",
            "eeid",
            "subscriberid",
            "subscriber",
            "subscribernumber",
            "subscriberno",
            "employeenumber",
            "employeeno",
            "employerassignedfamilyid",
            "familyid",
            "id",
            "memberno",
            "membernumber",
            "employeeidnumber",
            "badgenumber",
        ],
    ),
    f(
        "purchaser",
        false,
        &[
            "employer",
            "employername",
            "purchaser",
            "company",
            "group",
            "groupname",
            "sponsor",
            "sponsorname",
            "client",
            "account",
            "doingbusinessas",
        ],
    ),
    f(
        "purchaser_kind",
        false,
        &[
            "purchasertype",
            "purchaserkind",
            "employertype",
            "sponsortype",
            "grouptype",
            "purchasercategory",
        ],
    ),
    f(
        "plan_code",
        false,
        &[
            "plan",
            "plancode",
            "medicalplan",
            "planid",
            "plannumber",
            "benefitplan",
            "medicalplancode",
            "qhpid",
            "hiosid",
        ],
    ),
    f(
        "tier",
        false,
        &[
            "tier",
            "coveragelevel",
            "coveragetier",
            "coverage",
            "coveragetype",
            "tiercode",
            "level",
            "enrollmenttier",
        ],
    ),
    f(
        "relationship",
        false,
        &[
            "relationship",
            "employeerelationship",
            "relation",
            "rel",
            "relationshiptoemployee",
            "membertype",
            "dependenttype",
            "relationshipcode",
        ],
    ),
    f(
        "birth_date",
        false,
        &[
            "dob",
            "dateofbirth",
            "birthdate",
            "birthdt",
            "birth",
            "subscriberdob",
        ],
    ),
    f("sex", false, &["sex", "gender", "subscribergender"]),
    f(
        "zip",
        false,
        &["zip", "zipcode", "postalcode", "zip5", "homezip", "postal"],
    ),
    f(
        "hire_date",
        false,
        &[
            "hiredate",
            "dateofhire",
            "doh",
            "hiredt",
            "originalhiredate",
        ],
    ),
    f(
        "annual_salary",
        false,
        &[
            "salary",
            "annualsalary",
            "annualpay",
            "compensation",
            "annualcompensation",
            "basesalary",
            "wages",
        ],
    ),
    f(
        "annual_allowed_claims",
        false,
        &[
            "allowedclaims",
            "allowedclaims12mo",
            "annualallowedclaims",
            "claims",
            "allowedamount",
            "annualclaims",
            "totalallowed",
            "allowed",
        ],
    ),
];

const PLAN_FIELDS: &[Field] = &[
    f(
        "code",
        true,
        &[
            "plancode",
            "planid",
            "code",
            "plan",
            "hiosplanid",
            "planidentifier",
        ],
    ),
    f(
        "name",
        true,
        &[
            "planname",
            "planmarketingname",
            "name",
            "description",
            "planvariantmarketingname",
            "plandescription",
        ],
    ),
    f(
        "carrier",
        false,
        &[
            "carrier",
            "issuer",
            "issuermarketplacemarketingname",
            "issuername",
            "insurer",
            "vendor",
        ],
    ),
    f(
        "plan_type",
        false,
        &["plantype", "type", "product", "producttype"],
    ),
    f("network", false, &["network", "networkname", "networkid"]),
    f("year", false, &["planyear", "year", "businessyear"]),
    f(
        "deductible_individual",
        false,
        &[
            "deductibleindividual",
            "deductible",
            "individualdeductible",
            "tehbdedinntier1individual",
            "medicaldeductibleindividual",
            "dedindividual",
            "innetworkdeductible",
        ],
    ),
    f(
        "deductible_family",
        false,
        &[
            "deductiblefamily",
            "familydeductible",
            "tehbdedinntier1familypergroup",
            "tehbdedinntier1family",
            "tehbdedinntier1familyperperson",
            "dedfamily",
        ],
    ),
    f(
        "coinsurance",
        false,
        &[
            "coinsurance",
            "membercoinsurance",
            "coinsurancerate",
            "coins",
            "tehbdedinntier1coinsurance",
        ],
    ),
    f(
        "oop_max_individual",
        false,
        &[
            "oopmaxindividual",
            "oopmax",
            "outofpocketmax",
            "outofpocketmaximum",
            "moop",
            "tehbinntier1individualmoop",
            "individualoopmax",
            "maxoop",
        ],
    ),
    f(
        "oop_max_family",
        false,
        &[
            "oopmaxfamily",
            "familyoopmax",
            "tehbinntier1familypergroupmoop",
            "tehbinntier1familymoop",
            "tehbinntier1familyperpersonmoop",
            "familyoutofpocketmax",
        ],
    ),
    // CMS files put the medical side of a plan with separate medical and drug deductibles
    // under MEHB (TEHB then says "Not Applicable"), and the drug side under DEHB.
    f(
        "medical_deductible_individual",
        false,
        &["mehbdedinntier1individual"],
    ),
    f(
        "medical_deductible_family",
        false,
        &[
            "mehbdedinntier1familypergroup",
            "mehbdedinntier1familyperperson",
        ],
    ),
    f(
        "medical_coinsurance",
        false,
        &["mehbdedinntier1coinsurance"],
    ),
    f(
        "medical_oop_max_individual",
        false,
        &["mehbinntier1individualmoop"],
    ),
    f(
        "medical_oop_max_family",
        false,
        &[
            "mehbinntier1familypergroupmoop",
            "mehbinntier1familyperpersonmoop",
        ],
    ),
    f(
        "rx_deductible_individual",
        false,
        &[
            "rxdeductibleindividual",
            "rxdeductible",
            "drugdeductible",
            "pharmacydeductible",
            "dehbdedinntier1individual",
        ],
    ),
    f(
        "rx_deductible_family",
        false,
        &[
            "rxdeductiblefamily",
            "dehbdedinntier1familypergroup",
            "dehbdedinntier1familyperperson",
        ],
    ),
    f(
        "rx_coinsurance",
        false,
        &[
            "rxcoinsurance",
            "drugcoinsurance",
            "dehbdedinntier1coinsurance",
        ],
    ),
    f(
        "deductibles_integrated",
        false,
        &["medicaldrugdeductiblesintegrated", "deductiblesintegrated"],
    ),
    f("dental_only", false, &["dentalonlyplan", "dentalonly"]),
    f("metal_level", false, &["metallevel", "metal", "metaltier"]),
    f(
        "hsa_hra_funding",
        false,
        &[
            "hsahrafunding",
            "hsaorhraemployercontributionamount",
            "employerhsacontribution",
            "hsafunding",
            "hrafunding",
        ],
    ),
    f(
        "copays_before_deductible",
        false,
        &["copaysbeforedeductible", "copaysnotsubjecttodeductible"],
    ),
    f(
        "pcp_copay",
        false,
        &["pcpcopay", "primarycarecopay", "officevisitcopay", "pcp"],
    ),
    f(
        "specialist_copay",
        false,
        &["specialistcopay", "specialist", "scpcopay"],
    ),
    f(
        "er_copay",
        false,
        &["ercopay", "emergencyroomcopay", "emergencycopay", "er"],
    ),
    f(
        "free_primary_care_visits",
        false,
        &[
            "freeprimarycarevisits",
            "beginprimarycarecostsharingafternumberofvisits",
        ],
    ),
    f(
        "generic_drug_copay",
        false,
        &[
            "genericdrugcopay",
            "genericcopay",
            "genericrxcopay",
            "tier1drugcopay",
        ],
    ),
    f(
        "actuarial_value",
        false,
        &["actuarialvalue", "av", "issueractuarialvalue"],
    ),
    // CMS files give the calculator's own result beside the issuer's figure; it stands in for
    // the official value where the issuer's is blank.
    f(
        "calculator_actuarial_value",
        false,
        &["avcalculatoroutputnumber", "avcalculatoroutput"],
    ),
    f(
        "hsa_eligible",
        false,
        &["hsaeligible", "ishsaeligible", "hsa", "hsaqualified"],
    ),
];

const RATE_FIELDS: &[Field] = &[
    f("plan_code", true, &["plancode", "planid", "plan", "code"]),
    f("year", false, &["planyear", "year", "ratingyear"]),
    f(
        "tier",
        true,
        &["coveragetier", "tier", "coveragelevel", "coverage"],
    ),
    f(
        "monthly_premium",
        true,
        &[
            "monthlypremium",
            "premium",
            "totalpremium",
            "rate",
            "monthlyrate",
            "grossrate",
            "premiumtotal",
        ],
    ),
    f(
        "employer_monthly",
        false,
        &[
            "employermonthly",
            "employercontribution",
            "employershare",
            "ercontribution",
            "employerpremium",
            "companycontribution",
        ],
    ),
];

const MEASURE_FIELDS: &[Field] = &[
    f(
        "code",
        true,
        &["measurecode", "code", "measureid", "measure"],
    ),
    f(
        "name",
        true,
        &["measurename", "name", "description", "measuredescription"],
    ),
    f(
        "domain",
        false,
        &["domain", "category", "measuretype", "type"],
    ),
    f(
        "higher_is_better",
        false,
        &["higherisbetter", "direction", "higherbetter"],
    ),
    f("weight", false, &["weight", "measureweight"]),
    f("unit", false, &["unit", "units"]),
];

const RESULT_FIELDS: &[Field] = &[
    f(
        "entity_kind",
        true,
        &["entitytype", "entitykind", "type", "level"],
    ),
    f(
        "entity",
        true,
        &["entity", "entityname", "planorprovider", "name"],
    ),
    f(
        "measure_code",
        true,
        &["measurecode", "measure", "measureid"],
    ),
    f("year", true, &["measurementyear", "year", "reportingyear"]),
    f("value", true, &["rate", "value", "score", "result"]),
    f(
        "denominator",
        false,
        &["denominator", "eligiblepopulation", "n"],
    ),
];

const PROVIDER_FIELDS: &[Field] = &[
    f(
        "name",
        true,
        &[
            "providername",
            "name",
            "facility",
            "facilityname",
            "hospitalname",
            "provider",
        ],
    ),
    f(
        "system",
        false,
        &["healthsystem", "system", "parentorganization"],
    ),
    f(
        "kind",
        false,
        &["providertype", "type", "kind", "facilitytype"],
    ),
    f("region", false, &["region", "area", "county"]),
];

const VOLUME_FIELDS: &[Field] = &[
    f(
        "purchaser",
        true,
        &[
            "purchaser",
            "member",
            "hospital",
            "organization",
            "coalitionmember",
        ],
    ),
    f(
        "service_code",
        true,
        &["servicecode", "service", "code", "cptcode"],
    ),
    f("year", true, &["year"]),
    f(
        "annual_volume",
        true,
        &["annualvolume", "volume", "units", "annualunits"],
    ),
    f(
        "current_unit_price",
        false,
        &["currentunitprice", "unitprice", "price", "currentprice"],
    ),
];

const PRICE_TIER_FIELDS: &[Field] = &[
    f(
        "schedule",
        true,
        &["schedule", "vendor", "contract", "scheduledescription"],
    ),
    f("service_code", true, &["servicecode", "service", "code"]),
    f(
        "min_volume",
        true,
        &[
            "minimumvolume",
            "minvolume",
            "volumefrom",
            "fromvolume",
            "threshold",
        ],
    ),
    f("unit_price", true, &["unitprice", "price", "tierprice"]),
];

/// Eligibility spans in the Tuva Project's input layout (`member_id`, `enrollment_start_date`,
/// `enrollment_end_date`, `plan`) and the spellings of common TPA exports.
const ELIGIBILITY_FIELDS: &[Field] = &[
    f(
        "member_external_id",
        true,
        &[
            "memberid",
            "memberexternalid",
            "subscriberid",
            "employeeid",
            "emplid",
            "eeid",
            "membernumber",
            "memberno",
            "personid",
        ],
    ),
    f(
        "purchaser",
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
    ),
    f(
        "plan_code",
        true,
        &[
            "plan",
            "plancode",
            "planid",
            "benefitplan",
            "benefitplancode",
            "medicalplan",
            "coverageplan",
        ],
    ),
    f(
        "start_date",
        true,
        &[
            "enrollmentstartdate",
            "eligibilitystartdate",
            "coveragestartdate",
            "effectivedate",
            "startdate",
            "eligstart",
            "eligibilityeffectivedate",
        ],
    ),
    f(
        "end_date",
        false,
        &[
            "enrollmentenddate",
            "eligibilityenddate",
            "coverageenddate",
            "terminationdate",
            "termdate",
            "enddate",
            "eligend",
        ],
    ),
    f(
        "tier",
        false,
        &[
            "tier",
            "coveragetier",
            "coveragelevel",
            "coveragecode",
            "covlevel",
            "coveragetype",
        ],
    ),
];

const SPEND_FIELDS: &[Field] = &[
    f("year", false, &["year", "incurredyear"]),
    f(
        "purchaser",
        true,
        &["purchaser", "employer", "group", "client"],
    ),
    f(
        "month",
        true,
        &["month", "period", "incurredmonth", "paidmonth", "yearmonth"],
    ),
    f(
        "member_months",
        true,
        &["membermonths", "mm", "members", "enrollment"],
    ),
    f(
        "medical_paid",
        true,
        &["medicalpaid", "medical", "medicalclaims", "paidmedical"],
    ),
    f(
        "rx_paid",
        true,
        &[
            "rxpaid",
            "rx",
            "pharmacy",
            "pharmacypaid",
            "rxclaims",
            "paidrx",
        ],
    ),
];

/// A header folded for matching: lowercase letters and digits only.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Source column → field, by column index; `None` means ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    pub kind: Kind,
    pub columns: Vec<Option<String>>,
}

impl Mapping {
    /// The column mapped to `field`.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.as_deref() == Some(field))
    }

    /// Required fields no column maps to.
    pub fn missing_required(&self) -> Vec<&'static str> {
        self.kind
            .fields()
            .iter()
            .filter(|f| f.required && self.column_of(f.name).is_none())
            .map(|f| f.name)
            .collect()
    }
}

/// Maps headers to fields: exact synonyms first, each field at most once, left to right.
pub fn map_headers(kind: Kind, headers: &[String]) -> Mapping {
    let norm: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    // Where each header text sits, so a synonym is looked up, not searched for: a line of a
    // million fields made the search take seconds per kind.
    let mut at: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, h) in norm.iter().enumerate() {
        at.entry(h.as_str()).or_default().push(i);
    }
    let mut columns: Vec<Option<String>> = vec![None; headers.len()];
    for field in kind.fields() {
        let hit = field.synonyms.iter().find_map(|syn| {
            at.get(syn)
                .and_then(|found| found.iter().copied().find(|i| columns[*i].is_none()))
        });
        if let Some(i) = hit {
            columns[i] = Some(field.name.to_string());
        }
    }
    Mapping { kind, columns }
}

/// How well headers fit a kind: matched fields, with required ones counting double.
pub fn fit(kind: Kind, headers: &[String]) -> usize {
    let m = map_headers(kind, headers);
    let matched = m.columns.iter().flatten().count();
    let required = kind
        .fields()
        .iter()
        .filter(|f| f.required && m.column_of(f.name).is_some())
        .count();
    let all_required = m.missing_required().is_empty();
    matched + required * 2 + if all_required { 3 } else { 0 }
}

/// The kind whose fields the headers fit best.
pub fn guess_kind(headers: &[String]) -> Kind {
    Kind::ALL
        .into_iter()
        .max_by_key(|k| (fit(*k, headers), std::cmp::Reverse(*k as u8)))
        .unwrap_or(Kind::Members)
}

/// A key for a header set, to remember the user's corrected mapping.
pub fn header_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalise(h))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests;
