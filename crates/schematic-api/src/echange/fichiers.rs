//! What the exchanges read from and write to files outside the data's own
//! stores: untrusted files read with a size bound, never blocking on a pipe
//! or a device; every export written atomically and durably (temporary file,
//! fsync, rename, folder sync), nothing partial left behind.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use schematic_exchange::texte::nettoyer;

use crate::error::{ApiError, ErrorKind, phrase_io};

/// Reads at most `max` bytes of a file from outside; a bigger file is refused.
pub(crate) fn lire_borne(chemin: &Path, max: usize) -> Result<Vec<u8>, ApiError> {
    let echec = |e: std::io::Error| {
        ApiError::new(
            ErrorKind::Fichier,
            format!("Le fichier {} ne peut pas être lu : {}.", nettoyer(&chemin.display().to_string()), phrase_io(&e)),
        )
    };
    let mut octets = Vec::new();
    ouvrir_fichier_ordinaire(chemin).map_err(echec)?.take(max as u64 + 1).read_to_end(&mut octets).map_err(echec)?;
    if octets.len() > max {
        return Err(ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le fichier {} est trop gros ({max} octets au plus).", nettoyer(&chemin.display().to_string())),
        ));
    }
    Ok(octets)
}

/// Opens a file for reading only if it is a regular file, without ever
/// blocking: a named pipe, a device or a socket (found in a folder, named on
/// the command line, or put in place of a file) is refused, not waited for.
pub(crate) fn ouvrir_fichier_ordinaire(chemin: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let f = options.open(chemin)?;
    if f.metadata()?.is_file() {
        Ok(f)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "ce n’est pas un fichier ordinaire (tube nommé, périphérique ou socket)",
        ))
    }
}

/// Writes `octets` to `chemin` through a temporary file in the same folder,
/// flushed before it replaces the target: a reader never sees half a file,
/// and a failed write leaves neither a partial file nor the temporary one
/// (an existing target stays as it was).
pub(crate) fn ecrire_durablement(chemin: &Path, octets: &[u8]) -> Result<(), ApiError> {
    ecrire_atomiquement(chemin, |f| f.write_all(octets))
}

/// How often a rename refused by a file held for a moment (an antivirus
/// scanner opening the new file on Windows) is tried again: about a second.
const ESSAIS_RENOMMAGE: u32 = 20;

/// As [`ecrire_durablement`], the content written by `remplir`.
pub(crate) fn ecrire_atomiquement(
    chemin: &Path,
    remplir: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<(), ApiError> {
    let dossier = chemin.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let echec = |e: std::io::Error| {
        ApiError::new(
            ErrorKind::Fichier,
            format!("Le fichier {} ne peut pas être écrit : {}.", chemin.display(), phrase_io(&e)),
        )
    };
    fs::create_dir_all(&dossier).map_err(echec)?;
    // One temporary file per process: two processes writing the same file
    // never write into each other's.
    let temporaire = dossier.join(format!(
        ".{}.{}.tmp",
        chemin.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    let ecrit = fs::File::create(&temporaire).and_then(|mut f| {
        remplir(&mut f)?;
        f.sync_all()?;
        drop(f);
        let mut essai = 0;
        loop {
            match fs::rename(&temporaire, chemin) {
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && essai < ESSAIS_RENOMMAGE => {
                    essai += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                autre => break autre,
            }
        }
    });
    if let Err(e) = ecrit {
        let _ = fs::remove_file(&temporaire);
        return Err(echec(e));
    }
    // The new name itself is made durable (the folder's entry), where the
    // system allows syncing a folder.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dossier) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contenu_du_dossier(dossier: &Path) -> Vec<String> {
        let mut noms: Vec<String> =
            fs::read_dir(dossier).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        noms.sort();
        noms
    }

    #[test]
    fn a_write_that_fails_midway_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let cible = dir.path().join("diagnostic.json");
        let err = ecrire_atomiquement(&cible, |f| {
            f.write_all(b"{\"payload\": \"la moiti")?;
            Err(std::io::Error::other("disque plein"))
        })
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Fichier);
        assert!(err.message.starts_with(&format!("Le fichier {} ne peut pas être écrit", cible.display())), "{err:?}");
        assert!(contenu_du_dossier(dir.path()).is_empty(), "neither the target nor the temporary file");

        // Over an existing file: the old content stays whole.
        ecrire_durablement(&cible, b"version 1").unwrap();
        ecrire_atomiquement(&cible, |f| f.write_all(b"vers").and(Err(std::io::Error::other("coupure")))).unwrap_err();
        assert_eq!(fs::read(&cible).unwrap(), b"version 1");
        assert_eq!(contenu_du_dossier(dir.path()), ["diagnostic.json"]);
        ecrire_durablement(&cible, b"version 2").unwrap();
        assert_eq!(fs::read(&cible).unwrap(), b"version 2");
        assert_eq!(contenu_du_dossier(dir.path()), ["diagnostic.json"]);
    }

    #[test]
    fn a_target_that_cannot_be_replaced_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should go: the rename is refused.
        let cible = dir.path().join("rapport.pdf");
        fs::create_dir(&cible).unwrap();
        fs::write(cible.join("dedans.txt"), "à garder").unwrap();
        let err = ecrire_durablement(&cible, b"%PDF-1.7").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Fichier);
        assert_eq!(contenu_du_dossier(dir.path()), ["rapport.pdf"], "no temporary file left");
        assert_eq!(fs::read_to_string(cible.join("dedans.txt")).unwrap(), "à garder");
    }
}
