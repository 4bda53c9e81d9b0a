//! Diagnostics imported by the DANE: one batch (`Lot`) is one transaction
//! over many files; each file's status is recorded in the import report in
//! the same transaction as its data.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::dane::EnrolementEnregistre;
use crate::error::StoreError;
use crate::store::Store;

/// A verified diagnostic, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticImporte {
    /// SHA-256 of the payload: the identity of an import.
    pub empreinte: String,
    pub uai: String,
    pub annee: String,
    pub referentiel: String,
    pub version_referentiel: String,
    /// The fingerprint of the exact version answered.
    pub empreinte_referentiel: String,
    pub revision: u32,
    pub genere_le: String,
    /// `brouillon` or `finalise`.
    pub statut: String,
    pub cle: String,
    pub enrole: bool,
    pub certificat: Option<String>,
    /// One character per item of the version answered, see
    /// `schematic_core::synthese`.
    pub niveaux: String,
    pub fichier: String,
    pub importe_le: String,
    /// The envelope as received (JSON bytes).
    pub enveloppe: Vec<u8>,
}

/// What storing a diagnostic did (the trust rules of docs/format/import-dane.md).
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

/// Why a diagnostic is set aside, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecart<'a> {
    /// An import status code.
    pub motif: &'a str,
    pub detail: &'a str,
}

/// One line of an import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LigneRapport {
    pub rang: u32,
    pub chemin: String,
    pub statut: String,
    pub detail: String,
    pub uai: Option<String>,
    pub annee: Option<String>,
}

/// A stored diagnostic, as listed for one establishment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticDane {
    pub empreinte: String,
    pub annee: String,
    pub referentiel: String,
    /// The fingerprint of the version answered (its *niveaux* follow it).
    pub empreinte_referentiel: String,
    pub revision: u32,
    pub statut: String,
    pub genere_le: String,
    pub enrole: bool,
    pub niveaux: String,
    pub importe_le: String,
}

/// A file set aside for one establishment (see [`Lot::ecarter`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticEcarte {
    pub annee: String,
    pub cle: String,
    /// The import status code that set it aside.
    pub motif: String,
    pub detail: String,
    pub fichier: String,
    pub ecarte_le: String,
}

/// A batch of imported files: one transaction.
#[derive(Debug)]
pub struct Lot<'c> {
    tx: Transaction<'c>,
    import: i64,
}

impl Store {
    /// Starts an import report; returns its number.
    pub fn commencer_import(&mut self, commence_le: &str) -> Result<i64, StoreError> {
        self.conn.execute("INSERT INTO dane_import (commence_le) VALUES (?1)", [commence_le])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Opens a batch of the import `import`.
    pub fn lot(&mut self, import: i64) -> Result<Lot<'_>, StoreError> {
        Ok(Lot { tx: self.debuter()?, import })
    }

    /// Every enrolment issued, for checking many files at once.
    pub fn tous_enrolements(&self) -> Result<Vec<EnrolementEnregistre>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("{} ORDER BY emis_le DESC", crate::dane::SELECT))?;
        let lignes = stmt.query_map([], crate::dane::ligne)?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The report of an import, in file order.
    pub fn rapport_import(&self, import: i64) -> Result<Vec<LigneRapport>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT rang, chemin, statut, detail, uai, annee FROM dane_import_fichier WHERE import = ?1 ORDER BY rang",
        )?;
        let lignes = stmt.query_map([import], |r| {
            Ok(LigneRapport {
                rang: r.get(0)?,
                chemin: r.get(1)?,
                statut: r.get(2)?,
                detail: r.get(3)?,
                uai: r.get(4)?,
                annee: r.get(5)?,
            })
        })?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The last import's number, if any.
    pub fn dernier_import(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.conn.query_row("SELECT max(id) FROM dane_import", [], |r| r.get(0))?)
    }

    /// The school years with imported diagnostics, most recent first.
    pub fn annees_importees(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT annee FROM dane_diagnostic ORDER BY annee DESC")?;
        let lignes = stmt.query_map([], |r| r.get(0))?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The diagnostics stored for one establishment, most recent year first.
    pub fn diagnostics_dane(&self, uai: &str) -> Result<Vec<DiagnosticDane>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.empreinte, d.annee, d.referentiel, d.revision, d.statut, d.genere_le, d.enrole, d.niveaux,
                    d.importe_le, r.empreinte
               FROM dane_diagnostic d JOIN dane_referentiel r ON r.numero = d.referentiel_numero
              WHERE d.uai = ?1 ORDER BY d.annee DESC, d.referentiel",
        )?;
        let lignes = stmt.query_map([uai], |r| {
            Ok(DiagnosticDane {
                empreinte: r.get(0)?,
                annee: r.get(1)?,
                referentiel: r.get(2)?,
                revision: r.get(3)?,
                statut: r.get(4)?,
                genere_le: r.get(5)?,
                enrole: r.get(6)?,
                niveaux: r.get(7)?,
                importe_le: r.get(8)?,
                empreinte_referentiel: r.get(9)?,
            })
        })?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The files set aside for one establishment, most recent first.
    pub fn ecartes_dane(&self, uai: &str) -> Result<Vec<DiagnosticEcarte>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT annee, cle, motif, detail, fichier, ecarte_le FROM dane_ecarte
              WHERE uai = ?1 ORDER BY ecarte_le DESC, annee DESC",
        )?;
        let lignes = stmt.query_map([uai], |r| {
            Ok(DiagnosticEcarte {
                annee: r.get(0)?,
                cle: r.get(1)?,
                motif: r.get(2)?,
                detail: r.get(3)?,
                fichier: r.get(4)?,
                ecarte_le: r.get(5)?,
            })
        })?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// The referential versions the stored diagnostics were answered on:
    /// (number, fingerprint).
    pub fn referentiels_dane(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT numero, empreinte FROM dane_referentiel ORDER BY numero")?;
        let lignes = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(lignes.collect::<Result<_, _>>()?)
    }

    /// How many files are set aside, all establishments together.
    pub fn nombre_ecartes(&self) -> Result<u32, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM dane_ecarte", [], |r| r.get(0))?)
    }

    /// Calls `f(payload hash, raw envelope)` for every stored diagnostic.
    pub fn parcourir_enveloppes(&self, mut f: impl FnMut(&str, &[u8])) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare("SELECT empreinte, octets FROM dane_enveloppe ORDER BY empreinte")?;
        let mut lignes = stmt.query([])?;
        while let Some(r) = lignes.next()? {
            f(r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_blob()?);
        }
        Ok(())
    }

    /// The raw envelope of a stored diagnostic.
    pub fn enveloppe_dane(&self, empreinte: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT octets FROM dane_enveloppe WHERE empreinte = ?1", [empreinte], |r| r.get(0))
            .optional()?)
    }
}

impl Lot<'_> {
    /// The first time the DANE received this payload: now if it never did
    /// (and that is recorded), else the earlier time.
    pub fn recevoir(&mut self, empreinte: &str, maintenant: &str) -> Result<String, StoreError> {
        self.tx
            .prepare_cached("INSERT INTO dane_reception (empreinte, recu_le) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
            .execute([empreinte, maintenant])?;
        Ok(self
            .tx
            .prepare_cached("SELECT recu_le FROM dane_reception WHERE empreinte = ?1")?
            .query_row([empreinte], |r| r.get(0))?)
    }

    /// Is this payload already stored, or set aside?
    fn deja(&self, empreinte: &str) -> Result<Option<Issue>, StoreError> {
        let trouve: Option<bool> = self
            .tx
            .prepare_cached(
                "SELECT 0 FROM dane_diagnostic WHERE empreinte = ?1 UNION ALL SELECT 1 FROM dane_ecarte WHERE empreinte = ?1",
            )?
            .query_row([empreinte], |r| r.get(0))
            .optional()?;
        Ok(trouve.map(|ecarte| Issue::DejaImporte { ecarte }))
    }

    /// Stores a diagnostic, applying the trust rules: the same payload is not
    /// stored twice; one diagnostic per establishment and school year; a
    /// later revision of the same key replaces an earlier one; an enrolled
    /// key's file replaces an unenrolled key's (set aside), never the
    /// reverse; between two enrolled keys the later signed wins; an
    /// unenrolled file facing another key's is set aside.
    pub fn enregistrer(&mut self, d: &DiagnosticImporte) -> Result<Issue, StoreError> {
        if let Some(deja) = self.deja(&d.empreinte)? {
            return Ok(deja);
        }
        let courant: Option<(String, String, bool, u32, String)> = self
            .tx
            .prepare_cached(
                "SELECT empreinte, cle, enrole, revision, genere_le FROM dane_diagnostic WHERE uai = ?1 AND annee = ?2",
            )?
            .query_row(params![d.uai, d.annee], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()?;
        let mut ecarte = false;
        if let Some((empreinte, cle, enrole, revision, genere_le)) = &courant {
            let meme_cle = *cle == d.cle;
            let plus_ancien = if meme_cle {
                (*revision, genere_le.as_str()) >= (d.revision, d.genere_le.as_str())
            } else {
                match (*enrole, d.enrole) {
                    (true, true) => genere_le.as_str() >= d.genere_le.as_str(),
                    (_, false) => {
                        self.ecarter(
                            d,
                            &Ecart {
                                motif: "ecarte",
                                detail: if *enrole {
                                    "Un diagnostic signé par une clé enrôlée est déjà importé pour cet établissement et cette année."
                                } else {
                                    "Un diagnostic signé par une autre clé, non enrôlée elle aussi, est déjà importé pour cet établissement et cette année."
                                },
                            },
                        )?;
                        return Ok(Issue::Ecarte { enrole: *enrole });
                    }
                    (false, true) => {
                        // The unenrolled holder is set aside, kept for the record.
                        mettre_a_l_ecart(&self.tx, empreinte, &d.importe_le)?;
                        ecarte = true;
                        false
                    }
                }
            };
            if plus_ancien {
                return Ok(Issue::RevisionPlusAncienne { revision: *revision, genere_le: genere_le.clone(), meme_cle });
            }
        }
        let remplace = courant.map(|(empreinte, ..)| empreinte);
        if let Some(ancien) = &remplace {
            self.tx.prepare_cached("DELETE FROM dane_enveloppe WHERE empreinte = ?1")?.execute([ancien])?;
            self.tx.prepare_cached("DELETE FROM dane_diagnostic WHERE empreinte = ?1")?.execute([ancien])?;
        }
        let numero = self.numero_referentiel(d)?;
        self.tx
            .prepare_cached(
                "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                              revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                              referentiel_numero)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                d.empreinte,
                d.uai,
                d.annee,
                d.referentiel,
                d.enrole,
                d.niveaux,
                d.version_referentiel,
                d.revision,
                d.genere_le,
                d.statut,
                d.cle,
                d.certificat,
                d.fichier,
                d.importe_le,
                numero
            ])?;
        self.tx
            .prepare_cached("INSERT INTO dane_enveloppe (empreinte, octets) VALUES (?1, ?2)")?
            .execute(params![d.empreinte, d.enveloppe])?;
        Ok(Issue::Importe { remplace, ecarte })
    }

    /// Sets a validly signed diagnostic aside: kept as received, never
    /// counted. Returns [`Issue::DejaImporte`] if the payload is already
    /// stored or set aside.
    pub fn ecarter(&mut self, d: &DiagnosticImporte, ecart: &Ecart<'_>) -> Result<Option<Issue>, StoreError> {
        if let Some(deja) = self.deja(&d.empreinte)? {
            return Ok(Some(deja));
        }
        let numero = self.numero_referentiel(d)?;
        self.tx
            .prepare_cached(
                "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                          version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                          referentiel_numero)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?8, ?15, ?16)",
            )?
            .execute(params![
                d.empreinte,
                d.uai,
                d.annee,
                d.cle,
                ecart.motif,
                ecart.detail,
                d.fichier,
                d.importe_le,
                d.referentiel,
                d.version_referentiel,
                d.revision,
                d.genere_le,
                d.statut,
                d.niveaux,
                d.enveloppe,
                numero
            ])?;
        Ok(None)
    }

    /// The number of the version `d` was answered on, recorded on first use.
    fn numero_referentiel(&self, d: &DiagnosticImporte) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO dane_referentiel (empreinte, id, version) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?
            .execute(params![d.empreinte_referentiel, d.referentiel, d.version_referentiel])?;
        Ok(self
            .tx
            .prepare_cached("SELECT numero FROM dane_referentiel WHERE empreinte = ?1")?
            .query_row([&d.empreinte_referentiel], |r| r.get(0))?)
    }

    /// Records one file's status in the import report.
    pub fn noter(&mut self, ligne: &LigneRapport) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO dane_import_fichier (import, rang, chemin, statut, detail, uai, annee)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (import, rang) DO UPDATE SET statut = excluded.statut, detail = excluded.detail",
            )?
            .execute(params![
                self.import,
                ligne.rang,
                ligne.chemin,
                ligne.statut,
                ligne.detail,
                ligne.uai,
                ligne.annee
            ])?;
        Ok(())
    }

    /// Commits the batch: every status and diagnostic in it is on disk.
    pub fn valider(self) -> Result<(), StoreError> {
        crate::store::valider(self.tx)?;
        Ok(())
    }
}

/// Moves a stored diagnostic, unenrolled, aside: replaced by one signed by an
/// enrolled key for the same establishment and year (at `le`).
pub(crate) fn mettre_a_l_ecart(tx: &Transaction<'_>, empreinte: &str, le: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO dane_ecarte (empreinte, uai, annee, cle, motif, detail, fichier, ecarte_le, referentiel,
                                  version_referentiel, revision, genere_le, statut, niveaux, importe_le, octets,
                                  referentiel_numero)
         SELECT d.empreinte, d.uai, d.annee, d.cle, 'ecarte', ?2, d.fichier, ?3, d.referentiel,
                d.version_referentiel, d.revision, d.genere_le, d.statut, d.niveaux, d.importe_le, e.octets,
                d.referentiel_numero
           FROM dane_diagnostic d JOIN dane_enveloppe e USING (empreinte) WHERE d.empreinte = ?1",
    )?
    .execute(params![
        empreinte,
        "Remplacé par un diagnostic signé par une clé enrôlée pour cet établissement et cette année.",
        le
    ])?;
    tx.prepare_cached("DELETE FROM dane_enveloppe WHERE empreinte = ?1")?.execute([empreinte])?;
    tx.prepare_cached("DELETE FROM dane_diagnostic WHERE empreinte = ?1")?.execute([empreinte])?;
    Ok(())
}

/// Once a key is enrolled for `uai` (certificate `numero`), its diagnostics
/// set aside because another key held their year take their place where that
/// holder is unenrolled (it is set aside in turn): an unenrolled key never
/// outranks an enrolled one, even one enrolled later. The latest revision of
/// the key per year is taken. Returns how many took their place.
pub(crate) fn promouvoir_ecartes(
    tx: &Transaction<'_>,
    cle: &str,
    uai: &str,
    numero: &str,
    le: &str,
) -> Result<usize, StoreError> {
    let candidats: Vec<(String, String)> = tx
        .prepare(
            "SELECT empreinte, annee FROM dane_ecarte WHERE cle = ?1 AND uai = ?2 AND motif = 'ecarte'
              ORDER BY annee, revision DESC, genere_le DESC",
        )?
        .query_map([cle, uai], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut promus = 0;
    let mut annee_faite = String::new();
    for (empreinte, annee) in candidats {
        if annee == annee_faite {
            continue;
        }
        annee_faite.clone_from(&annee);
        let detenteur: Option<(String, bool)> = tx
            .query_row(
                "SELECT empreinte, enrole FROM dane_diagnostic WHERE uai = ?1 AND annee = ?2",
                [uai, &annee],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match detenteur {
            Some((_, true)) => continue,
            Some((ancien, false)) => mettre_a_l_ecart(tx, &ancien, le)?,
            None => {}
        }
        tx.execute(
            "INSERT INTO dane_diagnostic (empreinte, uai, annee, referentiel, enrole, niveaux, version_referentiel,
                                          revision, genere_le, statut, cle, certificat, fichier, importe_le,
                                          referentiel_numero)
             SELECT empreinte, uai, annee, referentiel, 1, niveaux, version_referentiel, revision, genere_le, statut,
                    cle, ?2, fichier, importe_le, referentiel_numero FROM dane_ecarte WHERE empreinte = ?1",
            params![empreinte, numero],
        )?;
        tx.execute("INSERT INTO dane_enveloppe (empreinte, octets) SELECT empreinte, octets FROM dane_ecarte WHERE empreinte = ?1", [&empreinte])?;
        tx.execute("DELETE FROM dane_ecarte WHERE empreinte = ?1", [&empreinte])?;
        promus += 1;
    }
    Ok(promus)
}
