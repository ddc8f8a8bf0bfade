//! Choosing plans: a row of check boxes for a few, and removable chips with a search over code
//! and name once a file holds more (a CMS plan file holds thousands).

use crate::ui::a11y::Named;

/// Above this many plans the picker is a search box instead of a row of check boxes.
pub const MAX_CHECKBOXES: usize = 12;
/// Matches a search lists at most.
const MAX_MATCHES: usize = 200;

/// The chosen plans and the search text.
#[derive(Debug, Clone, Default)]
pub struct PlanPicker {
    pub selected: Vec<String>,
    pub filter: String,
}

impl PlanPicker {
    fn toggle(&mut self, code: &str, on: bool) {
        if on {
            self.selected.push(code.to_string());
        } else {
            self.selected.retain(|c| c != code);
        }
    }

    /// Draws the picker over `plans` (code, name), allowing at most `max` chosen; `caption` is
    /// the label before it, which names the search for screen readers.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        caption: egui::Id,
        plans: &[(String, String)],
        max: usize,
    ) {
        if plans.len() <= MAX_CHECKBOXES {
            self.checkboxes_ui(ui, plans, max);
        } else {
            self.search_ui(ui, caption, plans, max);
        }
    }

    fn checkboxes_ui(&mut self, ui: &mut egui::Ui, plans: &[(String, String)], max: usize) {
        for (code, name) in plans {
            let mut on = self.selected.contains(code);
            let enabled = on || self.selected.len() < max;
            if ui
                .add_enabled(enabled, egui::Checkbox::new(&mut on, code.as_str()))
                .on_hover_text(name)
                .named(format!("{name} ({code})"))
                .changed()
            {
                self.toggle(code, on);
            }
        }
    }

    fn search_ui(
        &mut self,
        ui: &mut egui::Ui,
        caption: egui::Id,
        plans: &[(String, String)],
        max: usize,
    ) {
        for code in self.selected.clone() {
            if ui
                .button(format!("{code} ×"))
                .on_hover_text("Remove this plan")
                .named(format!("Remove {code} from the comparison"))
                .clicked()
            {
                self.toggle(&code, false);
            }
        }
        if self.selected.len() >= max {
            return;
        }
        let needle = self.filter.to_lowercase();
        egui::ComboBox::from_id_salt(caption.with("add_plan"))
            .selected_text(format!("Add a plan ({})", plans.len()))
            .width(200.0)
            .height(360.0)
            // Clicking into the search field must not close the list; several plans can be added.
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                ui.horizontal(|ui| {
                    let find = ui.add(egui::Label::new("Find a plan").selectable(false));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.filter)
                            .hint_text("code or name")
                            .desired_width(230.0),
                    )
                    .labelled_by(find.id);
                });
                let mut add = None;
                let matches = plans.iter().filter(|(code, name)| {
                    !self.selected.contains(code) && matches(&needle, code, name)
                });
                let mut shown = 0;
                for (code, name) in matches.take(MAX_MATCHES) {
                    shown += 1;
                    if ui
                        .selectable_label(false, format!("{code}  {name}"))
                        .clicked()
                    {
                        add = Some(code.clone());
                    }
                }
                if shown == 0 {
                    ui.weak(format!("No plan matches “{}”", self.filter.trim()));
                }
                if let Some(code) = add {
                    self.toggle(&code, true);
                }
            })
            .response
            .labelled_by(caption);
    }
}

/// True when the lower-cased `needle` is empty or found in the code or name.
fn matches(needle: &str, code: &str, name: &str) -> bool {
    needle.is_empty()
        || code.to_lowercase().contains(needle)
        || name.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_matches_code_or_name_ignoring_case() {
        assert!(matches("ppo", "NS-PPO", "Northstar"));
        assert!(matches("north", "NS-PPO", "Northstar PPO"));
        assert!(!matches("hmo", "NS-PPO", "Northstar PPO"));
        assert!(matches("", "NS-PPO", "Northstar PPO"));
    }
}
