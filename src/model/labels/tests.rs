//! Tests of `labels`, kept beside it so the module itself stays readable.

use super::*;

#[test]
fn every_renewal_input_and_output_has_a_label() {
    let s = crate::model::scenario::Scenario::new(ScenarioKind::Renewal, "t");
    let outputs = s.run().unwrap();
    for name in crate::model::scenario::numeric_outputs(&outputs) {
        assert!(find_output(&name).is_some(), "no label for output {name}");
    }
    for (name, _) in s.numeric_inputs() {
        assert!(find_param(&name).is_some(), "no label for input {name}");
    }
}

#[test]
fn money_drops_cents_from_one_thousand_dollars() {
    assert_eq!(display_value(Unit::Usd, 10_506_000.0), "$10,506,000");
    assert_eq!(display_value(Unit::UsdPmpm, 585.894), "$585.89 PMPM");
    assert_eq!(display_value(Unit::Percent, 0.085), "8.50%");
}

#[test]
fn changes_read_as_from_to_with_units() {
    let before = serde_json::json!({"trend_medical": 0.07, "paid_claims": 10_200_000.0});
    let after = serde_json::json!({"trend_medical": 0.085, "paid_claims": 10_200_000.0});
    assert_eq!(
        describe_changes(&before, &after),
        vec!["Medical trend: from 7.00% to 8.50%".to_string()]
    );
}

#[test]
fn unknown_field_names_are_made_readable() {
    assert_eq!(field_label("external_id"), "Member ID");
    assert_eq!(field_label("brand_new_field"), "Brand new field");
}

#[test]
fn monthly_rates_always_show_cents_so_a_column_reads_alike() {
    assert_eq!(display_value(Unit::UsdPmpm, 450.0), "$450.00 PMPM");
    assert_eq!(display_value(Unit::UsdPepm, 1_642.1), "$1,642.10 PEPM");
    assert_eq!(display_delta(Unit::UsdPmpm, 0.0), "+$0.00");
    assert_eq!(display_value(Unit::Usd, 250.0), "$250");
}
