//! What an import reads: the entries named or found in folders (only
//! regular files, symbolic links never followed, every other entry a line of
//! its own) and the bytes of each file, size-capped, never blocking.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::dto::StatutImport;
use crate::error::phrase_io;

/// A file read from outside is refused unread beyond this size (the larger
/// of a signed JSON file and a PDF report).
pub const TAILLE_MAX_FICHIER: u64 = schematic_exchange::pdf::TAILLE_MAX_PDF as u64;

fn refus(statut: StatutImport, detail: impl Into<String>) -> (StatutImport, String) {
    (statut, detail.into())
}

/// One entry named or found: a regular file to read, or why it is not read.
pub(super) enum Entree {
    Fichier(PathBuf),
    NonLue { chemin: PathBuf, detail: String },
}

/// What an entry is, without following a symbolic link.
enum Genre {
    Dossier,
    Fichier,
    Autre(String),
}

fn genre(chemin: &Path) -> Genre {
    match fs::symlink_metadata(chemin) {
        Err(e) => Genre::Autre(format!("Il ne peut pas être lu : {}.", phrase_io(&e))),
        Ok(m) if m.file_type().is_symlink() => Genre::Autre(
            "C’est un lien symbolique : les liens ne sont jamais suivis ; indiquez le fichier ou le dossier qu’il désigne."
                .into(),
        ),
        Ok(m) if m.is_dir() => Genre::Dossier,
        Ok(m) if m.is_file() => Genre::Fichier,
        Ok(_) => Genre::Autre(
            "Ce n’est pas un fichier ordinaire (tube nommé, périphérique ou socket) : il n’est pas lu.".into(),
        ),
    }
}

/// The entries named: each file as is, each folder walked (depth first, in
/// name order). Symbolic links are never followed, on the command line as
/// in folders; they, unreadable folders, vanished entries and anything that
/// is not a regular file each get their own line, and the walk goes on.
pub(super) fn entrees(chemins: &[PathBuf]) -> Vec<Entree> {
    let mut sortie = Vec::new();
    // Paths still to visit, the next one last.
    let mut pile: Vec<PathBuf> = chemins.iter().rev().cloned().collect();
    while let Some(chemin) = pile.pop() {
        match genre(&chemin) {
            Genre::Fichier => sortie.push(Entree::Fichier(chemin)),
            Genre::Autre(detail) => sortie.push(Entree::NonLue { chemin, detail }),
            Genre::Dossier => match fs::read_dir(&chemin) {
                Err(e) => sortie.push(Entree::NonLue {
                    detail: format!(
                        "Ce dossier ne peut pas être lu : {} ; son contenu n’est pas importé.",
                        phrase_io(&e)
                    ),
                    chemin,
                }),
                Ok(lecture) => {
                    let mut enfants = Vec::new();
                    for e in lecture {
                        match e {
                            Ok(e) => enfants.push(e.path()),
                            Err(e) => sortie.push(Entree::NonLue {
                                chemin: chemin.clone(),
                                detail: format!(
                                    "Une entrée de ce dossier ne peut pas être lue : {} ; les autres sont importées.",
                                    phrase_io(&e)
                                ),
                            }),
                        }
                    }
                    enfants.sort_unstable_by(|a, b| b.file_name().cmp(&a.file_name()));
                    pile.extend(enfants);
                }
            },
        }
    }
    sortie
}

/// The bytes of a regular file, or the status and sentence that refuse it.
pub(super) fn lire(chemin: &Path) -> Result<Vec<u8>, (StatutImport, String)> {
    let illisible = |e: std::io::Error| {
        refus(StatutImport::TropGrosOuIllisible, format!("Lecture impossible : {}.", phrase_io(&e)))
    };
    let f = crate::echange::ouvrir_fichier_ordinaire(chemin).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidInput => refus(
            StatutImport::NonLu,
            "Ce n’est pas un fichier ordinaire (tube nommé, périphérique ou socket) : il n’est pas lu.",
        ),
        _ => illisible(e),
    })?;
    let taille = f.metadata().map_err(illisible)?.len();
    if taille > TAILLE_MAX_FICHIER {
        return Err(refus(
            StatutImport::TropGrosOuIllisible,
            format!("Le fichier fait {taille} octets, au-delà des {TAILLE_MAX_FICHIER} acceptés ; il n’a pas été lu."),
        ));
    }
    let mut octets = Vec::with_capacity(usize::try_from(taille).unwrap_or(0));
    f.take(TAILLE_MAX_FICHIER + 1).read_to_end(&mut octets).map_err(illisible)?;
    if octets.len() as u64 > TAILLE_MAX_FICHIER {
        return Err(refus(
            StatutImport::TropGrosOuIllisible,
            "Le fichier a grossi pendant sa lecture ; il n’a pas été lu.",
        ));
    }
    Ok(octets)
}
