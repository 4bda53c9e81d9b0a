//! [`StockageDane`] for PostgreSQL.

use std::collections::HashMap;

use schematic_core::annuaire::EtablissementAnnuaire;
use schematic_core::{AnneeScolaire, Uai};
use schematic_dane_store::{
    BilanCopie, ClesLot, DiagnosticDane, DiagnosticEcarte, DiagnosticLu, Ecritures, ElementCopie, EnrolementEnregistre,
    EtatLot, FicheAnnuaire, Filtre, LigneRapport, NouvelEnrolement, Publication, Regroupement, RemplacementAnnuaire,
    Resultat, StockageDane, Territoire,
};

use crate::{StockagePostgres, annuaire, copie, enrolement, erreur, import, publication, territoire};

impl StockageDane for StockagePostgres {
    fn description(&self) -> String {
        self.description.clone()
    }

    fn cle_dane(&self) -> Resultat<Option<String>> {
        Ok(self.client()?.query_opt("SELECT cle FROM dane_cle WHERE id = 1", &[]).map_err(erreur)?.map(|r| r.get(0)))
    }

    fn enregistrer_cle_dane(&mut self, cle: &str, le: &str) -> Resultat<String> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(erreur)?;
        tx.execute(
            "INSERT INTO dane_cle (id, cle, enregistree_le) VALUES (1, $1, $2) ON CONFLICT DO NOTHING",
            &[&cle, &le],
        )
        .map_err(erreur)?;
        let gardee: String = tx.query_one("SELECT cle FROM dane_cle WHERE id = 1", &[]).map_err(erreur)?.get(0);
        tx.commit().map_err(erreur)?;
        Ok(gardee)
    }

    fn enrolements_de_cle(&self, cle: &str) -> Resultat<Vec<EnrolementEnregistre>> {
        enrolement::de_cle(self, cle)
    }

    fn tous_enrolements(&self) -> Resultat<Vec<EnrolementEnregistre>> {
        enrolement::tous(self)
    }

    fn enroler(
        &mut self,
        e: &NouvelEnrolement,
        certifier: &mut dyn FnMut(&str) -> String,
    ) -> Resultat<(EnrolementEnregistre, usize)> {
        enrolement::enroler(self, e, certifier)
    }

    fn revoquer(&mut self, uai: &Uai, jour: &str) -> Resultat<(usize, usize)> {
        enrolement::revoquer(self, uai, jour)
    }

    fn remplacer_annuaire(
        &mut self,
        remplir: &mut dyn FnMut(&mut dyn RemplacementAnnuaire) -> Resultat<bool>,
    ) -> Resultat<bool> {
        annuaire::remplacer(self, remplir)
    }

    fn definir_circonscriptions(&mut self, lignes: &[(String, String)]) -> Resultat<()> {
        annuaire::definir_circonscriptions(self, lignes)
    }

    fn taille_annuaire(&self) -> Resultat<(u32, u32)> {
        annuaire::taille(self)
    }

    fn fiches_annuaire(&self) -> Resultat<HashMap<String, FicheAnnuaire>> {
        annuaire::fiches(self)
    }

    fn etablissement_annuaire(&self, uai: &Uai) -> Resultat<Option<(EtablissementAnnuaire, Option<String>)>> {
        annuaire::etablissement(self, uai)
    }

    fn commencer_import(&mut self, commence_le: &str) -> Resultat<i64> {
        import::commencer(self, commence_le)
    }

    fn ecrire_lot(
        &mut self,
        numero_import: i64,
        cles: &ClesLot,
        durable: bool,
        planifier: &mut dyn FnMut(EtatLot) -> Ecritures,
    ) -> Resultat<()> {
        import::ecrire_lot(self, numero_import, cles, durable, planifier)
    }

    fn rapport_import(&self, numero_import: i64) -> Resultat<Vec<LigneRapport>> {
        import::rapport(self, numero_import)
    }

    fn dernier_import(&self) -> Resultat<Option<i64>> {
        import::dernier(self)
    }

    fn annees_importees(&self) -> Resultat<Vec<AnneeScolaire>> {
        import::annees(self)
    }

    fn diagnostics_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticDane>> {
        import::diagnostics(self, uai)
    }

    fn ecartes_dane(&self, uai: &Uai) -> Resultat<Vec<DiagnosticEcarte>> {
        import::ecartes(self, uai)
    }

    fn nombre_ecartes(&self) -> Resultat<u32> {
        import::nombre_ecartes(self)
    }

    fn referentiels_dane(&self) -> Resultat<Vec<(i64, String)>> {
        import::referentiels(self)
    }

    fn parcourir_enveloppes(&self, f: &mut dyn FnMut(&str, &[u8])) -> Resultat<()> {
        import::parcourir_enveloppes(self, f)
    }

    fn lire_copie(&self, f: &mut dyn FnMut(ElementCopie) -> Resultat<()>) -> Resultat<()> {
        copie::lire(self, f)
    }

    fn ecrire_copie(&mut self, source: &str, elements: &[ElementCopie]) -> Resultat<BilanCopie> {
        copie::ecrire(self, source, elements)
    }

    fn entretenir(&mut self) -> Resultat<()> {
        import::entretenir(self)
    }

    fn remplacer_publication(&mut self, p: &Publication) -> Resultat<()> {
        publication::remplacer(self, p)
    }

    fn territoires(&self, par: Regroupement, filtre: &Filtre, annee: AnneeScolaire) -> Resultat<Vec<Territoire>> {
        territoire::territoires(self, par, filtre, annee)
    }

    fn parcourir_diagnostics(
        &self,
        annee: AnneeScolaire,
        precedente: Option<AnneeScolaire>,
        par: Regroupement,
        filtre: &Filtre,
        f: &mut dyn FnMut(DiagnosticLu<'_>),
    ) -> Resultat<()> {
        territoire::parcourir_diagnostics(self, annee, precedente, par, filtre, f)
    }
}
