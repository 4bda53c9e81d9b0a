//! The territory view and the publication: figures per académie,
//! département, circonscription, type or establishment for one school year,
//! with the change since the previous one; statistical secrecy when
//! publishing (see `schematic_core::synthese`). And the drill-down to one
//! establishment.

use std::collections::HashMap;
use std::path::Path;

use schematic_core::annuaire::{FAMILLES, libelle_famille};
use schematic_core::referentiel::Catalogue;
use schematic_core::referentiel::correspondance::Passage;
use schematic_core::secret::{Case, Colonne, TableauTerritoires, Valeur, publier_colonne, publier_repartition};
use schematic_core::synthese::{Agregat, Lecture, Masque, decoder, niveaux_valides};
use schematic_core::{AnneeScolaire, Referentiel, resultats, territoire};
use schematic_dane_store::{DiagnosticLu, Filtre, Regroupement, Territoire};
use schematic_exchange::tableur::{csv, xlsx};

use crate::dane::EspaceDane;
use crate::dto::{
    DiagnosticDaneDto, DomaineSyntheseDto, EcarteDto, EtablissementDaneDto, FichiersDto, ItemSyntheseDto,
    LigneTerritoireDto, MotifMasque, RequeteSyntheseDto, SyntheseDto, ValeurDto, VersionSyntheseDto,
};
use crate::echange::ecrire_durablement;
use crate::error::{ApiError, ErrorKind};

/// The groupings, as the shells name them, with their labels.
pub const REGROUPEMENTS: [(&str, &str); 5] = [
    ("academie", "Académie"),
    ("departement", "Département"),
    ("circonscription", "Circonscription"),
    ("type", "Type d’établissement"),
    ("etablissement", "Établissement"),
];

/// The mark of a hidden cell in tables and exports.
pub const MARQUE_SECRET: &str = "s";

fn regroupement(par: &str) -> Result<(Regroupement, &'static str), ApiError> {
    let r = match par {
        "academie" => Regroupement::Academie,
        "departement" => Regroupement::Departement,
        "circonscription" => Regroupement::Circonscription,
        "type" => Regroupement::Type,
        "etablissement" => Regroupement::Etablissement,
        autre => {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "Regroupement « {autre} » inconnu : choisissez academie, departement, circonscription, type ou etablissement."
                ),
            ));
        }
    };
    let libelle = REGROUPEMENTS.iter().find(|(c, _)| *c == par).map_or("", |(_, l)| *l);
    Ok((r, libelle))
}

/// The code of a mask in the DTO and the exports.
fn code_masque(m: Masque) -> Option<MotifMasque> {
    match m {
        Masque::Visible => None,
        Masque::Primaire => Some(MotifMasque::Primaire),
        Masque::Secondaire => Some(MotifMasque::Secondaire),
    }
}

/// A cell as the shells show it; an integer is divided by `unite` (a rate
/// in tenths of a percent shows as a percent).
fn valeur_dto(c: &Case, unite: f64) -> ValeurDto {
    let valeur = match c.publiee() {
        Some(Valeur::Entier(n)) => Some(f64::from(n) / unite),
        Some(Valeur::Decimal(x)) => Some(x),
        Some(Valeur::Vide) | None => None,
    };
    ValeurDto { valeur, masque: code_masque(c.masque) }
}

/// The columns of a territory table: diagnostics, rate, each domain's mean,
/// each domain's change since last year.
fn colonnes(domaines: usize) -> Vec<Colonne> {
    let mut c = vec![Colonne::Base, Colonne::Suit(0)];
    c.extend((0..domaines).map(|_| Colonne::Base));
    c.extend((0..domaines).map(|k| Colonne::Evolution(2 + k)));
    c
}

/// One row of a territory table from its aggregates. For the total row,
/// `anciens` gives last year's base of each domain over every territory.
fn cases(
    a: &Agregat,
    avant: &Agregat,
    etablissements: u32,
    domaines: &[DomaineSyntheseDto],
    anciens: Option<&HashMap<String, Agregat>>,
) -> Vec<Case> {
    let taux = schematic_core::synthese::taux_pour_mille(a.diagnostics, etablissements);
    let mut c = vec![
        Case::nouvelle(Valeur::Entier(a.diagnostics), a.diagnostics),
        Case::nouvelle(taux.map_or(Valeur::Vide, Valeur::Entier), a.diagnostics),
    ];
    for d in domaines {
        let m = a.moyenne(&d.id);
        c.push(Case::nouvelle(m.valeur().map_or(Valeur::Vide, |v| Valeur::Decimal(arrondi(v, 2))), m.etablissements));
    }
    for d in domaines {
        let (m, p) = (a.moyenne(&d.id), avant.moyenne(&d.id));
        let mut e = Case::nouvelle(
            m.valeur().zip(p.valeur()).map_or(Valeur::Vide, |(m, p)| Valeur::Decimal(arrondi(m - p, 2))),
            m.etablissements,
        );
        e.base_precedente = match anciens {
            Some(anciens) => anciens.values().map(|x| x.moyenne(&d.id).etablissements).sum(),
            None => p.etablissements,
        };
        c.push(e);
    }
    c
}

/// A territory table's row as the shells show it.
fn ligne_dto(
    code: &str,
    libelle: String,
    etablissements: u32,
    non_enroles: u32,
    cases: &[Case],
    domaines: usize,
) -> LigneTerritoireDto {
    LigneTerritoireDto {
        code: code.to_string(),
        libelle,
        etablissements,
        diagnostics: valeur_dto(&cases[0], 1.0),
        non_enroles,
        taux: valeur_dto(&cases[1], 10.0),
        moyennes: cases[2..2 + domaines].iter().map(|c| valeur_dto(c, 1.0)).collect(),
        evolutions: cases[2 + domaines..].iter().map(|c| valeur_dto(c, 1.0)).collect(),
    }
}

/// A territory's label as shown.
fn libelle(par: Regroupement, code: &str, brut: &str) -> String {
    match par {
        Regroupement::Type => libelle_famille(code).to_string(),
        Regroupement::Circonscription if code.is_empty() => "Sans circonscription".to_string(),
        _ => brut.to_string(),
    }
}

/// Rounded to `decimales` decimals, half away from zero.
fn arrondi(x: f64, decimales: i32) -> f64 {
    let e = 10f64.powi(decimales);
    let r = (x * e).round() / e;
    // No « -0,00 ».
    if r == 0.0 { 0.0 } else { r }
}

/// The domains of the embedded referentials, by id, in referential order.
fn domaines() -> Vec<DomaineSyntheseDto> {
    let mut liste: Vec<DomaineSyntheseDto> = Vec::new();
    for r in Referentiel::embarques().iter().rev() {
        for d in &r.domaines {
            if !liste.iter().any(|x| x.id == d.id) {
                liste.push(DomaineSyntheseDto { id: d.id.clone(), titre: d.titre.clone() });
            }
        }
    }
    liste
}

/// Per territory code: this year's aggregates, last year's, and how many
/// unenrolled diagnostics of this year a publication left out.
type Agregats = (HashMap<String, Agregat>, HashMap<String, Agregat>, u32);

/// One year's aggregates being built: per territory in the order first met,
/// the index of each code, and the last one used.
type Territoires = (Vec<(String, Agregat)>, HashMap<String, usize>, usize);

/// The referential version of each stored version number (small integers
/// from 1): every diagnostic is read with the version it was answered on.
fn versions_stockees<'c>(catalogue: &'c Catalogue, numeros: &[(i64, String)]) -> Vec<Option<&'c Referentiel>> {
    let mut par_numero: Vec<Option<&'c Referentiel>> = Vec::new();
    for (n, empreinte) in numeros {
        let (Ok(i), Some(p)) = (usize::try_from(*n), catalogue.par_empreinte(empreinte)) else { continue };
        if par_numero.len() <= i {
            par_numero.resize_with(i + 1, || None);
        }
        par_numero[i] = Some(&p.referentiel);
    }
    par_numero
}

/// The version items are shown in, per referential: the newest answered in
/// the year (docs/referentiel.md, « Comparer deux années de versions
/// différentes »), `ecole` before `eple`.
fn references<'c>(catalogue: &'c Catalogue, somme: &Agregat) -> Vec<&'c Referentiel> {
    let mut references: Vec<&'c Referentiel> = Vec::new();
    for p in &somme.versions {
        let Some(r) = catalogue.trouver(&p.referentiel, &p.version).map(|x| &x.referentiel) else { continue };
        match references.iter_mut().find(|x| x.id == r.id) {
            Some(x) if r.plus_recent_que(x) => *x = r,
            Some(_) => {}
            None => references.push(r),
        }
    }
    references.sort_by(|a, b| a.id.cmp(&b.id));
    references
}

/// A synthesis as computed: the domain's tables and what they describe.
struct Chiffres<'c> {
    r: Requete,
    annee: String,
    precedente: String,
    publication: bool,
    territoires: Vec<Territoire>,
    /// Unenrolled diagnostics of the year per territory code, and in all.
    non_enroles: HashMap<String, u32>,
    non_enroles_total: u32,
    /// Establishments of the annuaire in all the territories.
    etablissements: u32,
    domaines: Vec<DomaineSyntheseDto>,
    tableau: TableauTerritoires,
    /// Per item of each reference version: its level distribution.
    items: Vec<(&'c Referentiel, usize, Vec<Case>)>,
    /// Per version answered: (referential, version, diagnostics).
    versions: Vec<(String, String, Case)>,
    references: Vec<&'c Referentiel>,
    notes: Vec<String>,
}

struct Requete {
    par: Regroupement,
    libelle_par: &'static str,
    annee: AnneeScolaire,
    /// The year compared with (`None`: no comparison, nothing more read).
    precedente: Option<AnneeScolaire>,
    filtre: Filtre,
    perimetre: Option<String>,
}

impl EspaceDane {
    fn requete(&self, q: &RequeteSyntheseDto) -> Result<Requete, ApiError> {
        let (par, libelle_par) = regroupement(&q.par)?;
        if q.publication && par == Regroupement::Etablissement {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                "Une publication par établissement n’est pas possible : chaque ligne décrirait un seul établissement. Choisissez academie, departement, circonscription ou type.",
            ));
        }
        let annee = match &q.annee {
            Some(a) => a.parse::<AnneeScolaire>()?,
            None => self.stockage.annees_importees()?.first().copied().ok_or_else(|| {
                ApiError::new(ErrorKind::Introuvable, "Aucun diagnostic n’a encore été importé dans l’espace DANE.")
            })?,
        };
        let departement = match &q.departement {
            Some(d) => Some(territoire::departement(d).map(|d| d.code.to_string()).ok_or_else(|| {
                ApiError::new(
                    ErrorKind::SaisieInvalide,
                    format!("Département « {d} » inconnu : indiquez son code (33, 2A, 974…)."),
                )
            })?),
            None => None,
        };
        if let Some(f) = &q.famille
            && !FAMILLES.iter().any(|(c, _)| c == f)
        {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!("Type « {f} » inconnu : choisissez ecole, college, lycee, erea ou autre."),
            ));
        }
        let mut perimetre = Vec::new();
        if let Some(a) = &q.academie {
            perimetre.push(territoire::academie_de(a));
        }
        if let Some(d) = &departement {
            let nom = territoire::departement(d).map_or("", |d| d.nom);
            perimetre.push(format!("département {d} — {nom}"));
        }
        if let Some(c) = &q.circonscription {
            perimetre.push(format!("circonscription {c}"));
        }
        if let Some(f) = &q.famille {
            perimetre.push(libelle_famille(f).to_lowercase());
        }
        Ok(Requete {
            par,
            libelle_par,
            annee,
            precedente: annee.precedente(),
            filtre: Filtre {
                academie: q.academie.clone(),
                departement,
                circonscription: q.circonscription.clone(),
                famille: q.famille.clone(),
            },
            perimetre: (!perimetre.is_empty()).then(|| perimetre.join(", ")),
        })
    }

    /// Aggregates per territory code for a year and the one before, in one
    /// pass; and how many unenrolled diagnostics of the year were left out
    /// (when publishing).
    fn agreger(&self, r: &Requete, publication: bool, versions: &[Option<&Referentiel>]) -> Result<Agregats, ApiError> {
        // Per year: the territories in the order first met, and the last one
        // used (rows come in UAI order, so consecutive rows mostly share
        // their territory: no hashing then).
        let mut par_annee: [Territoires; 2] = Default::default();
        let mut exclus = 0;
        self.stockage.parcourir_diagnostics(r.annee, r.precedente, r.par, &r.filtre, &mut |lu: DiagnosticLu<'_>| {
            let DiagnosticLu { annee_courante: courante, territoire: code, referentiel: numero, niveaux, enrole } = lu;
            if publication && !enrole {
                exclus += u32::from(courante);
                return;
            }
            let referentiel = usize::try_from(numero)
                .ok()
                .and_then(|i| versions.get(i).copied().flatten())
                .filter(|r| niveaux_valides(r, niveaux));
            let Some(referentiel) = referentiel else { return };
            let (liste, index, dernier) = &mut par_annee[usize::from(!courante)];
            let i = match liste.get(*dernier) {
                Some((c, _)) if c == code => *dernier,
                _ => *index.entry(code.to_string()).or_insert_with(|| {
                    liste.push((code.to_string(), Agregat::default()));
                    liste.len() - 1
                }),
            };
            *dernier = i;
            liste[i].1.ajouter(referentiel, niveaux, enrole);
        })?;
        let [(actuels, ..), (anciens, ..)] = par_annee;
        Ok((actuels.into_iter().collect(), anciens.into_iter().collect(), exclus))
    }

    /// The territory figures asked for, as tables of the domain
    /// (`schematic_core::secret`), protected by statistical secrecy when
    /// publishing.
    fn chiffres(&self, q: &RequeteSyntheseDto) -> Result<Chiffres<'_>, ApiError> {
        let r = self.requete(q)?;
        let annee = r.annee.to_string();
        let precedente = r.annee.precedente().map(|a| a.to_string()).unwrap_or_default();
        let territoires = self.stockage.territoires(r.par, &r.filtre, r.annee)?;
        let catalogue = self.catalogue();
        let versions_numerotees = versions_stockees(catalogue, &self.stockage.referentiels_dane()?);
        let (actuels, anciens, exclus) = self.agreger(&r, q.publication, &versions_numerotees)?;
        let domaines = domaines();
        let vide = Agregat::default();

        // The territory table: one row per territory, and the total.
        let (mut somme, mut somme_avant) = (Agregat::default(), Agregat::default());
        for t in &territoires {
            if let Some(a) = actuels.get(&t.code) {
                somme.fusionner(a);
            }
            if let Some(a) = anciens.get(&t.code) {
                somme_avant.fusionner(a);
            }
        }
        let etablissements: u32 = territoires.iter().map(|t| t.etablissements).sum();
        let mut tableau = TableauTerritoires {
            colonnes: colonnes(domaines.len()),
            lignes: territoires
                .iter()
                .map(|t| {
                    cases(
                        actuels.get(&t.code).unwrap_or(&vide),
                        anciens.get(&t.code).unwrap_or(&vide),
                        t.etablissements,
                        &domaines,
                        None,
                    )
                })
                .collect(),
            total: cases(&somme, &somme_avant, etablissements, &domaines, Some(&anciens)),
        };

        // Items, in the reference version of each referential.
        let references = references(catalogue, &somme);
        let mut items: Vec<(&Referentiel, usize, Vec<Case>)> = Vec::new();
        for referentiel in &references {
            let lecture = |version: &str| {
                let depuis = &catalogue.trouver(&referentiel.id, version)?.referentiel;
                let passage = catalogue.passage(depuis, referentiel).unwrap_or_else(|_| Passage::coupe());
                Some(Lecture::nouvelle(depuis, referentiel, &passage))
            };
            if let Some(comptes) = somme.comptes(referentiel, lecture) {
                for (i, c) in comptes.iter().enumerate() {
                    items.push((referentiel, i, c.iter().map(|&n| Case::nouvelle(Valeur::Entier(n), n)).collect()));
                }
            }
        }
        let mut versions: Vec<(String, String, Case)> = somme
            .versions
            .iter()
            .map(|p| {
                (p.referentiel.clone(), p.version.clone(), Case::nouvelle(Valeur::Entier(p.diagnostics), p.diagnostics))
            })
            .collect();
        versions.sort_by(|a, b| {
            (a.0.as_str(), schematic_core::referentiel::cle_version(&a.1))
                .cmp(&(b.0.as_str(), schematic_core::referentiel::cle_version(&b.1)))
        });

        let mut notes = Vec::new();
        if q.publication {
            tableau.publier();
            let mut colonne_versions: Vec<Case> = versions.iter().map(|v| v.2).collect();
            publier_colonne(&mut colonne_versions);
            for (v, c) in versions.iter_mut().zip(colonne_versions) {
                v.2 = c;
            }
            let mut repartitions: Vec<Vec<Case>> = items.iter().map(|i| i.2.clone()).collect();
            publier_repartition(&mut repartitions);
            for (item, r) in items.iter_mut().zip(repartitions) {
                item.2 = r;
            }
            let libelles: Vec<String> = territoires.iter().map(|t| libelle(r.par, &t.code, &t.libelle)).collect();
            notes.extend(notes_du_secret(&tableau, &libelles, &items));
            if exclus > 0 {
                notes.push(format!(
                    "{exclus} diagnostic{} signé{} par une clé non enrôlée {} exclu{} de ces chiffres.",
                    pluriel(exclus),
                    pluriel(exclus),
                    if exclus > 1 { "sont" } else { "est" },
                    pluriel(exclus)
                ));
            }
        } else {
            notes.push(
                "Vue interne de la DANE, avec les diagnostics non enrôlés : ne pas diffuser telle quelle ; la publication applique le secret statistique.".into(),
            );
            if somme.non_enroles > 0 {
                notes.push(format!(
                    "Dont {} diagnostic{} signé{} par une clé non enrôlée.",
                    somme.non_enroles,
                    pluriel(somme.non_enroles),
                    pluriel(somme.non_enroles)
                ));
            }
        }
        notes.push(format!(
            "Maturité : moyenne, sur les établissements ayant répondu, de la moyenne de leurs items (0 à 3 ; un item « non applicable » n’y entre pas). Évolution : écart avec {precedente}."
        ));

        Ok(Chiffres {
            r,
            annee,
            precedente,
            publication: q.publication,
            territoires,
            non_enroles: actuels.iter().map(|(c, a)| (c.clone(), a.non_enroles)).collect(),
            non_enroles_total: somme.non_enroles,
            etablissements,
            domaines,
            tableau,
            items,
            versions,
            references,
            notes,
        })
    }

    /// The territory figures asked for (see [`EspaceDane::chiffres`]), as
    /// the shells show them.
    pub fn synthese(&self, q: &RequeteSyntheseDto) -> Result<SyntheseDto, ApiError> {
        let c = self.chiffres(q)?;
        let Chiffres {
            r, annee, precedente, publication, territoires, etablissements, domaines, tableau, notes, ..
        } = &c;
        let non_enroles = |code: Option<&str>| {
            if *publication {
                0
            } else {
                code.map_or(c.non_enroles_total, |code| c.non_enroles.get(code).copied().unwrap_or(0))
            }
        };
        let lignes: Vec<LigneTerritoireDto> = territoires
            .iter()
            .zip(&tableau.lignes)
            .map(|(t, cases)| {
                ligne_dto(
                    &t.code,
                    libelle(r.par, &t.code, &t.libelle),
                    t.etablissements,
                    non_enroles(Some(&t.code)),
                    cases,
                    domaines.len(),
                )
            })
            .collect();
        let total = ligne_dto("", "Total".into(), *etablissements, non_enroles(None), &tableau.total, domaines.len());
        let versions: Vec<VersionSyntheseDto> = c
            .versions
            .iter()
            .cloned()
            .map(|(referentiel, version, c)| VersionSyntheseDto {
                referentiel,
                version,
                diagnostics: valeur_dto(&c, 1.0),
            })
            .collect();
        let mut notes = notes.clone();
        notes.extend(note_versions(&versions, &c.references));
        Ok(SyntheseDto {
            annee: annee.clone(),
            annee_precedente: precedente.clone(),
            par: q.par.clone(),
            libelle_par: r.libelle_par.into(),
            perimetre: r.perimetre.clone(),
            publication: *publication,
            domaines: domaines.clone(),
            territoires: lignes,
            total,
            items: c
                .items
                .iter()
                .filter_map(|(referentiel, i, cases)| {
                    let item = referentiel.items().nth(*i)?;
                    Some(ItemSyntheseDto {
                        referentiel: referentiel.id.clone(),
                        version: referentiel.version.clone(),
                        item: item.id.clone(),
                        titre: item.titre.clone(),
                        comptes: cases.iter().map(|x| valeur_dto(x, 1.0)).collect(),
                    })
                })
                .collect(),
            versions,
            notes,
        })
    }

    /// Writes the territory figures as `csv` (two files: territories and
    /// items), `xlsx` (one workbook) or `json`. When `sortie` is a folder, the
    /// file is named after what it holds (`schematic-publication-academie-2025-2026.xlsx`).
    pub fn exporter_synthese(
        &self,
        q: &RequeteSyntheseDto,
        format: &str,
        sortie: &Path,
    ) -> Result<FichiersDto, ApiError> {
        if !["csv", "xlsx", "json"].contains(&format) {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!("Format « {format} » inconnu : choisissez csv, xlsx ou json."),
            ));
        }
        let s = self.synthese(q)?;
        let nomme;
        let sortie = if sortie.is_dir() {
            let genre = if s.publication { "publication" } else { "synthese" };
            nomme = sortie.join(format!("schematic-{genre}-{}-{}.{format}", s.par, s.annee));
            nomme.as_path()
        } else {
            sortie
        };
        let feuilles = feuilles(&s);
        let mut fichiers = Vec::new();
        match format {
            "json" => {
                let mut texte =
                    serde_json::to_vec_pretty(&s).map_err(|e| ApiError::new(ErrorKind::Fichier, e.to_string()))?;
                texte.push(b'\n');
                ecrire_durablement(sortie, &texte)?;
                fichiers.push(sortie.display().to_string());
            }
            "xlsx" => {
                ecrire_durablement(sortie, &xlsx(&feuilles)?)?;
                fichiers.push(sortie.display().to_string());
            }
            _ => {
                ecrire_durablement(sortie, &csv(&feuilles[0]))?;
                fichiers.push(sortie.display().to_string());
                if let Some(items) = feuilles.get(1) {
                    let stem = sortie.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    let chemin = sortie.with_file_name(format!("{stem}-items.csv"));
                    ecrire_durablement(&chemin, &csv(items))?;
                    fichiers.push(chemin.display().to_string());
                }
            }
        }
        Ok(FichiersDto { fichiers })
    }

    /// The radar of a territory's means (`valeurs`, domain order of the
    /// synthesis) against a reference (its scope's total).
    pub fn radar_territoire(valeurs: &[Option<f64>], reference: &[Option<f64>]) -> crate::dto::RadarDto {
        let domaines: Vec<(String, String)> = domaines().into_iter().map(|d| (d.id, d.titre)).collect();
        crate::installation::radar_valeurs(&domaines, valeurs, Some(reference))
    }

    /// One establishment as the DANE sees it: the annuaire and every
    /// diagnostic stored, with their results.
    pub fn etablissement_dane(&self, uai: &str) -> Result<EtablissementDaneDto, ApiError> {
        let uai = schematic_core::Uai::parse(uai)?;
        let (e, circonscription) = self.stockage.etablissement_annuaire(&uai)?.ok_or_else(|| {
            ApiError::new(ErrorKind::Introuvable, format!("L’établissement {uai} n’est pas dans l’annuaire importé."))
        })?;
        let catalogue = self.catalogue();
        let diagnostics = self
            .stockage
            .diagnostics_dane(&uai)?
            .into_iter()
            .filter_map(|d| {
                let r = &catalogue
                    .par_empreinte(&d.empreinte_referentiel)
                    .filter(|p| niveaux_valides(&p.referentiel, &d.niveaux))?
                    .referentiel;
                let reponses = decoder(r, &d.niveaux);
                Some(DiagnosticDaneDto {
                    annee: d.annee.to_string(),
                    referentiel: d.referentiel,
                    version: r.version.clone(),
                    revision: d.revision,
                    statut: d.statut,
                    genere_le: d.genere_le,
                    enrole: d.enrole,
                    empreinte: d.empreinte,
                    resultats: (&resultats::calculer(r, &reponses)).into(),
                })
            })
            .collect();
        Ok(EtablissementDaneDto {
            uai: e.uai,
            nom: e.nom,
            type_libelle: e.type_libelle,
            secteur: e.secteur,
            commune: e.commune,
            departement: format!("{} — {}", e.departement, e.libelle_departement),
            academie: e.academie,
            circonscription,
            ouvert: e.ouvert,
            diagnostics,
            ecartes: self
                .stockage
                .ecartes_dane(&uai)?
                .into_iter()
                .map(|x| {
                    let statut = x.motif;
                    EcarteDto {
                        annee: x.annee.to_string(),
                        statut,
                        libelle: statut.libelle().into(),
                        detail: x.detail,
                        fichier: x.fichier,
                        ecarte_le: x.ecarte_le,
                        empreinte_cle: schematic_exchange::ClePublique::depuis_keyid(&x.cle)
                            .map(|c| c.empreinte_courte())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
    }
}

/// Says how many establishments answered each version when a referential
/// was answered on several, and how the figures combine them.
fn note_versions(versions: &[VersionSyntheseDto], references: &[&Referentiel]) -> Option<String> {
    let mut parties = Vec::new();
    for reference in references {
        let les_siennes: Vec<&VersionSyntheseDto> = versions.iter().filter(|v| v.referentiel == reference.id).collect();
        if les_siennes.len() > 1 {
            let detail: Vec<String> = les_siennes
                .iter()
                .map(|v| {
                    let n = v.diagnostics.valeur.map_or(MARQUE_SECRET.to_string(), |n| format!("{n}"));
                    format!("{} : {n}", v.version)
                })
                .collect();
            parties.push(format!(
                "{} a été répondu sur plusieurs versions ({}) : chaque domaine est calculé tel que la version de chaque établissement le définit ; la répartition par item suit la version {}, et un établissement d’une autre version n’y compte que pour les items que la correspondance publiée rend comparables",
                reference.id,
                detail.join(" ; "),
                reference.version
            ));
        }
    }
    (!parties.is_empty()).then(|| format!("Versions du référentiel : {}.", parties.join(". ")))
}

fn pluriel(n: u32) -> &'static str {
    if n > 1 { "s" } else { "" }
}

mod publication;
mod reperes;

pub use publication::feuilles;
use publication::notes_du_secret;

mod vues;
