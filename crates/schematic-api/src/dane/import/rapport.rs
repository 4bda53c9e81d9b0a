//! Import reports: read back, summed by status, exported as CSV.

use std::collections::HashMap;
use std::path::Path;

use schematic_dane_store::LigneRapport;

use crate::dane::EspaceDane;
use crate::dto::{CompteStatutDto, ImportDto, LigneImportDto, StatutImport};
use crate::error::{ApiError, ErrorKind};

/// Lines listed in the answer (the CSV report has them all).
const LIGNES_MAX: usize = 2000;

impl EspaceDane {
    /// `import`, or the last import's number.
    fn numero_import(&self, import: Option<i64>) -> Result<i64, ApiError> {
        match import {
            Some(i) => Ok(i),
            None => self
                .stockage
                .dernier_import()?
                .ok_or_else(|| ApiError::new(ErrorKind::Introuvable, "Aucun import n’a encore été fait.")),
        }
    }

    /// An import report (the last one when `import` is `None`).
    pub fn rapport_import_dto(&self, import: Option<i64>) -> Result<ImportDto, ApiError> {
        let import = self.numero_import(import)?;
        self.rapport_import(import, None)
    }

    pub(super) fn rapport_import(
        &self,
        import: i64,
        comptes: Option<&HashMap<StatutImport, u32>>,
    ) -> Result<ImportDto, ApiError> {
        let lignes = self.stockage.rapport_import(import)?;
        let mut calcules = HashMap::new();
        let comptes = match comptes {
            Some(c) => c,
            None => {
                for l in &lignes {
                    *calcules.entry(l.statut).or_default() += 1;
                }
                &calcules
            }
        };
        let fichiers = u32::try_from(lignes.len()).unwrap_or(u32::MAX);
        let mut dto: Vec<LigneImportDto> = lignes.into_iter().map(ligne_dto).collect();
        let lignes_tronquees = dto.len() > LIGNES_MAX;
        if lignes_tronquees {
            // Keep what needs attention first.
            dto.sort_by_key(|l| (l.statut == StatutImport::Importe, l.statut));
            dto.truncate(LIGNES_MAX);
        }
        Ok(ImportDto {
            import,
            fichiers,
            comptes: StatutImport::TOUS
                .into_iter()
                .map(|s| CompteStatutDto {
                    statut: s,
                    libelle: s.libelle().into(),
                    nombre: comptes.get(&s).copied().unwrap_or(0),
                })
                .collect(),
            lignes: dto,
            lignes_tronquees,
        })
    }

    /// Writes an import report as CSV (French Excel dialect); into a folder,
    /// as `rapport-import-<n>.csv`.
    pub fn exporter_rapport_import(&self, import: Option<i64>, sortie: &Path) -> Result<String, ApiError> {
        use schematic_exchange::tableur::{Cellule, Feuille, csv};
        let import = self.numero_import(import)?;
        let nomme = sortie.join(format!("rapport-import-{import}.csv"));
        let sortie = if sortie.is_dir() { nomme.as_path() } else { sortie };
        let lignes = self.stockage.rapport_import(import)?;
        let feuille = Feuille {
            nom: "Import".into(),
            entetes: ["Fichier", "Statut", "Détail", "UAI", "Année scolaire"].map(String::from).to_vec(),
            lignes: lignes
                .into_iter()
                .map(ligne_dto)
                .map(|l| {
                    vec![
                        Cellule::texte(l.chemin),
                        Cellule::texte(l.libelle),
                        Cellule::texte(l.detail),
                        Cellule::texte(l.uai.unwrap_or_default()),
                        Cellule::texte(l.annee.unwrap_or_default()),
                    ]
                })
                .collect(),
            notes: Vec::new(),
        };
        crate::echange::ecrire_durablement(sortie, &csv(&feuille))?;
        Ok(sortie.display().to_string())
    }
}

fn ligne_dto(l: LigneRapport) -> LigneImportDto {
    LigneImportDto {
        chemin: l.chemin,
        statut: l.statut,
        libelle: l.statut.libelle().into(),
        detail: l.detail,
        uai: l.uai,
        annee: l.annee,
    }
}
