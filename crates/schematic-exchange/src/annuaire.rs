//! Reading the national *annuaire de l'éducation* (open data CSV) and the
//! optional `uai;circonscription` file. Untrusted input: the caller caps the
//! size; here the structure is checked (required columns, one clear sentence
//! when missing) and each bad row is skipped with its line number and reason,
//! never guessed.
//!
//! Accepted: `;` or `,` as separator, with or without a UTF-8 BOM, headers as
//! labels (`Identifiant_de_l_etablissement`) or lower-case field names, extra
//! columns ignored.

use std::io::{BufRead, BufReader, Read};

use schematic_core::Uai;
pub use schematic_core::annuaire::EtablissementAnnuaire;
use schematic_core::annuaire::famille;
use schematic_core::territoire;

use crate::error::ExchangeError;

/// A row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LigneIgnoree {
    pub ligne: u64,
    pub raison: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annuaire {
    pub etablissements: Vec<EtablissementAnnuaire>,
    pub ignorees: Vec<LigneIgnoree>,
}

/// The columns read, by their lower-case names.
const UAI: &str = "identifiant_de_l_etablissement";
const NOM: &str = "nom_etablissement";
const TYPE: &str = "type_etablissement";
const FACULTATIVES: [&str; 7] = [
    "statut_public_prive",
    "code_postal",
    "nom_commune",
    "code_departement",
    "libelle_departement",
    "libelle_academie",
    "etat",
];

/// Opens a CSV reader on `source`, skipping a BOM and choosing the separator
/// from the header line.
fn lecteur<R: Read>(source: R) -> Result<csv::Reader<BufReader<R>>, ExchangeError> {
    let mut tampon = BufReader::with_capacity(256 * 1024, source);
    let debut =
        tampon.fill_buf().map_err(|e| ExchangeError::Format(format!("Le fichier ne peut pas être lu : {e}.")))?;
    let bom = debut.starts_with(b"\xEF\xBB\xBF");
    let entete = &debut[if bom { 3 } else { 0 }..];
    let entete = &entete[..entete.iter().position(|&b| b == b'\n').unwrap_or(entete.len())];
    let compter = |c: u8| entete.iter().filter(|&&b| b == c).count();
    let separateur = if compter(b',') > compter(b';') { b',' } else { b';' };
    if bom {
        tampon.consume(3);
    }
    Ok(csv::ReaderBuilder::new().delimiter(separateur).flexible(true).has_headers(false).from_reader(tampon))
}

/// Reads the next record into `enregistrement` and returns its line number;
/// a record the CSV reader cannot read is noted in `ignorees` and skipped.
fn suivante<R: Read>(
    csv: &mut csv::Reader<R>,
    enregistrement: &mut csv::ByteRecord,
    ignorees: &mut Vec<LigneIgnoree>,
) -> Option<u64> {
    loop {
        let ligne = csv.position().line();
        match csv.read_byte_record(enregistrement) {
            Ok(true) => return Some(ligne),
            Ok(false) => return None,
            Err(e) => ignorees.push(LigneIgnoree { ligne, raison: format!("ligne illisible ({e})") }),
        }
    }
}

fn texte(champ: &[u8]) -> Option<String> {
    std::str::from_utf8(champ).ok().map(|s| s.trim().to_string())
}

/// Reads the annuaire CSV.
pub fn lire_annuaire(source: impl Read) -> Result<Annuaire, ExchangeError> {
    let mut csv = lecteur(source)?;
    let mut enregistrement = csv::ByteRecord::new();
    let lu = csv
        .read_byte_record(&mut enregistrement)
        .map_err(|e| ExchangeError::Format(format!("La première ligne de l’annuaire ne peut pas être lue ({e}).")))?;
    if !lu {
        return Err(ExchangeError::Format("Le fichier de l’annuaire est vide.".into()));
    }
    let noms: Vec<String> = enregistrement.iter().map(|c| texte(c).unwrap_or_default().to_lowercase()).collect();
    let colonne = |nom: &str| noms.iter().position(|n| n == nom);
    let manquantes: Vec<&str> = [UAI, NOM, TYPE].into_iter().filter(|n| colonne(n).is_none()).collect();
    if !manquantes.is_empty() {
        return Err(ExchangeError::Format(format!(
            "Ce fichier n’est pas l’annuaire de l’éducation : colonne{} {} absente{} (attendu l’export CSV de l’annuaire, avec au moins Identifiant_de_l_etablissement, Nom_etablissement et Type_etablissement).",
            if manquantes.len() > 1 { "s" } else { "" },
            manquantes.join(", "),
            if manquantes.len() > 1 { "s" } else { "" },
        )));
    }
    let (i_uai, i_nom, i_type) = (colonne(UAI).unwrap_or(0), colonne(NOM).unwrap_or(0), colonne(TYPE).unwrap_or(0));
    let facultatives: Vec<Option<usize>> = FACULTATIVES.iter().map(|n| colonne(n)).collect();

    let mut annuaire = Annuaire::default();
    while let Some(ligne) = suivante(&mut csv, &mut enregistrement, &mut annuaire.ignorees) {
        if enregistrement.iter().all(<[u8]>::is_empty) {
            continue;
        }
        match lire_ligne(&enregistrement, i_uai, i_nom, i_type, &facultatives) {
            Ok(l) => annuaire.etablissements.push(l),
            Err(raison) => annuaire.ignorees.push(LigneIgnoree { ligne, raison }),
        }
    }
    Ok(annuaire)
}

fn lire_ligne(
    e: &csv::ByteRecord,
    i_uai: usize,
    i_nom: usize,
    i_type: usize,
    facultatives: &[Option<usize>],
) -> Result<EtablissementAnnuaire, String> {
    let champ = |i: usize| -> Result<String, String> {
        e.get(i).map_or(Ok(String::new()), |c| texte(c).ok_or_else(|| "caractères qui ne sont pas de l’UTF-8".into()))
    };
    let facultatif = |k: usize| -> Result<String, String> { facultatives[k].map_or(Ok(String::new()), champ) };
    let saisi = champ(i_uai)?;
    let uai = Uai::parse(&saisi).map_err(|err| err.to_string())?;
    let nom = champ(i_nom)?;
    if nom.is_empty() {
        return Err(format!("l’établissement {uai} n’a pas de nom"));
    }
    let type_libelle = champ(i_type)?;
    let departement_saisi = facultatif(3)?;
    let connu =
        territoire::departement(&departement_saisi).or_else(|| territoire::departement_du_prefixe(&uai.as_str()[..3]));
    let departement = connu.map_or(departement_saisi.trim_start_matches('0').to_string(), |d| d.code.to_string());
    let libelle_departement = Some(facultatif(4)?).filter(|l| !l.is_empty()).or_else(|| connu.map(|d| d.nom.into()));
    let academie = Some(facultatif(5)?).filter(|l| !l.is_empty()).or_else(|| connu.map(|d| d.academie.into()));
    let etat = facultatif(6)?.to_uppercase();
    Ok(EtablissementAnnuaire {
        uai: uai.as_str().to_string(),
        nom,
        famille: famille(&type_libelle),
        type_libelle,
        secteur: facultatif(0)?,
        code_postal: facultatif(1)?,
        commune: facultatif(2)?,
        departement,
        libelle_departement: libelle_departement.unwrap_or_default(),
        academie: academie.unwrap_or_default(),
        ouvert: etat.is_empty() || etat == "OUVERT" || etat == "A FERMER" || etat == "À FERMER",
    })
}

/// The `uai;circonscription` file: pairs (UAI, circonscription) and the rows skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Circonscriptions {
    pub lignes: Vec<(String, String)>,
    pub ignorees: Vec<LigneIgnoree>,
}

/// Reads a `uai;circonscription` file (a header line is allowed).
pub fn lire_circonscriptions(source: impl Read) -> Result<Circonscriptions, ExchangeError> {
    let mut csv = lecteur(source)?;
    let mut enregistrement = csv::ByteRecord::new();
    let (mut lignes, mut ignorees) = (Vec::new(), Vec::new());
    let mut premiere = true;
    while let Some(ligne) = suivante(&mut csv, &mut enregistrement, &mut ignorees) {
        let champs: Vec<Option<String>> = enregistrement.iter().map(texte).collect();
        let entete = std::mem::replace(&mut premiere, false);
        match champs.as_slice() {
            [Some(u), Some(c), ..] => match Uai::parse(u) {
                Ok(uai) if !c.is_empty() => lignes.push((uai.as_str().to_string(), c.clone())),
                Ok(uai) => ignorees.push(LigneIgnoree { ligne, raison: format!("pas de circonscription pour {uai}") }),
                Err(_) if entete => {}
                Err(e) => ignorees.push(LigneIgnoree { ligne, raison: e.to_string() }),
            },
            [] | [Some(_)] if enregistrement.iter().all(<[u8]>::is_empty) => {}
            _ => ignorees.push(LigneIgnoree {
                ligne,
                raison: "attendu deux colonnes : UAI puis circonscription, en UTF-8".into(),
            }),
        }
    }
    if lignes.is_empty() {
        return Err(ExchangeError::Format(
            "Le fichier des circonscriptions ne contient aucune ligne « UAI;circonscription » utilisable.".into(),
        ));
    }
    Ok(Circonscriptions { lignes, ignorees })
}

#[cfg(test)]
mod tests;
