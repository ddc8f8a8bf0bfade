//! Tests of `mapping`, kept beside it so the module itself stays readable.

use super::*;

fn h(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn census_synonyms_map_to_member_fields() {
    let m = map_headers(
        Kind::Members,
        &h(&["EmplID", "Coverage Level", "DOB", "Zip Code"]),
    );
    assert_eq!(
        m.columns,
        vec![
            Some("external_id".into()),
            Some("tier".into()),
            Some("birth_date".into()),
            Some("zip".into())
        ]
    );
}

#[test]
fn cms_plan_attribute_columns_map_to_plan_fields() {
    let headers = h(&[
        "BusinessYear",
        "IssuerMarketPlaceMarketingName",
        "PlanMarketingName",
        "PlanType",
        "MetalLevel",
        "PlanId",
        "IssuerActuarialValue",
        "TEHBDedInnTier1Individual",
        "TEHBInnTier1IndividualMOOP",
        "IsHSAEligible",
    ]);
    let m = map_headers(Kind::Plans, &headers);
    assert_eq!(m.column_of("code"), Some(5));
    assert_eq!(m.column_of("name"), Some(2));
    assert_eq!(m.column_of("carrier"), Some(1));
    assert_eq!(m.column_of("deductible_individual"), Some(7));
    assert_eq!(m.column_of("oop_max_individual"), Some(8));
    assert_eq!(m.column_of("actuarial_value"), Some(6));
    assert_eq!(m.column_of("hsa_eligible"), Some(9));
    assert_eq!(guess_kind(&headers), Kind::Plans);
}

#[test]
fn kind_is_guessed_from_headers() {
    assert_eq!(
        guess_kind(&h(&[
            "Employee ID",
            "Employer",
            "Medical Plan",
            "Coverage Level",
            "Date of Birth"
        ])),
        Kind::Members
    );
    assert_eq!(
        guess_kind(&h(&[
            "Plan Code",
            "Plan Year",
            "Coverage Tier",
            "Monthly Premium",
            "Employer Monthly"
        ])),
        Kind::Rates
    );
    assert_eq!(
        guess_kind(&h(&[
            "Purchaser",
            "Month",
            "Member Months",
            "Medical Paid",
            "Rx Paid"
        ])),
        Kind::Spend
    );
}

#[test]
fn duplicate_headers_map_only_once() {
    let m = map_headers(Kind::Members, &h(&["Member ID", "Member ID", "Zip"]));
    assert_eq!(
        m.columns,
        vec![Some("external_id".into()), None, Some("zip".into())]
    );
}
