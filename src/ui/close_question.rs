//! The question a what-if panel asks when it is closed with unsaved edits, shared by
//! Compare's design change and contribution change.

/// What the panel does once answered: save as a scenario first, then close.
pub(crate) struct Closing {
    pub save: bool,
    pub close: bool,
}

/// "This {what} is not saved…" with Save as scenario / Don't save / Cancel, for Compare's
/// what-ifs. Cancel clears `asking`; nothing is done until a button is pressed.
pub(crate) fn close_question(ui: &mut egui::Ui, what: &str, asking: &mut bool) -> Closing {
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!("This {what} is not saved. Save it as a scenario before closing, or leave it out?"),
    );
    let mut closing = Closing {
        save: false,
        close: false,
    };
    ui.horizontal(|ui| {
        if ui.button("Save as scenario").clicked() {
            closing = Closing {
                save: true,
                close: true,
            };
        }
        if ui.button("Don't save").clicked() {
            closing.close = true;
        }
        if ui.button("Cancel").clicked() {
            *asking = false;
        }
    });
    closing
}
