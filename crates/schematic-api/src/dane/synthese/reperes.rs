//! The territorial references a DANE publishes for its schools (see
//! `schematic_core::reperes` and docs/format/reperes-territoriaux-v1.md):
//! every family's figures per département, académie and région académique,
//! enrolled diagnostics only, statistical secrecy applied to the whole
//! publication, signed with the DANE key.

use std::path::Path;

use schematic_core::annuaire::FAMILLES;
use schematic_core::reperes::{Echelon, Reperes, calculer};
use schematic_core::secret::{Case, Masque};
use schematic_core::synthese::{Agregat, Lecture};
use schematic_core::{AnneeScolaire, Referentiel};
use schematic_dane_store::{Filtre, Regroupement};
use schematic_exchange::reperes::ReperesV1;

use super::{Requete, domaines, versions_stockees};
use crate::dane::EspaceDane;
use crate::dto::ReperesPubliesDto;
use crate::echange::ecrire_durablement;
use crate::error::{ApiError, ErrorKind};

/// Every cell of the references, for the report.
fn cases(r: &Reperes) -> Vec<&Case> {
    let mut v = Vec::new();
    for g in &r.groupes {
        v.push(&g.etablissements);
        v.extend(g.domaines.iter().map(|(_, c)| c));
        for p in &g.referentiels {
            for i in &p.items {
                v.extend(i.niveaux.iter());
                v.push(&i.total);
            }
        }
    }
    v
}

impl EspaceDane {
    /// The references of `annee` (the latest year imported when `None`),
    /// secrecy applied.
    pub(crate) fn reperes(&self, annee: Option<&str>) -> Result<(AnneeScolaire, Reperes), ApiError> {
        let annee = match annee {
            Some(a) => a.parse::<AnneeScolaire>()?,
            None => self.stockage.annees_importees()?.first().copied().ok_or_else(|| {
                ApiError::new(ErrorKind::Introuvable, "Aucun diagnostic n’a encore été importé dans l’espace DANE.")
            })?,
        };
        let catalogue = self.catalogue();
        let versions = versions_stockees(catalogue, &self.stockage.referentiels_dane()?);
        let mut departements: Vec<(String, String, Agregat)> = Vec::new();
        let mut somme = Agregat::default();
        for (famille, _) in FAMILLES {
            let r = Requete {
                par: Regroupement::Departement,
                libelle_par: "",
                annee,
                // References are of one year: no change since the last.
                precedente: None,
                filtre: Filtre { famille: Some(famille.to_string()), ..Filtre::default() },
                perimetre: None,
            };
            let (actuels, _, _) = self.agreger(&r, true, &versions)?;
            for (code, a) in actuels {
                somme.fusionner(&a);
                departements.push((famille.to_string(), code, a));
            }
        }
        if somme.diagnostics == 0 {
            return Err(ApiError::new(
                ErrorKind::Introuvable,
                format!(
                    "Aucun diagnostic signé par une clé enrôlée n’est importé pour {annee} : il n’y a pas de repères à publier."
                ),
            ));
        }
        departements.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        // Items are published per version answered in the year, each read in
        // itself: a school compares with the establishments that answered
        // the same text (docs/format/reperes-territoriaux-v1.md).
        let mut versions_annee: Vec<&Referentiel> = somme
            .versions
            .iter()
            .filter_map(|p| catalogue.trouver(&p.referentiel, &p.version).map(|x| &x.referentiel))
            .collect();
        versions_annee.sort_by(|a, b| {
            (a.id.as_str(), schematic_core::referentiel::cle_version(&a.version))
                .cmp(&(b.id.as_str(), schematic_core::referentiel::cle_version(&b.version)))
        });
        let ids: Vec<String> = domaines().into_iter().map(|d| d.id).collect();
        let reperes = calculer(&departements, &ids, &versions_annee, |reference, version| {
            (version == reference.version).then(|| Lecture::identite(reference))
        });
        Ok((annee, reperes))
    }

    /// Publishes the references of `annee` as a file signed with the DANE
    /// key, in `sortie` (a folder: `SchemaTIC_reperes_<année>.json` in it).
    pub fn publier_reperes(&mut self, annee: Option<&str>, sortie: &Path) -> Result<ReperesPubliesDto, ApiError> {
        let (annee, reperes) = self.reperes(annee)?;
        let cle = self.cle_privee_dane()?;
        let document = ReperesV1::nouveau(
            &reperes,
            &annee.to_string(),
            &cle,
            &self.horodatage(),
            &format!("SchémaTIC {}", env!("CARGO_PKG_VERSION")),
        );
        let fichier = if sortie.is_dir() { sortie.join(document.nom_fichier()) } else { sortie.to_path_buf() };
        ecrire_durablement(&fichier, &document.signer(&cle).octets())?;
        let toutes = cases(&reperes);
        let compte = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(ReperesPubliesDto {
            fichier: fichier.display().to_string(),
            annee: annee.to_string(),
            academies: reperes.academies.clone(),
            groupes: compte(reperes.groupes.len()),
            etablissements: reperes
                .groupes
                .iter()
                .filter(|g| g.echelon == Echelon::Academie)
                .map(|g| g.etablissements.base)
                .sum(),
            cases: compte(toutes.len()),
            cases_cachees: compte(toutes.iter().filter(|c| c.masque != Masque::Visible).count()),
            empreinte_cle: cle.publique().empreinte_courte(),
        })
    }
}
