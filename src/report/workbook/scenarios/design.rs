//! The sheet of a plan design change: the designs side by side as inputs, the premium by
//! benefit relativity and member cost at three use levels as live formulas.

use super::*;

pub(super) fn plan_design(
    s: &mut Sheet,
    p: &PlanDesignParams,
    o: &PlanDesignOutputs,
) -> Result<(), XlsxError> {
    let f = s.f;
    let mut r = FIRST_ROW;
    s.text(r, 0, "", &f.header)?;
    s.text(r, 1, "Now", &f.header)?;
    s.text(r, 2, "New design", &f.header)?;
    r += 1;
    let pairs: [(&str, f64, f64, Unit); 3] = [
        ("Deductible", p.deductible, p.new_deductible, Unit::Usd),
        (
            "Coinsurance",
            p.coinsurance,
            p.new_coinsurance,
            Unit::Percent,
        ),
        ("Out-of-pocket max", p.oop_max, p.new_oop_max, Unit::Usd),
    ];
    let mut design = Vec::new();
    for (name, now, new, unit) in pairs {
        s.text(r, 0, name, &f.text)?;
        design.push((s.input(r, 1, now, unit)?, s.input(r, 2, new, unit)?));
        r += 1;
    }
    let premium = s.input_row(r, &label("monthly_premium"), p.monthly_premium, Unit::Usd)?;
    // What the employee pays a month at a premium (PREMIUM stands for its cell): the rest after a fixed employer amount,
    // or their share of P (as the app's model does).
    let employee_pays = match p.employer_fixed_monthly {
        Some(employer) => {
            let e = s.input_row(
                r + 1,
                "Employer's fixed amount a month",
                employer,
                Unit::Usd,
            )?;
            format!("MAX(0,PREMIUM-{e})")
        }
        None => {
            let share = s.input_row(
                r + 1,
                &label("employee_share"),
                p.employee_share,
                Unit::Percent,
            )?;
            format!("PREMIUM*{share}")
        }
    };
    s.text(r + 2, 0, "Actuarial value (CMS method, value)", &f.text)?;
    let av_now = s.input(r + 2, 1, o.av_current, Unit::Percent)?;
    let av_new = s.input(r + 2, 2, o.av_new, Unit::Percent)?;
    r += 4;
    let new_premium = s.formula_row(
        r,
        &labels::output_label("premium_new"),
        &format!("{premium}*{av_new}/{av_now}"),
        o.premium_new,
        Unit::Usd,
    )?;
    s.formula_row(
        r + 1,
        &labels::output_label("premium_change"),
        &format!("{new_premium}-{premium}"),
        o.premium_change,
        Unit::Usd,
    )?;
    r += 3;
    s.text(r, 0, "Member cost a year", &f.header)?;
    s.text(r, 1, "Now", &f.header)?;
    s.text(r, 2, "New design", &f.header)?;
    s.text(r, 3, "Claims", &f.header)?;
    r += 1;
    let levels = [
        (
            "Low use",
            p.low_use_claims,
            o.member_cost_low_current,
            o.member_cost_low_new,
        ),
        (
            "Typical use",
            p.typical_use_claims,
            o.member_cost_typical_current,
            o.member_cost_typical_new,
        ),
        (
            "High use",
            p.high_use_claims,
            o.member_cost_high_current,
            o.member_cost_high_new,
        ),
    ];
    let funding = [p.hsa_hra_funding, p.new_hsa_hra_funding];
    for (name, claims, now, new) in levels {
        s.text(r, 0, name, &f.text)?;
        let c = s.input(r, 3, claims, Unit::Usd)?;
        for (k, (v, prem)) in [(now, premium.clone()), (new, new_premium.clone())]
            .into_iter()
            .enumerate()
        {
            let (d, ci, m) = (&design[0], &design[1], &design[2]);
            let pick = |pair: &(String, String)| {
                if k == 0 {
                    pair.0.clone()
                } else {
                    pair.1.clone()
                }
            };
            let (d, ci, m) = (pick(d), pick(ci), pick(m));
            let oop = format!(
                "MAX(0,MIN({m},MIN({c},{d})+{ci}*MAX(0,{c}-{d}))-{})",
                funding[k]
            );
            s.formula(
                r,
                1 + k as u16,
                &format!("{}*12+{oop}", employee_pays.replace("PREMIUM", &prem)),
                v,
                Unit::Usd,
            )?;
        }
        r += 1;
    }
    Ok(())
}
