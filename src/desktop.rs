//! The real outside world for the window: rfd file dialogs (through the desktop
//! portal on Linux) and one long-lived arboard clipboard that asks clipboard
//! managers not to record codes. Also starts the window.

use std::sync::Arc;

use eframe::egui;

use crate::app::{App, Clipboard, Dialogs, Services};
use crate::paths::AppDirs;
use crate::vault::keystore::OsKeyring;

struct RfdDialogs;

impl Dialogs for RfdDialogs {
    fn save_pdf(&self, suggested: &str) -> Option<std::path::PathBuf> {
        rfd::FileDialog::new()
            .add_filter("PDF", &["pdf"])
            .set_file_name(suggested)
            .save_file()
    }
    fn open_text(&self) -> Option<std::path::PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Text", &["txt", "text", "md", "csv", "tsv", "html", "json"])
            .pick_file()
    }
    fn open_pictures(&self) -> Vec<std::path::PathBuf> {
        rfd::FileDialog::new()
            .set_title("Photos or scans of printed sheets")
            .add_filter("Pictures", &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"])
            .pick_files()
            .unwrap_or_default()
    }
    fn pick_folder(&self) -> Option<std::path::PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save a copy of the vault in…")
            .pick_folder()
    }
    fn available(&self) -> bool {
        static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *AVAILABLE.get_or_init(dialogs_available)
    }
}

/// rfd opens the desktop portal's file chooser, or zenity when there is no portal;
/// with neither it returns nothing, exactly as if the user had cancelled.
#[cfg(target_os = "linux")]
fn dialogs_available() -> bool {
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    on_path("zenity") || portal_on_session_bus()
}

#[cfg(target_os = "linux")]
fn portal_on_session_bus() -> bool {
    let portal = "org.freedesktop.portal.Desktop";
    let Ok(conn) = zbus::blocking::Connection::session() else {
        return false;
    };
    let Ok(dbus) = zbus::blocking::fdo::DBusProxy::new(&conn) else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(portal) else {
        return false;
    };
    dbus.name_has_owner(name).unwrap_or(false)
        || dbus
            .list_activatable_names()
            .is_ok_and(|names| names.iter().any(|n| n.as_str() == portal))
}

#[cfg(not(target_os = "linux"))]
fn dialogs_available() -> bool {
    true
}

/// The system clipboard; opened once and kept, as some platforms lose the content
/// when the owner goes away.
struct SystemClipboard(Option<arboard::Clipboard>);

impl Clipboard for SystemClipboard {
    fn set_secret(&mut self, text: &str) -> Result<(), String> {
        if self.0.is_none() {
            self.0 = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        let Some(cb) = self.0.as_mut() else {
            return Err("no clipboard".into());
        };
        let set = cb.set();
        #[cfg(all(unix, not(target_os = "macos")))]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history()
        };
        #[cfg(target_os = "windows")]
        let set = {
            use arboard::SetExtWindows;
            set.exclude_from_history()
                .exclude_from_cloud()
                .exclude_from_monitoring()
        };
        #[cfg(target_os = "macos")]
        let set = {
            use arboard::SetExtApple;
            set.exclude_from_history()
        };
        set.text(text).map_err(|e| e.to_string())
    }
    fn get(&mut self) -> Option<String> {
        self.0.as_mut().and_then(|cb| cb.get_text().ok())
    }
    fn clear(&mut self) {
        if let Some(cb) = self.0.as_mut() {
            let _ = cb.clear();
        }
    }
}

/// Opens the window. Returns a message for the user if it could not start.
pub fn run_window(dirs: AppDirs) -> Result<(), String> {
    let services = Services {
        store: Arc::new(OsKeyring::new()),
        dialogs: Box::new(RfdDialogs),
        clipboard: Box::new(SystemClipboard(None)),
        dirs,
        inline_keyring: false,
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id(crate::APP_ID)
            .with_title(crate::APP_NAME)
            .with_inner_size([980.0, 660.0])
            .with_min_inner_size([640.0, 420.0])
            .with_icon(window_icon()),
        ..Default::default()
    };
    eframe::run_native(crate::APP_NAME, options, Box::new(|_cc| Ok(Box::new(App::new(services)))))
        .map_err(|e| format!("the window could not open ({e}); is a display available? The command line works without one: `codekeeper --help`"))
}

/// The 256 px app icon, made from the SVG by `scripts/icons.sh`.
fn window_icon() -> egui::IconData {
    const PNG: &[u8] =
        include_bytes!("../assets/icons/hicolor/256x256/apps/io.github.codekeeper.Codekeeper.png");
    eframe::icon_data::from_png_bytes(PNG).unwrap_or_default()
}
