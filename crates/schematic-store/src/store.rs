//! The repository: one SQLite connection on the installation's database, and
//! the reads and writes the application needs, each write in one transaction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use schematic_core::diagnostic::{Cycle, Reponses};
use schematic_core::etablissement::Etablissement;
use schematic_core::{AnneeScolaire, Reponse, Statut, TypeEtablissement, Uai};

use crate::base::{self, ModeJournal};
use crate::error::StoreError;
use crate::schema::SCHEMA;

#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    chemin: Option<PathBuf>,
    journal: ModeJournal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtablissementEnregistre {
    pub etablissement: Etablissement,
    pub cree_le: String,
    pub modifie_le: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticEnregistre {
    pub id: i64,
    pub cycle: Cycle,
    pub referentiel_id: String,
    pub referentiel_version: String,
    pub referentiel_empreinte: String,
    pub cree_le: String,
    pub modifie_le: String,
    pub finalise_le: Option<String>,
    /// Items with an answer (including *aucun niveau atteint* and *non
    /// applicable*, and answers still to be reviewed).
    pub repondus: u32,
    /// Answers carried from another referential version, not confirmed yet.
    pub a_revoir: u32,
    /// The last revision written to a signed file, if any.
    pub revision_exportee: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReponseEnregistree {
    pub item_id: String,
    pub reponse: Reponse,
    pub commentaire: Option<String>,
    pub modifie_le: String,
    /// Carried from another referential version; the team must confirm it.
    pub a_revoir: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionFinalisee {
    pub revision: u32,
    pub finalise_le: String,
    pub reponses: BTreeMap<String, Reponse>,
    /// The referential text this revision was answered on.
    pub referentiel_empreinte: String,
}

/// What a new diagnostic starts with: answers carried from last year (already
/// read through the correspondence) and unfinished actions carried over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reprise {
    pub reponses: Vec<ReponseEnregistree>,
    pub actions: Vec<ActionReprise>,
}

/// An action copied into another diagnostic, onto `item_id` and
/// `niveau_cible` (moved by the correspondence when versions differ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReprise {
    pub source: i64,
    pub item_id: String,
    pub niveau_cible: u8,
}

/// What an answer write does to the item's comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangementCommentaire {
    Garder,
    /// `None` removes it.
    Remplacer(Option<String>),
}

impl Store {
    /// Opens (or creates) the database at `chemin`, migrating it to the current
    /// schema. An existing database is first copied into `sauvegardes/` beside
    /// it when a migration is about to run.
    pub fn ouvrir(chemin: &Path) -> Result<Self, StoreError> {
        Self::ouvrir_en_mode(chemin, ModeJournal::Wal)
    }

    /// As [`Store::ouvrir`], with the journal mode chosen by the caller (who
    /// knows whether the folder is on a network drive).
    pub fn ouvrir_en_mode(chemin: &Path, journal: ModeJournal) -> Result<Self, StoreError> {
        let conn = base::ouvrir(Some(chemin), journal, SCHEMA)?;
        Ok(Self { conn, chemin: Some(chemin.to_path_buf()), journal })
    }

    /// The schema version of the database at `chemin` (0: none yet), read
    /// without changing it.
    pub fn version_du_fichier(chemin: &Path) -> Result<usize, StoreError> {
        if !chemin.exists() {
            return Ok(0);
        }
        let conn = Connection::open_with_flags(chemin, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        base::version(&conn, SCHEMA)
    }

    /// Migrates the database at `chemin` up to `version` and not beyond,
    /// after the usual backup copy (to copy what a later migration removes).
    pub fn migrer_jusqu_a(chemin: &Path, journal: ModeJournal, version: usize) -> Result<(), StoreError> {
        base::ouvrir(Some(chemin), journal, base::Schema { version, ..SCHEMA })?;
        Ok(())
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn en_memoire() -> Result<Self, StoreError> {
        Ok(Self { conn: base::ouvrir(None, ModeJournal::Wal, SCHEMA)?, chemin: None, journal: ModeJournal::Wal })
    }

    pub fn chemin(&self) -> Option<&Path> {
        self.chemin.as_deref()
    }

    /// The journal mode the database was opened with.
    pub fn mode_journal(&self) -> ModeJournal {
        self.journal
    }

    /// Begins a write transaction, trying again for a while when the
    /// database is held by a passing failure (see [`valider`]).
    pub(crate) fn debuter(&mut self) -> Result<Transaction<'_>, StoreError> {
        base::debuter(&mut self.conn)
    }

    // ---- establishment ----------------------------------------------------

    pub fn etablissement(&self) -> Result<Option<EtablissementEnregistre>, StoreError> {
        self.conn
            .query_row(
                "SELECT uai, nom, type_etablissement, academie, departement, circonscription, commune, cree_le, modifie_le
                   FROM etablissement WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                },
            )
            .optional()?
            .map(|(uai, nom, type_code, academie, departement, circonscription, commune, cree_le, modifie_le)| {
                let uai = Uai::parse(&uai).map_err(|e| corrompu(&format!("UAI enregistré : {e}")))?;
                let type_etablissement: TypeEtablissement =
                    type_code.parse().map_err(|e| corrompu(&format!("type enregistré : {e}")))?;
                Ok(EtablissementEnregistre {
                    etablissement: Etablissement {
                        uai,
                        nom,
                        type_etablissement,
                        academie,
                        departement,
                        circonscription,
                        commune,
                    },
                    cree_le,
                    modifie_le,
                })
            })
            .transpose()
    }

    /// Creates or replaces the establishment of this installation.
    pub fn definir_etablissement(&mut self, e: &Etablissement, maintenant: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO etablissement (id, uai, nom, type_etablissement, academie, departement, circonscription, commune, cree_le, modifie_le)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
             ON CONFLICT (id) DO UPDATE SET uai = excluded.uai, nom = excluded.nom,
                 type_etablissement = excluded.type_etablissement, academie = excluded.academie,
                 departement = excluded.departement, circonscription = excluded.circonscription,
                 commune = excluded.commune, modifie_le = excluded.modifie_le",
            params![
                e.uai.as_str(),
                e.nom,
                e.type_etablissement.code(),
                e.academie,
                e.departement,
                e.circonscription,
                e.commune,
                maintenant
            ],
        )?;
        Ok(())
    }

    // ---- diagnostics ------------------------------------------------------

    const SELECT_DIAGNOSTIC: &'static str =
        "SELECT d.id, d.annee_debut, d.statut, d.revision, d.referentiel_id, r.version,
                d.referentiel_empreinte, d.cree_le, d.modifie_le, d.finalise_le,
                (SELECT count(*) FROM reponse x
                  WHERE x.diagnostic_id = d.id AND (x.niveau IS NOT NULL OR x.non_applicable = 1)),
                (SELECT count(*) FROM reponse x WHERE x.diagnostic_id = d.id AND x.a_revoir = 1),
                d.revision_exportee
           FROM diagnostic d JOIN referentiel r ON r.empreinte = d.referentiel_empreinte";

    /// Every diagnostic, most recent school year first.
    pub fn diagnostics(&self) -> Result<Vec<DiagnosticEnregistre>, StoreError> {
        let sql = format!("{} ORDER BY d.annee_debut DESC, d.referentiel_id", Self::SELECT_DIAGNOSTIC);
        let mut stmt = self.conn.prepare(&sql)?;
        let lignes = stmt.query_map([], ligne_diagnostic)?;
        lignes.map(|l| l?).collect()
    }

    /// The diagnostic of a school year for a referential, if any.
    pub fn diagnostic(
        &self,
        annee: AnneeScolaire,
        referentiel_id: &str,
    ) -> Result<Option<DiagnosticEnregistre>, StoreError> {
        let sql = format!("{} WHERE d.annee_debut = ?1 AND d.referentiel_id = ?2", Self::SELECT_DIAGNOSTIC);
        let trouve = self.conn.query_row(&sql, params![annee.debut(), referentiel_id], ligne_diagnostic).optional()?;
        trouve.transpose()
    }

    pub(crate) fn diagnostic_par_id(&self, id: i64) -> Result<DiagnosticEnregistre, StoreError> {
        let sql = format!("{} WHERE d.id = ?1", Self::SELECT_DIAGNOSTIC);
        self.conn
            .query_row(&sql, [id], ligne_diagnostic)
            .optional()?
            .transpose()?
            .ok_or_else(|| StoreError::Introuvable(format!("Le diagnostic n° {id} n’existe pas.")))
    }

    /// The answers of a diagnostic (only items answered or commented).
    pub fn reponses(&self, diagnostic_id: i64) -> Result<Vec<ReponseEnregistree>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, niveau, non_applicable, commentaire, modifie_le, a_revoir
               FROM reponse WHERE diagnostic_id = ?1 ORDER BY item_id",
        )?;
        let lignes = stmt.query_map([diagnostic_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<u8>>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        lignes
            .map(|l| {
                let (item_id, niveau, non_applicable, commentaire, modifie_le, a_revoir) = l?;
                let reponse = lire_reponse(niveau, non_applicable)?;
                Ok(ReponseEnregistree { item_id, reponse, commentaire, modifie_le, a_revoir })
            })
            .collect()
    }

    /// Records the answer to one item. Returns once the change is committed and
    /// on disk. Refused when the diagnostic is finalised.
    pub fn enregistrer_reponse(
        &mut self,
        diagnostic_id: i64,
        item_id: &str,
        reponse: Reponse,
        commentaire: &ChangementCommentaire,
        maintenant: &str,
    ) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        cycle_de(&tx, diagnostic_id)?.verifier_modifiable()?;
        let (remplacer, nouveau) = match commentaire {
            ChangementCommentaire::Garder => (false, None),
            ChangementCommentaire::Remplacer(c) => (true, c.as_deref()),
        };
        let (niveau, non_applicable) = colonnes(reponse);
        tx.execute(
            "INSERT INTO reponse (diagnostic_id, item_id, niveau, non_applicable, commentaire, modifie_le)
             VALUES (?1, ?2, ?3, ?7, ?4, ?5)
             ON CONFLICT (diagnostic_id, item_id) DO UPDATE SET
                 niveau = excluded.niveau,
                 non_applicable = excluded.non_applicable,
                 a_revoir = 0,
                 commentaire = CASE WHEN ?6 THEN excluded.commentaire ELSE reponse.commentaire END,
                 modifie_le = excluded.modifie_le",
            params![diagnostic_id, item_id, niveau, nouveau, maintenant, remplacer, non_applicable],
        )?;
        conclure_ecriture(tx, diagnostic_id, item_id, maintenant)
    }

    /// Replaces the comment of an item (`None` removes it) without touching its
    /// level, even when the item is not answered yet. Durable on return.
    pub fn enregistrer_commentaire(
        &mut self,
        diagnostic_id: i64,
        item_id: &str,
        commentaire: Option<&str>,
        maintenant: &str,
    ) -> Result<(), StoreError> {
        let tx = self.debuter()?;
        cycle_de(&tx, diagnostic_id)?.verifier_modifiable()?;
        tx.execute(
            "INSERT INTO reponse (diagnostic_id, item_id, niveau, commentaire, modifie_le) VALUES (?1, ?2, NULL, ?3, ?4)
             ON CONFLICT (diagnostic_id, item_id) DO UPDATE SET commentaire = excluded.commentaire, modifie_le = excluded.modifie_le",
            params![diagnostic_id, item_id, commentaire, maintenant],
        )?;
        conclure_ecriture(tx, diagnostic_id, item_id, maintenant)
    }

    /// Returns an item to *non renseigné*, removing its comment too. Tells
    /// whether there was a comment.
    pub fn effacer_reponse(&mut self, diagnostic_id: i64, item_id: &str, maintenant: &str) -> Result<bool, StoreError> {
        let tx = self.debuter()?;
        cycle_de(&tx, diagnostic_id)?.verifier_modifiable()?;
        let commentaire: Option<Option<String>> = tx
            .query_row(
                "DELETE FROM reponse WHERE diagnostic_id = ?1 AND item_id = ?2 RETURNING commentaire",
                params![diagnostic_id, item_id],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute("UPDATE diagnostic SET modifie_le = ?2 WHERE id = ?1", params![diagnostic_id, maintenant])?;
        valider(tx)?;
        Ok(commentaire.flatten().is_some())
    }

    /// Locks the answers and keeps a copy of this revision's answers.
    pub fn finaliser(&mut self, diagnostic_id: i64, maintenant: &str) -> Result<DiagnosticEnregistre, StoreError> {
        let empreinte = self.diagnostic_par_id(diagnostic_id)?.referentiel_empreinte;
        let referentiel = self.referentiel(&empreinte)?;
        let tx = self.debuter()?;
        let mut cycle = cycle_de(&tx, diagnostic_id)?;
        let reponses = reponses_de(&tx, diagnostic_id)?;
        let a_revoir: Vec<String> = {
            let mut stmt =
                tx.prepare("SELECT item_id FROM reponse WHERE diagnostic_id = ?1 AND a_revoir = 1 ORDER BY item_id")?;
            stmt.query_map([diagnostic_id], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        cycle.finaliser(&referentiel, &reponses, &a_revoir)?;
        let instantane: BTreeMap<&str, serde_json::Value> = reponses
            .iter()
            .filter_map(|(id, r)| match r {
                Reponse::NonApplicable => Some((id.as_str(), serde_json::Value::from(NA_INSTANTANE))),
                r => r.valeur().map(|v| (id.as_str(), serde_json::Value::from(v))),
            })
            .collect();
        let instantane = serde_json::to_string(&instantane).map_err(|e| StoreError::Base(e.to_string()))?;
        tx.execute(
            "UPDATE diagnostic SET statut = ?2, finalise_le = ?3, modifie_le = ?3 WHERE id = ?1",
            params![diagnostic_id, cycle.statut.code(), maintenant],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO revision_finalisee (diagnostic_id, revision, finalise_le, reponses, referentiel_empreinte)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![diagnostic_id, cycle.revision, maintenant, instantane, empreinte],
        )?;
        valider(tx)?;
        self.diagnostic_par_id(diagnostic_id)
    }

    /// Makes a finalised diagnostic editable again as the next revision.
    pub fn rouvrir(&mut self, diagnostic_id: i64, maintenant: &str) -> Result<DiagnosticEnregistre, StoreError> {
        let tx = self.debuter()?;
        let mut cycle = cycle_de(&tx, diagnostic_id)?;
        cycle.rouvrir()?;
        tx.execute(
            "UPDATE diagnostic SET statut = ?2, revision = ?3, finalise_le = NULL, modifie_le = ?4 WHERE id = ?1",
            params![diagnostic_id, cycle.statut.code(), cycle.revision, maintenant],
        )?;
        valider(tx)?;
        self.diagnostic_par_id(diagnostic_id)
    }

    /// The answers of each finalised revision, oldest first.
    pub fn revisions_finalisees(&self, diagnostic_id: i64) -> Result<Vec<RevisionFinalisee>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT f.revision, f.finalise_le, f.reponses, coalesce(f.referentiel_empreinte, d.referentiel_empreinte)
               FROM revision_finalisee f JOIN diagnostic d ON d.id = f.diagnostic_id
              WHERE f.diagnostic_id = ?1 ORDER BY f.revision",
        )?;
        let lignes = stmt.query_map([diagnostic_id], |r| {
            Ok((r.get::<_, u32>(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        lignes
            .map(|l| {
                let (revision, finalise_le, json, referentiel_empreinte) = l?;
                let brut: BTreeMap<String, serde_json::Value> =
                    serde_json::from_str(&json).map_err(|e| corrompu(&e.to_string()))?;
                let reponses = brut
                    .into_iter()
                    .map(|(id, v)| {
                        let r = match v.as_u64() {
                            Some(n) => u8::try_from(n).ok().and_then(|n| Reponse::depuis_valeur(Some(n))),
                            None => (v.as_str() == Some(NA_INSTANTANE)).then_some(Reponse::NonApplicable),
                        };
                        r.map(|r| (id, r)).ok_or_else(|| corrompu("réponse d’une révision finalisée"))
                    })
                    .collect::<Result<_, _>>()?;
                Ok(RevisionFinalisee { revision, finalise_le, reponses, referentiel_empreinte })
            })
            .collect()
    }

    /// `PRAGMA integrity_check`, for diagnostics and tests: `"ok"` when sound.
    pub fn verifier_integrite(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

type Ligne = Result<DiagnosticEnregistre, StoreError>;

fn ligne_diagnostic(r: &rusqlite::Row<'_>) -> rusqlite::Result<Ligne> {
    let annee_debut: u16 = r.get(1)?;
    let statut: String = r.get(2)?;
    let revision: u32 = r.get(3)?;
    let construit = (|| {
        let annee = AnneeScolaire::commencant_en(annee_debut).map_err(|e| corrompu(&e.to_string()))?;
        let statut = Statut::depuis_code(&statut).ok_or_else(|| corrompu(&format!("statut « {statut} »")))?;
        Ok::<_, StoreError>(Cycle { annee, statut, revision })
    })();
    Ok(match construit {
        Err(e) => Err(e),
        Ok(cycle) => Ok(DiagnosticEnregistre {
            id: r.get(0)?,
            cycle,
            referentiel_id: r.get(4)?,
            referentiel_version: r.get(5)?,
            referentiel_empreinte: r.get(6)?,
            cree_le: r.get(7)?,
            modifie_le: r.get(8)?,
            finalise_le: r.get(9)?,
            repondus: r.get(10)?,
            a_revoir: r.get(11)?,
            revision_exportee: r.get(12)?,
        }),
    })
}

#[cfg(test)]
pub(crate) use crate::base::est_passagere;
pub(crate) use crate::base::valider;

/// The common end of an answer or comment write: an item left with neither
/// level nor comment is not kept, the diagnostic's last change is stamped, and
/// the transaction is committed (durable on return).
pub(crate) fn conclure_ecriture(
    tx: Transaction<'_>,
    diagnostic_id: i64,
    item_id: &str,
    maintenant: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM reponse WHERE diagnostic_id = ?1 AND item_id = ?2
            AND niveau IS NULL AND non_applicable = 0 AND commentaire IS NULL",
        params![diagnostic_id, item_id],
    )?;
    tx.execute("UPDATE diagnostic SET modifie_le = ?2 WHERE id = ?1", params![diagnostic_id, maintenant])?;
    valider(tx)?;
    Ok(())
}

pub(crate) fn cycle_de(conn: &Connection, diagnostic_id: i64) -> Result<Cycle, StoreError> {
    let (annee_debut, statut, revision): (u16, String, u32) = conn
        .query_row("SELECT annee_debut, statut, revision FROM diagnostic WHERE id = ?1", [diagnostic_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::Introuvable(format!("Le diagnostic n° {diagnostic_id} n’existe pas.")))?;
    Ok(Cycle {
        annee: AnneeScolaire::commencant_en(annee_debut).map_err(|e| corrompu(&e.to_string()))?,
        statut: Statut::depuis_code(&statut).ok_or_else(|| corrompu(&format!("statut « {statut} »")))?,
        revision,
    })
}

fn reponses_de(conn: &Connection, diagnostic_id: i64) -> Result<Reponses, StoreError> {
    let mut stmt = conn.prepare("SELECT item_id, niveau, non_applicable FROM reponse WHERE diagnostic_id = ?1")?;
    let lignes = stmt.query_map([diagnostic_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<u8>>(1)?, r.get::<_, bool>(2)?))
    })?;
    lignes
        .map(|l| {
            let (id, niveau, non_applicable) = l?;
            Ok((id, lire_reponse(niveau, non_applicable)?))
        })
        .collect()
}

/// How a finalised revision's snapshot writes « non applicable ».
const NA_INSTANTANE: &str = "na";

/// An answer as its two columns: the level (NULL when not answered or not
/// applicable) and the « non applicable » flag.
pub(crate) fn colonnes(reponse: Reponse) -> (Option<u8>, bool) {
    (reponse.valeur(), reponse == Reponse::NonApplicable)
}

pub(crate) fn lire_reponse(niveau: Option<u8>, non_applicable: bool) -> Result<Reponse, StoreError> {
    if non_applicable {
        return Ok(Reponse::NonApplicable);
    }
    Reponse::depuis_valeur(niveau).ok_or_else(|| corrompu("niveau hors de 0 à 3"))
}

pub(super) fn corrompu(detail: &str) -> StoreError {
    StoreError::Base(format!(
        "donnée enregistrée illisible ({detail}). Restaurez une sauvegarde du dossier de données."
    ))
}

mod versions;

#[cfg(test)]
mod tests;
