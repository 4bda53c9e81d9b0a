//! The one place that knows where an installation's data lives. The CLI and
//! the app must find the same database, so both ask here.

use std::path::{Path, PathBuf};

use schematic_store::ModeJournal;

use crate::error::{ApiError, ErrorKind};

/// The app identifier, also the name of the data folder.
pub const IDENTIFIANT: &str = "fr.schematic.app";
/// Environment variable that overrides the data directory.
pub const VARIABLE: &str = "SCHEMATIC_DATA_DIR";
/// File name of the database inside the data directory.
pub const BASE: &str = "schematic.sqlite";

/// The DANE space's store, when it is a SQLite file (the default).
pub const BASE_DANE: &str = "dane.sqlite";

/// The data directory: `explicite` (from `--data-dir`) if given, else
/// `$SCHEMATIC_DATA_DIR` if set and not empty, else the platform's local data
/// directory (`~/.local/share/fr.schematic.app`,
/// `%LOCALAPPDATA%\fr.schematic.app` — not the roaming `%APPDATA%`, which
/// school profiles copy from PC to PC and which may sit on a server).
pub fn resoudre(explicite: Option<PathBuf>) -> Result<PathBuf, ApiError> {
    if let Some(d) = explicite.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(d);
    }
    if let Some(d) = std::env::var_os(VARIABLE).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_local_dir().map(|d| d.join(IDENTIFIANT)).ok_or_else(|| {
        ApiError::new(
            ErrorKind::Fichier,
            format!("Le dossier de données de l’utilisateur est introuvable : indiquez-en un avec --data-dir ou la variable {VARIABLE}."),
        )
    })
}

/// Where a folder is, as far as SQLite cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeVolume {
    Local,
    /// A network share (SMB, NFS, a mapped drive letter…): SQLite's WAL
    /// needs memory shared between processes, which a share does not give.
    Reseau,
}

/// Tells what kind of volume a folder is on. The system's answer in the app
/// and the CLI; a fake one in tests.
pub trait Volumes {
    fn type_de(&self, dossier: &Path) -> TypeVolume;
}

/// The journal mode a database in `dossier` must use.
pub fn mode_journal(dossier: &Path, volumes: &dyn Volumes) -> ModeJournal {
    match volumes.type_de(dossier) {
        TypeVolume::Local => ModeJournal::Wal,
        TypeVolume::Reseau => ModeJournal::Delete,
    }
}

/// The operating system's answer. On Windows the folder's final path tells:
/// a mapped drive or a share resolves to `\\?\UNC\server\share\…`
/// (the same answer as `GetDriveTypeW`'s `DRIVE_REMOTE`, without unsafe code
/// in the workspace). On Linux the file system type of the mount holding it
/// (`/proc/self/mountinfo`). Elsewhere, and when it cannot be known, local.
#[derive(Debug, Clone, Copy, Default)]
pub struct VolumesDuSysteme;

impl Volumes for VolumesDuSysteme {
    fn type_de(&self, dossier: &Path) -> TypeVolume {
        let reel = std::fs::canonicalize(dossier).unwrap_or_else(|_| dossier.to_path_buf());
        let reseau = if cfg!(windows) {
            chemin_windows_en_reseau(&reel.to_string_lossy())
        } else if cfg!(target_os = "linux") {
            std::fs::read_to_string("/proc/self/mountinfo").is_ok_and(|m| montage_en_reseau(&m, &reel))
        } else {
            false
        };
        if reseau { TypeVolume::Reseau } else { TypeVolume::Local }
    }
}

/// A Windows path on a share: `\\server\share\…` or its verbatim form
/// `\\?\UNC\server\share\…`; not a drive (`C:\`, `\\?\C:\`) nor a
/// device (`\\.\…`).
pub fn chemin_windows_en_reseau(chemin: &str) -> bool {
    let majuscules = chemin.to_ascii_uppercase();
    if let Some(reste) = majuscules.strip_prefix(r"\\?\") {
        return reste.starts_with(r"UNC\");
    }
    majuscules.starts_with(r"\\") && !majuscules.starts_with(r"\\.\")
}

/// File system types that live on another machine.
const SYSTEMES_RESEAU: &[&str] =
    &["nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "davfs", "fuse.sshfs", "fuse.davfs2"];

/// Whether the mount holding `chemin` (the longest mount point that is one of
/// its ancestors) has a network file system type, read from the text of
/// `/proc/self/mountinfo` (proc(5): the mount point is the fifth field, with
/// spaces written `\040`; the type follows the ` - ` separator).
pub fn montage_en_reseau(mountinfo: &str, chemin: &Path) -> bool {
    let mut meilleur: Option<(usize, &str)> = None;
    for ligne in mountinfo.lines() {
        let Some((avant, apres)) = ligne.split_once(" - ") else { continue };
        let Some(point) = avant.split(' ').nth(4) else { continue };
        let Some(systeme) = apres.split(' ').next() else { continue };
        let point = point.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
        if chemin.starts_with(&point) && meilleur.is_none_or(|(longueur, _)| point.len() >= longueur) {
            meilleur = Some((point.len(), systeme));
        }
    }
    meilleur.is_some_and(|(_, systeme)| SYSTEMES_RESEAU.contains(&systeme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_shares_and_mapped_drives_are_network_paths() {
        for reseau in [r"\\serveur\partage\SchémaTIC", r"\\?\UNC\serveur\partage\fr.schematic.app", r"\\?\unc\srv\p"] {
            assert!(chemin_windows_en_reseau(reseau), "{reseau}");
        }
        for local in [r"C:\Users\dir\AppData\Local\fr.schematic.app", r"\\?\C:\Users\dir", r"\\.\PhysicalDrive0", "D:"]
        {
            assert!(!chemin_windows_en_reseau(local), "{local}");
        }
    }

    #[test]
    fn the_mount_holding_a_folder_gives_its_type() {
        let mountinfo = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:25 / /home rw,relatime shared:2 - ext4 /dev/sda2 rw
41 30 0:40 / /home/partage rw,relatime shared:9 - cifs //srv/partage rw,vers=3.0
42 22 0:41 / /mnt/nfs rw,relatime - nfs4 srv:/export rw
43 22 0:42 / /mnt/mes\\040documents rw - nfs srv:/docs rw
44 22 0:43 / /run/user/0/gvfs rw - fuse.sshfs srv: rw
";
        let reseau = |chemin: &str| montage_en_reseau(mountinfo, Path::new(chemin));
        assert!(reseau("/home/partage/fr.schematic.app"));
        assert!(reseau("/mnt/nfs/dane"));
        assert!(reseau("/mnt/mes documents/schematic"), "escaped spaces are read");
        assert!(reseau("/run/user/0/gvfs/x"));
        assert!(!reseau("/home/dir/.local/share/fr.schematic.app"), "the longest mount wins: ext4");
        assert!(!reseau("/home/partagee"), "a path is not a prefix of a sibling");
        assert!(!reseau("/tmp"));
        assert!(!montage_en_reseau("", Path::new("/tmp")), "unknown: local");
    }

    #[test]
    fn the_system_says_a_temporary_folder_is_local() {
        let dir = std::env::temp_dir();
        assert_eq!(VolumesDuSysteme.type_de(&dir), TypeVolume::Local);
        assert_eq!(mode_journal(&dir, &VolumesDuSysteme), ModeJournal::Wal);
    }
}
