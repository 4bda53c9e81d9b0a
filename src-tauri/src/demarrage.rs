//! What can stop the app before its window shows, and how the user is told:
//! a native message box in French (release builds on Windows have no
//! console), the same sentence on standard error, and a non-zero exit code.
//! Never a panic, never a silent exit.

use std::process::ExitCode;

use schematic_api::ApiError;

/// A reason the app cannot start.
#[derive(Debug)]
pub enum EchecDemarrage {
    /// Windows without the Microsoft Edge WebView2 runtime: no window can be
    /// drawn at all.
    WebView2Absent,
    /// The data folder or the database cannot be opened (unwritable folder,
    /// database written by a newer version…); the API's sentence says which.
    Installation(ApiError),
    /// The window system refused to create the window.
    Fenetre(String),
}

impl EchecDemarrage {
    pub fn titre(&self) -> &'static str {
        match self {
            Self::WebView2Absent => "SchémaTIC ne peut pas s’ouvrir : composant WebView2 manquant",
            Self::Installation(_) => "SchémaTIC ne peut pas ouvrir ses données",
            Self::Fenetre(_) => "SchémaTIC ne peut pas ouvrir sa fenêtre",
        }
    }

    /// The message (French guillemets held to their words by no-break
    /// spaces, so that a line never starts or ends with one alone).
    pub fn texte(&self) -> String {
        match self {
            Self::WebView2Absent => "SchémaTIC a besoin du composant Microsoft Edge WebView2, qui affiche ses écrans, \
                 et il n’est pas installé sur cet ordinateur.\n\n\
                 Demandez au service informatique d’installer «\u{a0}Microsoft Edge WebView2 Runtime\u{a0}» \
                 (programme d’installation autonome «\u{a0}Evergreen Standalone Installer\u{a0}», disponible hors ligne, \
                 voir le guide d’installation de SchémaTIC), puis relancez SchémaTIC.\n\n\
                 En attendant, la ligne de commande «\u{a0}schematic\u{a0}» fonctionne sans ce composant : \
                 «\u{a0}schematic --help\u{a0}» dans une invite de commandes."
                .into(),
            Self::Installation(e) => format!(
                "{}\n\nRien n’a été modifié. Si le problème persiste, le guide d’installation indique où \
                 sont les données et comment les sauvegarder.",
                e.message
            ),
            Self::Fenetre(detail) => format!(
                "La fenêtre de l’application n’a pas pu être créée ({detail}). Vos données ne sont pas \
                 touchées ; la ligne de commande «\u{a0}schematic\u{a0}» reste utilisable."
            ),
        }
    }

    /// Distinct codes, so that a deployment script can tell them apart.
    pub fn code(&self) -> u8 {
        match self {
            Self::WebView2Absent => 3,
            Self::Installation(_) => 4,
            Self::Fenetre(_) => 5,
        }
    }

    /// Tells the user, then gives the process's exit code.
    pub fn signaler(&self) -> ExitCode {
        eprintln!("{}\n\n{}", self.titre(), self.texte());
        boite_de_message(self.titre(), &self.texte());
        ExitCode::from(self.code())
    }
}

/// Checks that a WebView2 runtime is installed (Windows only: elsewhere the
/// web view is a system library the package depends on).
pub fn verifier_webview() -> Result<(), EchecDemarrage> {
    if cfg!(windows) { tauri::webview_version().map(drop).map_err(|_| EchecDemarrage::WebView2Absent) } else { Ok(()) }
}

/// After the window has opened, a panic would close it without a word in a
/// release build: the user is told that nothing saved is lost.
pub fn prevenir_en_cas_de_panique() {
    let precedent = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        precedent(info);
        boite_de_message(
            "SchémaTIC s’est arrêté de façon inattendue",
            "SchémaTIC a rencontré une erreur interne et doit se fermer. Chaque réponse confirmée \
             à l’écran était déjà enregistrée sur le disque : relancez l’application pour reprendre.",
        );
    }));
}

/// A native, modal error box. Without a display (a server, a test without
/// Xvfb) there is nobody to show it to: standard error has said it already.
fn boite_de_message(titre: &str, texte: &str) {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        return;
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(titre)
        .set_description(texte)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}
