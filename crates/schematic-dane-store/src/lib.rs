//! The DANE space's storage. A DANE keeps its registry of enrolled keys, the
//! annuaire, the diagnostics it imported (with their raw envelopes and the
//! import reports) and answers the territory queries — on one PC in SQLite
//! (`schematic-dane-sqlite`, the default) or shared by a team on a
//! PostgreSQL server (`schematic-dane-postgres`). Both implement
//! [`StockageDane`]; one test suite runs against both.
//!
//! No SQL here. The import's trust rules are applied in Rust ([`lot`]) over
//! the state a store reads inside the batch's transaction, so every engine
//! behaves the same by construction; an engine only reads and writes.
//!
//! Every write is one transaction, committed durably before the method
//! returns. Writes that touch imported diagnostics (a batch, an enrolment, a
//! revocation) are serialised across every process sharing the store, so
//! that the rules always see the state the previous writer left.

use std::collections::HashMap;
use std::fmt;

use schematic_core::annuaire::EtablissementAnnuaire;
use schematic_core::{AnneeScolaire, Uai};

mod error;
pub mod lot;
mod modele;

pub use error::StockageError;
pub use lot::{ClesLot, Detenteur, Ecritures, EtatLot, Issue, MiseAlEcart, PlanLot};
pub use modele::{
    BilanCopie, DiagnosticDane, DiagnosticEcarte, DiagnosticImporte, DiagnosticLu, DifferenceAnnuaire, ElementCopie,
    EnrolementEnregistre, FicheAnnuaire, Filtre, LigneRapport, MaturitePubliee, NouvelEnrolement, Publication,
    Regroupement, RepartitionPubliee, Territoire, TerritoirePublie,
};

pub type Resultat<T> = Result<T, StockageError>;

/// Rows of a new annuaire, added inside the replacing transaction.
pub trait RemplacementAnnuaire {
    /// Adds an establishment (the caller keeps UAIs unique).
    fn ajouter(&mut self, e: &EtablissementAnnuaire) -> Resultat<()>;
    /// How the rows added so far differ from the current annuaire.
    fn difference(&mut self) -> Resultat<DifferenceAnnuaire>;
}

/// What a DANE store keeps and answers.
pub trait StockageDane: Send + fmt::Debug {
    /// The engine and where its data are, for the user (never a password).
    fn description(&self) -> String;

    // ---- the DANE key --------------------------------------------------------

    /// The DANE's public key (`ed25519:…`) this store's certificates are
    /// signed with, once recorded.
    fn cle_dane(&self) -> Resultat<Option<String>>;

    /// Records `cle` as the DANE's key unless one is recorded already;
    /// returns the key recorded (the first one, whoever recorded it).
    fn enregistrer_cle_dane(&mut self, cle: &str, le: &str) -> Resultat<String>;

    // ---- enrolment ---------------------------------------------------------

    /// The enrolments of a key, most recent first.
    fn enrolements_de_cle(&self, cle: &str) -> Resultat<Vec<EnrolementEnregistre>>;

    /// Every enrolment issued, most recent first.
    fn tous_enrolements(&self) -> Resultat<Vec<EnrolementEnregistre>>;

    /// Issues an enrolment in one transaction: gives it the next serial
    /// number of its year (`SCH-<année>-<n°>` on five digits, unique across
    /// processes), asks `certifier(numero)` for the signed certificate,
    /// records it, marks as enrolled the diagnostics already imported that
    /// this key signed for this UAI, and lets those of its diagnostics set
    /// aside for another unenrolled key take their place. Returns the
    /// enrolment and how many diagnostics now count as enrolled.
    fn enroler(
        &mut self,
        e: &NouvelEnrolement,
        certifier: &mut dyn FnMut(&str) -> String,
    ) -> Resultat<(EnrolementEnregistre, usize)>;

    /// Revokes every non-revoked enrolment of a UAI from `jour` on, and
    /// takes out of the enrolled figures the diagnostics already imported
    /// that those keys signed and that the DANE first received from that
    /// day on. Returns (certificates revoked, diagnostics no longer counted
    /// as enrolled).
    fn revoquer(&mut self, uai: &Uai, jour: &str) -> Resultat<(usize, usize)>;

    // ---- annuaire ----------------------------------------------------------

    /// Replaces the annuaire in one transaction: `remplir` adds the new rows
    /// and says whether to apply them (`true`) or leave everything as it
    /// was. Circonscriptions are kept (they come from another file).
    /// Returns what `remplir` said.
    fn remplacer_annuaire(
        &mut self,
        remplir: &mut dyn FnMut(&mut dyn RemplacementAnnuaire) -> Resultat<bool>,
    ) -> Resultat<bool>;

    /// Sets the circonscription of each UAI, in one transaction.
    fn definir_circonscriptions(&mut self, lignes: &[(String, String)]) -> Resultat<()>;

    /// How many establishments the annuaire holds, and how many of them
    /// have a circonscription.
    fn taille_annuaire(&self) -> Resultat<(u32, u32)>;

    /// Every establishment of the annuaire by UAI, with what an imported
    /// file is compared with.
    fn fiches_annuaire(&self) -> Resultat<HashMap<String, FicheAnnuaire>>;

    /// One establishment of the annuaire, with its circonscription.
    fn etablissement_annuaire(&self, uai: &Uai) -> Resultat<Option<(EtablissementAnnuaire, Option<String>)>>;

    // ---- imports -----------------------------------------------------------

    /// Starts an import report; returns its number.
    fn commencer_import(&mut self, commence_le: &str) -> Resultat<i64>;

    /// One batch of the import `import`, in one transaction: reads what the
    /// store holds about `cles`, hands it to `planifier` (the trust rules,
    /// [`PlanLot`]) and applies the writes it returns.
    ///
    /// With `durable`, this batch and every batch written before it are on
    /// disk when this returns (the last batch of an import). Without, the
    /// store may commit without waiting for the disk: the batch stays whole
    /// or absent, but a power cut may lose it (and the batches after the last
    /// durable one), which running the import again restores.
    fn ecrire_lot(
        &mut self,
        import: i64,
        cles: &ClesLot,
        durable: bool,
        planifier: &mut dyn FnMut(EtatLot) -> Ecritures,
    ) -> Resultat<()>;

    /// The report of an import, in file order.
    fn rapport_import(&self, import: i64) -> Resultat<Vec<LigneRapport>>;

    /// The last import's number, if any.
    fn dernier_import(&self) -> Resultat<Option<i64>>;

    /// The school years with imported diagnostics, most recent first.
    fn annees_importees(&self) -> Resultat<Vec<AnneeScolaire>>;

    /// The diagnostics stored for one establishment, most recent year first.
    fn diagnostics_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticDane>>;

    /// The files set aside for one establishment, most recent first.
    fn ecartes_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticEcarte>>;

    /// How many files are set aside, all establishments together.
    fn nombre_ecartes(&self) -> Resultat<u32>;

    /// The referential versions the stored diagnostics were answered on:
    /// (number, fingerprint).
    fn referentiels_dane(&self) -> Resultat<Vec<(i64, String)>>;

    /// Calls `f(payload hash, raw envelope)` for every stored diagnostic.
    fn parcourir_enveloppes(&self, f: &mut dyn FnMut(&str, &[u8])) -> Resultat<()>;

    // ---- copy ----------------------------------------------------------------

    /// Hands `f` everything this store holds (see [`ElementCopie`]), the
    /// enrolments and the annuaire first, then the diagnostics.
    fn lire_copie(&self, f: &mut dyn FnMut(ElementCopie) -> Resultat<()>) -> Resultat<()>;

    /// Writes what another store held, in one transaction: what is already
    /// here is left as it is (so a copy can run again), a diagnostic whose
    /// establishment and year another one holds here is not copied (said in
    /// the answer), an import report copied from `source` before is not
    /// copied again.
    fn ecrire_copie(&mut self, source: &str, elements: &[ElementCopie]) -> Resultat<BilanCopie>;

    /// After a large write (a copy, an import of thousands of files, a new
    /// annuaire): lets
    /// the engine bring what its query planner knows up to date, so that
    /// the territory queries that follow are planned for the tables' real
    /// size. Only an optimisation: what was written is committed already.
    fn entretenir(&mut self) -> Resultat<()>;

    // ---- territory ---------------------------------------------------------

    /// Replaces the published figures of `p`'s year and grouping (and its
    /// year's item distributions), in one transaction.
    fn remplacer_publication(&mut self, p: &Publication) -> Resultat<()>;

    /// The territories of the annuaire and their establishments: open ones
    /// of the families SchémaTIC serves, plus any other with a diagnostic
    /// for `annee` (so that a rate never exceeds 100 %).
    fn territoires(&self, par: Regroupement, filtre: &Filtre, annee: AnneeScolaire) -> Resultat<Vec<Territoire>>;

    /// Calls `f` for each diagnostic of `annee` and `precedente` (read in
    /// one pass) in the filtered annuaire.
    fn parcourir_diagnostics(
        &self,
        annee: AnneeScolaire,
        precedente: Option<AnneeScolaire>,
        par: Regroupement,
        filtre: &Filtre,
        f: &mut dyn FnMut(DiagnosticLu<'_>),
    ) -> Resultat<()>;
}
