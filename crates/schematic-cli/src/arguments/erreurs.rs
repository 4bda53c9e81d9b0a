//! French messages for the errors clap detects itself (clap only speaks
//! English), with the command line's exit code 2.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind as ClapErrorKind};

/// Prints a clap error in French and returns its exit code (help and version
/// are printed as they are, with success).
pub fn erreur_de_ligne_de_commande(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ClapErrorKind::DisplayHelp | ClapErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ClapErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ClapErrorKind::MissingSubcommand => {
            eprintln!("Erreur : une commande est attendue.\n");
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let contexte = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let argument = contexte(ContextKind::InvalidArg);
    let message = match e.kind() {
        ClapErrorKind::InvalidSubcommand => format!(
            "la commande « {} » n’existe pas{}.",
            contexte(ContextKind::InvalidSubcommand),
            suggestion(&contexte(ContextKind::SuggestedSubcommand))
        ),
        ClapErrorKind::UnknownArgument => format!("l’option « {argument} » n’existe pas pour cette commande."),
        ClapErrorKind::MissingRequiredArgument => format!("il manque {argument}."),
        ClapErrorKind::TooManyValues | ClapErrorKind::ArgumentConflict => {
            format!("argument en trop ou incompatible : {}.", contexte(ContextKind::InvalidValue))
        }
        ClapErrorKind::InvalidValue | ClapErrorKind::ValueValidation => {
            format!("valeur invalide pour {argument} : « {} ».", contexte(ContextKind::InvalidValue))
        }
        ClapErrorKind::NoEquals | ClapErrorKind::WrongNumberOfValues | ClapErrorKind::TooFewValues => {
            format!("nombre de valeurs incorrect pour {argument}.")
        }
        _ => "ligne de commande invalide.".to_string(),
    };
    eprintln!("Erreur : {message} Voir « schematic --help ».");
    ExitCode::from(2)
}

fn suggestion(proposee: &str) -> String {
    if proposee.is_empty() { String::new() } else { format!(" ; vouliez-vous dire « {proposee} » ?") }
}
