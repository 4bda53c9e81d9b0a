//! One batch of an import, and the trust rules of docs/format/import-dane.md
//! applied to it in Rust. A store reads, inside the batch's transaction, what
//! it holds about the batch's payloads and establishments ([`EtatLot`]); the
//! rules run over that state in memory ([`PlanLot`]) and give the writes
//! ([`Ecritures`]) the store then applies in the same transaction. The rules
//! are therefore written once, whatever the engine, and a batch costs a few
//! statements instead of several per file.

use std::collections::HashMap;

use schematic_core::import::StatutImport;

use crate::modele::{DiagnosticImporte, LigneRapport};

/// What a batch asks the store about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClesLot {
    /// Payload hashes (stored or set aside? first received when?).
    pub empreintes: Vec<String>,
    /// Establishment × school year (who holds it?), as stored (`0330021U`,
    /// `2025-2026`).
    pub etablissements: Vec<(String, String)>,
}

/// The diagnostic that holds an establishment's school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detenteur {
    pub empreinte: String,
    pub cle: String,
    pub enrole: bool,
    pub revision: u32,
    pub genere_le: String,
}

/// What the store holds about a batch's keys, read in its transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EtatLot {
    /// Payload hash → `false` stored, `true` set aside.
    pub connus: HashMap<String, bool>,
    /// Payload hash → first reception by the DANE.
    pub receptions: HashMap<String, String>,
    /// (UAI, year) → the diagnostic that holds it.
    pub detenteurs: HashMap<(String, String), Detenteur>,
}

/// A stored diagnostic moved aside, or a new one set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MiseAlEcart {
    pub motif: StatutImport,
    pub detail: String,
    pub le: String,
}

/// What a batch writes, in this order: receptions; stored diagnostics moved
/// aside, then removed; new diagnostics; new files set aside; report lines
/// (a line for a rank already written replaces its status and detail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ecritures {
    pub receptions: Vec<(String, String)>,
    /// Stored before this batch, now set aside (with their envelope).
    pub mis_a_l_ecart: Vec<(String, MiseAlEcart)>,
    /// Stored before this batch, replaced by a later one.
    pub retires: Vec<String>,
    pub diagnostics: Vec<DiagnosticImporte>,
    pub ecartes: Vec<(DiagnosticImporte, MiseAlEcart)>,
    pub lignes: Vec<LigneRapport>,
}

/// What storing a diagnostic did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// Stored; it replaced the diagnostic with this payload hash, if any
    /// (`ecarte`: the replaced one, from another key, was set aside).
    Importe { remplace: Option<String>, ecarte: bool },
    /// The same payload is already stored (`ecarte`: set aside).
    DejaImporte { ecarte: bool },
    /// A later diagnostic is already stored for the establishment and year:
    /// a later revision of the same key, or, from another enrolled key, one
    /// signed later (revision, signed at, same key).
    RevisionPlusAncienne { revision: u32, genere_le: String, meme_cle: bool },
    /// Set aside: another key holds the establishment's year and this file
    /// may not replace it (`enrole`: the holder's key is enrolled).
    Ecarte { enrole: bool },
}

/// Why an unenrolled holder leaves its place to an enrolled key's file.
pub const DETAIL_REMPLACE_PAR_ENROLE: &str =
    "Remplacé par un diagnostic signé par une clé enrôlée pour cet établissement et cette année.";

/// Where a diagnostic that holds a year in this batch lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Stored before this batch.
    Stocke,
    /// New in this batch, at this index of `Ecritures::diagnostics`.
    Nouveau(usize),
}

/// The rules applied to a batch, over the state read for it.
#[derive(Debug)]
pub struct PlanLot {
    etat: EtatLot,
    places: HashMap<String, Place>,
    ecritures: Ecritures,
    /// Slots of `ecritures.diagnostics` emptied by a later file of the batch.
    retires_du_lot: Vec<bool>,
}

impl PlanLot {
    pub fn nouveau(etat: EtatLot) -> Self {
        let places = etat.detenteurs.values().map(|d| (d.empreinte.clone(), Place::Stocke)).collect();
        Self { etat, places, ecritures: Ecritures::default(), retires_du_lot: Vec::new() }
    }

    /// The first time the DANE received this payload: `maintenant` if it
    /// never did (and that is written), else the earlier time.
    pub fn recevoir(&mut self, empreinte: &str, maintenant: &str) -> String {
        if let Some(t) = self.etat.receptions.get(empreinte) {
            return t.clone();
        }
        self.etat.receptions.insert(empreinte.to_string(), maintenant.to_string());
        self.ecritures.receptions.push((empreinte.to_string(), maintenant.to_string()));
        maintenant.to_string()
    }

    /// Records one file's status in the import report.
    pub fn noter(&mut self, ligne: LigneRapport) {
        self.ecritures.lignes.push(ligne);
    }

    fn deja(&self, empreinte: &str) -> Option<Issue> {
        self.etat.connus.get(empreinte).map(|&ecarte| Issue::DejaImporte { ecarte })
    }

    /// Stores a diagnostic, applying the trust rules: the same payload is not
    /// stored twice; one diagnostic per establishment and school year; a
    /// later revision of the same key replaces an earlier one; an enrolled
    /// key's file replaces an unenrolled key's (set aside), never the
    /// reverse; between two enrolled keys the later signed wins; an
    /// unenrolled file facing another key's is set aside.
    pub fn enregistrer(&mut self, d: DiagnosticImporte) -> Issue {
        if let Some(deja) = self.deja(&d.empreinte) {
            return deja;
        }
        let cle_annee = (d.uai.as_str().to_string(), d.annee.to_string());
        let courant = self.etat.detenteurs.get(&cle_annee).cloned();
        let mut ecarte = false;
        if let Some(c) = &courant {
            let meme_cle = c.cle == d.cle;
            let plus_ancien = if meme_cle {
                (c.revision, c.genere_le.as_str()) >= (d.revision, d.genere_le.as_str())
            } else {
                match (c.enrole, d.enrole) {
                    (true, true) => c.genere_le.as_str() >= d.genere_le.as_str(),
                    (_, false) => {
                        let detail = if c.enrole {
                            "Un diagnostic signé par une clé enrôlée est déjà importé pour cet établissement et cette année."
                        } else {
                            "Un diagnostic signé par une autre clé, non enrôlée elle aussi, est déjà importé pour cet établissement et cette année."
                        };
                        let le = d.importe_le.clone();
                        self.ecarter(d, StatutImport::Ecarte, detail.into(), le);
                        return Issue::Ecarte { enrole: c.enrole };
                    }
                    (false, true) => {
                        // The unenrolled holder is set aside, kept for the record.
                        self.mettre_a_l_ecart(&c.empreinte, &d.importe_le);
                        ecarte = true;
                        false
                    }
                }
            };
            if plus_ancien {
                return Issue::RevisionPlusAncienne { revision: c.revision, genere_le: c.genere_le.clone(), meme_cle };
            }
        }
        let remplace = courant.map(|c| c.empreinte);
        if let Some(ancien) = &remplace
            && !ecarte
        {
            self.retirer(ancien);
        }
        self.etat.connus.insert(d.empreinte.clone(), false);
        self.etat.detenteurs.insert(
            cle_annee,
            Detenteur {
                empreinte: d.empreinte.clone(),
                cle: d.cle.clone(),
                enrole: d.enrole,
                revision: d.revision,
                genere_le: d.genere_le.clone(),
            },
        );
        self.places.insert(d.empreinte.clone(), Place::Nouveau(self.ecritures.diagnostics.len()));
        self.ecritures.diagnostics.push(d);
        self.retires_du_lot.push(false);
        Issue::Importe { remplace, ecarte }
    }

    /// Sets a validly signed diagnostic aside: kept as received, never
    /// counted. Returns [`Issue::DejaImporte`] if the payload is already
    /// stored or set aside.
    pub fn ecarter_pour(&mut self, d: DiagnosticImporte, motif: StatutImport, detail: String) -> Option<Issue> {
        if let Some(deja) = self.deja(&d.empreinte) {
            return Some(deja);
        }
        let le = d.importe_le.clone();
        self.ecarter(d, motif, detail, le);
        None
    }

    fn ecarter(&mut self, d: DiagnosticImporte, motif: StatutImport, detail: String, le: String) {
        self.etat.connus.insert(d.empreinte.clone(), true);
        self.ecritures.ecartes.push((d, MiseAlEcart { motif, detail, le }));
    }

    /// The diagnostic `empreinte`, which holds its year, leaves its place
    /// (replaced by a later one).
    fn retirer(&mut self, empreinte: &str) {
        self.etat.connus.remove(empreinte);
        match self.places.remove(empreinte) {
            Some(Place::Nouveau(i)) => self.retires_du_lot[i] = true,
            Some(Place::Stocke) | None => self.ecritures.retires.push(empreinte.to_string()),
        }
    }

    /// The unenrolled diagnostic `empreinte`, which holds its year, is set
    /// aside for an enrolled key's file (at `le`).
    fn mettre_a_l_ecart(&mut self, empreinte: &str, le: &str) {
        self.etat.connus.insert(empreinte.to_string(), true);
        let ecart =
            MiseAlEcart { motif: StatutImport::Ecarte, detail: DETAIL_REMPLACE_PAR_ENROLE.into(), le: le.to_string() };
        match self.places.remove(empreinte) {
            Some(Place::Nouveau(i)) => {
                self.retires_du_lot[i] = true;
                let d = self.ecritures.diagnostics[i].clone();
                self.ecritures.ecartes.push((d, ecart));
            }
            Some(Place::Stocke) | None => self.ecritures.mis_a_l_ecart.push((empreinte.to_string(), ecart)),
        }
    }

    /// The writes of the batch, for the store to apply.
    pub fn ecritures(mut self) -> Ecritures {
        let mut garde = self.retires_du_lot.into_iter();
        self.ecritures.diagnostics.retain(|_| !garde.next().unwrap_or(false));
        self.ecritures
    }
}

#[cfg(test)]
mod tests;
