//! The question a what-if panel asks when it is closed with unsaved edits, shared by
//! Compare's design change and contribution change.

/// What the user answered when closing a what-if with unsaved edits.
pub(crate) enum CloseAnswer {
    Save,
    Discard,
    Cancel,
}

/// "This {what} is not saved…" with Save as scenario / Don't save / Cancel, for Compare's
/// what-ifs; `None` until a button is pressed.
pub(crate) fn close_question(ui: &mut egui::Ui, what: &str) -> Option<CloseAnswer> {
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!("This {what} is not saved. Save it as a scenario before closing, or leave it out?"),
    );
    let mut answer = None;
    ui.horizontal(|ui| {
        for (label, a) in [
            ("Save as scenario", CloseAnswer::Save),
            ("Don't save", CloseAnswer::Discard),
            ("Cancel", CloseAnswer::Cancel),
        ] {
            if ui.button(label).clicked() {
                answer = Some(a);
            }
        }
    });
    answer
}
