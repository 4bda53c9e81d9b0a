//! The Windows programs and the MSI, read without installing them.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{lancer, texte, verifier};
use crate::{Resultat, paquets};

/// Both programs carry a version resource (what Explorer's properties and
/// IT inventories show): product, version, publisher, in UTF-16 as Windows
/// stores them.
pub(super) fn ressources_de_version(dossier: &Path) -> Resultat {
    let version = paquets::version()?;
    let utf16 = |t: &str| t.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
    for exe in ["schematic-app.exe", "schematic.exe"] {
        let octets = fs::read(dossier.join(exe)).map_err(|e| format!("{exe} ({e})"))?;
        let contient = |cle: &str, valeur: &str| {
            let (cle, valeur) = (utf16(cle), utf16(valeur));
            octets.windows(cle.len()).position(|w| w == cle.as_slice()).is_some_and(|i| {
                let suite = &octets[i + cle.len()..(i + cle.len() + 64 + valeur.len()).min(octets.len())];
                suite.windows(valeur.len()).any(|w| w == valeur.as_slice())
            })
        };
        verifier(
            contient("ProductName", "SchémaTIC")
                && contient("ProductVersion", &version)
                && contient("CompanyName", "SchémaTIC"),
            &format!("{exe} : ressource de version (SchémaTIC {version}, éditeur)"),
            || "absente ou incomplète".into(),
        )?;
    }
    Ok(())
}

/// The rows of one table, as `msiinfo export` gives them (three header lines).
fn table(msi: &Path, nom: &str) -> Result<Vec<Vec<String>>, String> {
    let o = lancer(Command::new("msiinfo").arg("export").arg(msi).arg(nom))?;
    if !o.status.success() {
        return Err(format!("msiinfo export {nom} : {}", texte(&o)));
    }
    Ok(String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(3)
        .map(|l| l.trim_end_matches('\r').split('\t').map(str::to_string).collect())
        .collect())
}

pub(super) fn inspecter_msi(msi: &Path) -> Resultat {
    let proprietes = table(msi, "Property")?;
    let propriete = |nom: &str| proprietes.iter().find(|l| l[0] == nom).and_then(|l| l.get(1)).cloned();
    verifier(
        propriete("ALLUSERS").as_deref() == Some("1"),
        "Property : ALLUSERS=1 (installation par machine)",
        || format!("{:?}", propriete("ALLUSERS")),
    )?;
    verifier(
        propriete("ProductLanguage").as_deref() == Some("1036"),
        "Property : ProductLanguage=1036 (français)",
        || format!("{:?}", propriete("ProductLanguage")),
    )?;
    let version = paquets::version()?;
    verifier(propriete("ProductVersion") == Some(version.clone()), "Property : ProductVersion du projet", || {
        format!("{:?} au lieu de {version}", propriete("ProductVersion"))
    })?;
    let code_mise_a_niveau = propriete("UpgradeCode").unwrap_or_default();
    let mises_a_niveau = table(msi, "Upgrade")?;
    verifier(
        mises_a_niveau.iter().any(|l| {
            l[0] == code_mise_a_niveau.to_uppercase() && l.get(6).is_some_and(|p| p == "WIX_UPGRADE_DETECTED")
        }),
        "Upgrade : une ligne du même UpgradeCode retire les versions plus anciennes (MajorUpgrade)",
        || format!("{mises_a_niveau:?}"),
    )?;
    let sequence = table(msi, "InstallExecuteSequence")?;
    for action in ["RemoveExistingProducts", "WriteEnvironmentStrings", "RemoveEnvironmentStrings"] {
        verifier(sequence.iter().any(|l| l[0] == action), &format!("InstallExecuteSequence : {action}"), || {
            format!("{sequence:?}")
        })?;
    }
    let fichiers = table(msi, "File")?;
    for f in ["schematic-app.exe", "schematic.exe", "WebView2Loader.dll"] {
        verifier(
            fichiers.iter().any(|l| l.get(2).is_some_and(|n| n.rsplit('|').next() == Some(f))),
            &format!("File : {f}"),
            || format!("{fichiers:?}"),
        )?;
    }
    let raccourcis = table(msi, "Shortcut")?;
    verifier(
        raccourcis
            .iter()
            .any(|l| l[1] == "ProgramMenuFolder" && l.get(4).is_some_and(|c| c.ends_with("schematic-app.exe"))),
        "Shortcut : SchémaTIC dans le menu Démarrer",
        || format!("{raccourcis:?}"),
    )?;
    let registre = table(msi, "Registry")?;
    verifier(
        !registre.is_empty() && registre.iter().all(|l| l[1] == "2"),
        "Registry : HKLM seulement, aucune ligne HKCU",
        || format!("{registre:?}"),
    )?;
    let environnement = table(msi, "Environment")?;
    verifier(
        environnement
            .iter()
            .any(|l| l[1] == "=-*PATH" && l[2] == "[~];[INSTALLDIR]" && l[3] == "CheminLigneDeCommande"),
        "Environment : le dossier d’installation ajouté au PATH du système (fonction facultative)",
        || format!("{environnement:?}"),
    )?;
    let fonctions = table(msi, "Feature")?;
    verifier(
        fonctions.iter().any(|l| l[0] == "CheminLigneDeCommande"),
        "Feature : « Ligne de commande dans le PATH »",
        || format!("{fonctions:?}"),
    )?;
    let actions = table(msi, "CustomAction")?;
    verifier(
        actions.is_empty(),
        "CustomAction : aucune (rien n’est téléchargé ni exécuté pendant l’installation)",
        || format!("{actions:?}"),
    )?;
    let resume = lancer(Command::new("msiinfo").arg("suminfo").arg(msi))?;
    let resume = String::from_utf8_lossy(&resume.stdout).into_owned();
    verifier(resume.contains("Template: x64;1036"), "Résumé : paquet x64, langue 1036", || resume.clone())
}
