//! Growing from one PC to a team: the DANE space copied, as it is, from its
//! store into another (`schematic dane migrer --vers postgres://…`), every
//! stored envelope verified again on the way. Nothing is decided again: a
//! copy keeps each diagnostic's status as its store had it. Run again, it
//! writes nothing new.

use schematic_dane_postgres::{Adresse, StockagePostgres};
use schematic_dane_store::{ElementCopie, StockageDane, StockageError};
use schematic_exchange::ClePublique;
use schematic_exchange::verification::verifier_json;

use super::EspaceDane;
use crate::dto::MigrationDaneDto;
use crate::error::ApiError;
use crate::installation::Installation;

/// Elements written per transaction.
const PAQUET: usize = 1000;

/// Verifies the envelopes of `paquet` on every core; keeps those whose
/// payload is the one stored (same hash), and says which are not.
fn verifier(paquet: Vec<ElementCopie>, confiance: &[ClePublique], anomalies: &mut Vec<String>) -> Vec<ElementCopie> {
    let coeurs = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(8);
    let part = paquet.len().div_ceil(coeurs).max(1);
    let verdicts: Vec<Option<String>> = std::thread::scope(|s| {
        let taches: Vec<_> = paquet
            .chunks(part)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|e| match e {
                            ElementCopie::Diagnostic(d) | ElementCopie::Ecarte { diagnostic: d, .. } => {
                                let v = verifier_json(&d.enveloppe, confiance);
                                (v.empreinte_charge.as_deref() != Some(d.empreinte.as_str())).then(|| {
                                    format!(
                                        "Diagnostic {} ({} {}) : {} Il n’est pas copié.",
                                        &d.empreinte[..12.min(d.empreinte.len())],
                                        d.uai,
                                        d.annee,
                                        v.detail
                                    )
                                })
                            }
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        taches.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect()
    });
    paquet
        .into_iter()
        .zip(verdicts)
        .filter_map(|(e, anomalie)| match anomalie {
            Some(a) => {
                anomalies.push(a);
                None
            }
            None => Some(e),
        })
        .collect()
}

impl EspaceDane {
    /// Copies this space's data into `cible`, verifying every stored
    /// envelope; then computes the target's published figures.
    pub(crate) fn copier_vers(&mut self, cible: Box<dyn StockageDane>) -> Result<(MigrationDaneDto, Self), ApiError> {
        let cle = self.cle_publique_dane()?;
        let confiance = [cle];
        let source = self.stockage.description();
        let mut cible = self.sur(cible);
        // One DANE, one key: a server that already belongs to another DANE
        // key receives nothing.
        let gardee = cible.stockage.enregistrer_cle_dane(&cle.keyid(), &self.horodatage())?;
        if gardee != cle.keyid() {
            return Err(ApiError::new(
                crate::error::ErrorKind::EtatIncompatible,
                format!(
                    "Le serveur tient l’espace d’une autre clé de DANE (empreinte {}) que celle de ce poste (empreinte {}) : rien n’a été copié.",
                    ClePublique::depuis_keyid(&gardee).map_or(gardee.clone(), |c| c.empreinte_courte()),
                    cle.empreinte_courte()
                ),
            ));
        }
        let mut dto = MigrationDaneDto {
            source: source.clone(),
            cible: cible.stockage.description(),
            verifies: 0,
            copies: 0,
            deja_presents: 0,
            en_conflit: Vec::new(),
            anomalies: Vec::new(),
            utilise: false,
        };
        let mut paquet = Vec::with_capacity(PAQUET);
        let mut ecrire = |paquet: Vec<ElementCopie>, dto: &mut MigrationDaneDto| -> Result<(), StockageError> {
            let verifies = paquet
                .iter()
                .filter(|e| matches!(e, ElementCopie::Diagnostic(_) | ElementCopie::Ecarte { .. }))
                .count();
            let paquet = verifier(paquet, &confiance, &mut dto.anomalies);
            dto.verifies += u32::try_from(verifies).unwrap_or(u32::MAX);
            let bilan = cible.stockage.ecrire_copie(&source, &paquet)?;
            dto.copies += bilan.ecrits;
            dto.deja_presents += bilan.deja;
            dto.en_conflit.extend(bilan.en_conflit.into_iter().map(|(empreinte, uai, annee)| {
                format!(
                    "Diagnostic {} ({uai} {annee}) : le serveur tient déjà un autre diagnostic de cet établissement pour cette année ; il n’est pas copié.",
                    &empreinte[..12.min(empreinte.len())]
                )
            }));
            Ok(())
        };
        self.stockage.lire_copie(&mut |e| {
            paquet.push(e);
            if paquet.len() >= PAQUET {
                ecrire(std::mem::take(&mut paquet), &mut dto)?;
            }
            Ok(())
        })?;
        ecrire(paquet, &mut dto)?;
        // Only an optimisation (the copy is committed): see `entretenir`.
        let _ = cible.stockage.entretenir();
        cible.rafraichir_publications(None)?;
        Ok((dto, cible))
    }
}

impl Installation {
    /// Copies the DANE space of this installation into the PostgreSQL
    /// server at `adresse` (see [`EspaceDane::copier_vers`]); with
    /// `utiliser`, this installation then uses that server.
    pub fn migrer_espace_dane(
        &mut self,
        adresse: &str,
        mot_de_passe: Option<&str>,
        utiliser: bool,
    ) -> Result<MigrationDaneDto, ApiError> {
        let mut espace = self.espace_dane_avec(mot_de_passe)?;
        let cible = StockagePostgres::connecter(&Adresse::lire(adresse)?, mot_de_passe)?;
        let (mut dto, _) = espace.copier_vers(Box::new(cible))?;
        if utiliser {
            self.definir_base_dane(Some(adresse), mot_de_passe)?;
            dto.utilise = true;
        }
        Ok(dto)
    }
}
