//! Reading the national *annuaire de l'éducation* (open data CSV) and the
//! optional `uai;circonscription` file. Untrusted input, read as a stream in
//! bounded memory: the caller caps the size; here the encoding is detected
//! (UTF-8, or Windows-1252 converted), the structure is checked (required
//! columns, the header's number of fields on every row, no line over
//! [`LIGNE_MAX`] bytes, no quote left open — each stops the read with its
//! line), and each bad row is skipped and counted with its line number and
//! reason, never guessed.
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

mod decodage;

pub use decodage::{Decodeur, Encodage, LIGNE_MAX};

/// A row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LigneIgnoree {
    pub ligne: u64,
    pub raison: String,
}

/// How many ignored rows are kept as examples (the others are counted).
pub const EXEMPLES_MAX: usize = 10;

/// What reading an annuaire found. Rows are handed over one by one as they
/// are read: nothing grows with the file but the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilan {
    /// Rows read (blank lines and the header aside).
    pub lignes: u64,
    pub retenues: u64,
    /// Rows that could not be used (their reasons: [`Bilan::exemples`]).
    pub ignorees: u64,
    /// Rows whose UAI an earlier row already gave (the first row is kept).
    pub doublons: u64,
    /// The first ignored or duplicate rows, at most [`EXEMPLES_MAX`].
    pub exemples: Vec<LigneIgnoree>,
    pub encodage: Encodage,
}

impl Bilan {
    fn noter(&mut self, ligne: u64, raison: String) {
        if self.exemples.len() < EXEMPLES_MAX {
            self.exemples.push(LigneIgnoree { ligne, raison });
        }
    }
}

/// What the receiver of a row did with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accueil {
    Retenu,
    /// The UAI was already given, by this line.
    Doublon {
        premiere_ligne: u64,
    },
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

/// Opens a CSV reader on the decoded text of `source`, skipping a BOM and
/// choosing the separator from the header line; `souple`: rows may have
/// any number of fields.
fn lecteur<R: Read>(source: R, souple: bool) -> Result<csv::Reader<BufReader<Decodeur<R>>>, ExchangeError> {
    let mut tampon = BufReader::with_capacity(256 * 1024, Decodeur::new(source));
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
    Ok(csv::ReaderBuilder::new().delimiter(separateur).flexible(souple).has_headers(false).from_reader(tampon))
}

/// Reads the next record into `enregistrement` and returns its line number.
/// A structure error (a line too long, a quote left open, a row with another
/// number of fields than the header) stops the read with its line.
fn suivante<R: Read>(
    csv: &mut csv::Reader<BufReader<Decodeur<R>>>,
    enregistrement: &mut csv::ByteRecord,
) -> Result<Option<u64>, ExchangeError> {
    let ligne = csv.position().line();
    match csv.read_byte_record(enregistrement) {
        Ok(true) => Ok(Some(ligne)),
        Ok(false) => Ok(None),
        Err(e) => Err(ExchangeError::Format(match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, pos } => format!(
                "Lecture arrêtée à la ligne {} : {len} champs au lieu des {expected_len} de l’en-tête (un séparateur ou un guillemet en trop ?). Corrigez cette ligne, puis importez de nouveau.",
                pos.as_ref().map_or(ligne, csv::Position::line)
            ),
            _ => match csv.get_ref().get_ref().erreur() {
                Some(m) => format!("Lecture arrêtée à la {m}."),
                None => format!("Lecture arrêtée à la ligne {ligne} : le fichier ne peut pas être lu ({e})."),
            },
        })),
    }
}

fn texte(champ: &[u8]) -> Option<String> {
    std::str::from_utf8(champ).ok().map(|s| s.trim().to_string())
}

/// Reads the annuaire CSV, handing each usable row to `recevoir` with its
/// line number as it is read.
pub fn lire_annuaire<R: Read>(
    source: R,
    mut recevoir: impl FnMut(&EtablissementAnnuaire, u64) -> Result<Accueil, ExchangeError>,
) -> Result<Bilan, ExchangeError> {
    let mut csv = lecteur(source, false)?;
    let mut enregistrement = csv::ByteRecord::new();
    let lu = suivante(&mut csv, &mut enregistrement)?;
    if lu.is_none() {
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

    let mut bilan =
        Bilan { lignes: 0, retenues: 0, ignorees: 0, doublons: 0, exemples: Vec::new(), encodage: Encodage::Ascii };
    while let Some(ligne) = suivante(&mut csv, &mut enregistrement)? {
        if enregistrement.iter().all(<[u8]>::is_empty) {
            continue;
        }
        bilan.lignes += 1;
        match lire_ligne(&enregistrement, i_uai, i_nom, i_type, &facultatives) {
            Ok(e) => match recevoir(&e, ligne)? {
                Accueil::Retenu => bilan.retenues += 1,
                Accueil::Doublon { premiere_ligne } => {
                    bilan.doublons += 1;
                    bilan.noter(
                        ligne,
                        format!("UAI {} déjà donné ligne {premiere_ligne} (la première est gardée)", e.uai),
                    );
                }
            },
            Err(raison) => {
                bilan.ignorees += 1;
                bilan.noter(ligne, crate::texte::nettoyer_au_plus(&raison, 200));
            }
        }
    }
    bilan.encodage = csv.get_ref().get_ref().encodage();
    Ok(bilan)
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
    pub ignorees: u64,
    /// The first rows skipped, at most [`EXEMPLES_MAX`].
    pub exemples: Vec<LigneIgnoree>,
}

/// Reads a `uai;circonscription` file (a header line is allowed).
pub fn lire_circonscriptions(source: impl Read) -> Result<Circonscriptions, ExchangeError> {
    let mut csv = lecteur(source, true)?;
    let mut enregistrement = csv::ByteRecord::new();
    let mut c = Circonscriptions::default();
    let ignorer = |c: &mut Circonscriptions, ligne, raison: String| {
        c.ignorees += 1;
        if c.exemples.len() < EXEMPLES_MAX {
            c.exemples.push(LigneIgnoree { ligne, raison });
        }
    };
    let mut premiere = true;
    while let Some(ligne) = suivante(&mut csv, &mut enregistrement)? {
        let champs: Vec<Option<String>> = enregistrement.iter().map(texte).collect();
        let entete = std::mem::replace(&mut premiere, false);
        match champs.as_slice() {
            [Some(u), Some(circ), ..] => match Uai::parse(u) {
                Ok(uai) if !circ.is_empty() => c.lignes.push((uai.as_str().to_string(), circ.clone())),
                Ok(uai) => ignorer(&mut c, ligne, format!("pas de circonscription pour {uai}")),
                Err(_) if entete => {}
                Err(e) => ignorer(&mut c, ligne, e.to_string()),
            },
            [] | [Some(_)] if enregistrement.iter().all(<[u8]>::is_empty) => {}
            _ => ignorer(&mut c, ligne, "attendu deux colonnes : UAI puis circonscription".into()),
        }
    }
    if c.lignes.is_empty() {
        return Err(ExchangeError::Format(
            "Le fichier des circonscriptions ne contient aucune ligne « UAI;circonscription » utilisable.".into(),
        ));
    }
    Ok(c)
}

#[cfg(test)]
mod tests;
