//! [`StockageDane`] for SQLite.

use std::collections::HashMap;

use schematic_core::annuaire::EtablissementAnnuaire;
use schematic_core::{AnneeScolaire, Uai};
use schematic_dane_store::{
    BilanCopie, ClesLot, DiagnosticDane, DiagnosticEcarte, DiagnosticLu, Ecritures, ElementCopie, EnrolementEnregistre,
    EtatLot, FicheAnnuaire, Filtre, LigneRapport, NouvelEnrolement, Publication, Regroupement, RemplacementAnnuaire,
    Resultat, StockageDane, Territoire,
};

use rusqlite::OptionalExtension;
use schematic_store::base;

use crate::{StockageSqlite, annuaire, copie, enrolement, erreur, erreur_store, import, publication, territoire};

impl StockageDane for StockageSqlite {
    fn description(&self) -> String {
        match &self.chemin {
            Some(c) => format!("SQLite, fichier {}", c.display()),
            None => "SQLite, en mémoire".into(),
        }
    }

    fn cle_dane(&self) -> Resultat<Option<String>> {
        self.conn.query_row("SELECT cle FROM dane_cle WHERE id = 1", [], |r| r.get(0)).optional().map_err(erreur)
    }

    fn enregistrer_cle_dane(&mut self, cle: &str, le: &str) -> Resultat<String> {
        let tx = base::debuter(&mut self.conn).map_err(erreur_store)?;
        tx.execute(
            "INSERT INTO dane_cle (id, cle, enregistree_le) VALUES (1, ?1, ?2) ON CONFLICT DO NOTHING",
            [cle, le],
        )
        .map_err(erreur)?;
        let gardee: String = tx.query_row("SELECT cle FROM dane_cle WHERE id = 1", [], |r| r.get(0)).map_err(erreur)?;
        base::valider(tx).map_err(erreur_store)?;
        Ok(gardee)
    }

    fn enrolements_de_cle(&self, cle: &str) -> Resultat<Vec<EnrolementEnregistre>> {
        enrolement::de_cle(&self.conn, cle)
    }

    fn tous_enrolements(&self) -> Resultat<Vec<EnrolementEnregistre>> {
        enrolement::tous(&self.conn)
    }

    fn enroler(
        &mut self,
        e: &NouvelEnrolement,
        certifier: &mut dyn FnMut(&str) -> String,
    ) -> Resultat<(EnrolementEnregistre, usize)> {
        enrolement::enroler(&mut self.conn, e, certifier)
    }

    fn revoquer(&mut self, uai: &Uai, jour: &str) -> Resultat<(usize, usize)> {
        enrolement::revoquer(&mut self.conn, uai, jour)
    }

    fn remplacer_annuaire(
        &mut self,
        remplir: &mut dyn FnMut(&mut dyn RemplacementAnnuaire) -> Resultat<bool>,
    ) -> Resultat<bool> {
        annuaire::remplacer(&mut self.conn, remplir)
    }

    fn definir_circonscriptions(&mut self, lignes: &[(String, String)]) -> Resultat<()> {
        annuaire::definir_circonscriptions(&mut self.conn, lignes)
    }

    fn taille_annuaire(&self) -> Resultat<(u32, u32)> {
        annuaire::taille(&self.conn)
    }

    fn fiches_annuaire(&self) -> Resultat<HashMap<String, FicheAnnuaire>> {
        annuaire::fiches(&self.conn)
    }

    fn etablissement_annuaire(&self, uai: &Uai) -> Resultat<Option<(EtablissementAnnuaire, Option<String>)>> {
        annuaire::etablissement(&self.conn, uai)
    }

    fn commencer_import(&mut self, commence_le: &str) -> Resultat<i64> {
        import::commencer(&self.conn, commence_le)
    }

    fn ecrire_lot(
        &mut self,
        numero_import: i64,
        cles: &ClesLot,
        durable: bool,
        planifier: &mut dyn FnMut(EtatLot) -> Ecritures,
    ) -> Resultat<()> {
        import::ecrire_lot(&mut self.conn, numero_import, cles, durable, planifier)
    }

    fn rapport_import(&self, numero_import: i64) -> Resultat<Vec<LigneRapport>> {
        import::rapport(&self.conn, numero_import)
    }

    fn dernier_import(&self) -> Resultat<Option<i64>> {
        import::dernier(&self.conn)
    }

    fn annees_importees(&self) -> Resultat<Vec<AnneeScolaire>> {
        import::annees(&self.conn)
    }

    fn diagnostics_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticDane>> {
        import::diagnostics(&self.conn, uai)
    }

    fn ecartes_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticEcarte>> {
        import::ecartes(&self.conn, uai)
    }

    fn nombre_ecartes(&self) -> Resultat<u32> {
        import::nombre_ecartes(&self.conn)
    }

    fn referentiels_dane(&self) -> Resultat<Vec<(i64, String)>> {
        import::referentiels(&self.conn)
    }

    fn parcourir_enveloppes(&self, f: &mut dyn FnMut(&str, &[u8])) -> Resultat<()> {
        import::parcourir_enveloppes(&self.conn, f)
    }

    fn lire_copie(&self, f: &mut dyn FnMut(ElementCopie) -> Resultat<()>) -> Resultat<()> {
        copie::lire(&self.conn, f)
    }

    fn ecrire_copie(&mut self, source: &str, elements: &[ElementCopie]) -> Resultat<BilanCopie> {
        copie::ecrire(&mut self.conn, source, elements)
    }

    fn entretenir(&mut self) -> Resultat<()> {
        // Nothing to refresh: SQLite plans the territory queries from the
        // schema (covering indexes), without statistics.
        Ok(())
    }

    fn remplacer_publication(&mut self, p: &Publication) -> Resultat<()> {
        publication::remplacer(&mut self.conn, p)
    }

    fn territoires(&self, par: Regroupement, filtre: &Filtre, annee: AnneeScolaire) -> Resultat<Vec<Territoire>> {
        territoire::territoires(&self.conn, par, filtre, annee)
    }

    fn parcourir_diagnostics(
        &self,
        annee: AnneeScolaire,
        precedente: Option<AnneeScolaire>,
        par: Regroupement,
        filtre: &Filtre,
        f: &mut dyn FnMut(DiagnosticLu<'_>),
    ) -> Resultat<()> {
        territoire::parcourir_diagnostics(&self.conn, annee, precedente, par, filtre, f)
    }
}
