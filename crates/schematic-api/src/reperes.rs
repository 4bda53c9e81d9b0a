//! Territorial references on the school's side: importing the file its DANE
//! publishes (verified against the DANE key of the school's enrolment
//! certificate), and its results beside similar establishments. Everything is
//! computed here, from the school's own database: nothing of the school
//! leaves the machine (docs/format/reperes-territoriaux-v1.md).

use std::path::Path;

use schematic_core::annuaire::libelle_famille;
use schematic_core::diagnostic::Reponses;
use schematic_core::referentiel::Catalogue;
use schematic_core::reperes::Echelon;
use schematic_core::synthese::COLONNES_NIVEAUX;
use schematic_core::{AnneeScolaire, Referentiel, Reponse, resultats, territoire};
use schematic_exchange::ClePublique;
use schematic_exchange::format_diagnostic::empreinte_charge;
use schematic_exchange::rapport::{ItemRepereRapport, ReperesRapport};
use schematic_exchange::reperes::{Cellule, GroupeV1, ReperesV1, TYPE_REPERES_V1};
use schematic_exchange::verification::{Document, ouvrir};
use schematic_store::ReperesGardes;

use crate::dto::{
    AnneeCompareeDto, ComparaisonDto, DomaineCompareDto, EchelonDto, ItemCompareDto, PartNiveauDto, ReperesGardesDto,
    ReperesImportesDto,
};
use crate::echange::lire_borne;
use crate::error::{ApiError, ErrorKind};
use crate::installation::{Installation, radar_valeurs};

/// Years of the trajectory shown beside the group's.
const ANNEES_TRAJECTOIRE: usize = 3;

/// The columns of an item's distribution, as the screens name them.
const LIBELLES_NIVEAUX: [&str; COLONNES_NIVEAUX] =
    ["Aucun niveau", "Niveau 1", "Niveau 2", "Niveau 3", "Non applicable", "Non renseigné"];

/// Opens references from untrusted bytes: a valid signed document of the
/// references type, or one sentence saying what it is instead.
fn ouvrir_reperes(octets: &[u8]) -> Result<(ReperesV1, String, ClePublique), ApiError> {
    let o = ouvrir(octets).map_err(|r| {
        ApiError::new(ErrorKind::SaisieInvalide, format!("Ce fichier de repères territoriaux est refusé. {}", r.detail))
    })?;
    match o.document {
        Document::Reperes(r) => Ok((*r, empreinte_charge(&o.charge), o.signataire)),
        autre => {
            let quoi = match autre {
                Document::Diagnostic(_) => "un diagnostic signé",
                Document::Demande(_) => "une demande d’enrôlement",
                Document::Certificat(_) => "un certificat d’enrôlement",
                Document::Contribution(_) => "une contribution à un atelier",
                Document::Liaison(_) | Document::Reperes(_) => "un autre document",
            };
            Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "Ce fichier est {quoi}, pas un fichier de repères territoriaux (type attendu « {TYPE_REPERES_V1} »)."
                ),
            ))
        }
    }
}

fn dto_gardes(g: &ReperesGardes, r: &ReperesV1, famille: &str) -> ReperesGardesDto {
    ReperesGardesDto {
        annee: g.annee_scolaire.clone(),
        publie_le: g.publie_le.clone(),
        importe_le: g.importe_le.clone(),
        academies: r.academies.clone(),
        empreinte: g.empreinte.chars().take(12).collect(),
        empreinte_cle_dane: ClePublique::depuis_keyid(&r.dane).map(|k| k.empreinte_courte()).unwrap_or_default(),
        groupes_famille: u32::try_from(r.groupes.iter().filter(|x| x.famille == famille).count()).unwrap_or(u32::MAX),
    }
}

/// « Gironde (33) », « académie de Bordeaux », « région académique Occitanie ».
fn libelle_territoire(echelon: Echelon, code: &str) -> String {
    match echelon {
        Echelon::Departement => {
            territoire::departement(code).map_or(code.to_string(), |d| format!("{} ({code})", d.nom))
        }
        Echelon::Academie => territoire::academie_de(code),
        Echelon::RegionAcademique => format!("région académique {code}"),
    }
}

/// « écoles », « collèges », « lycées »…
fn famille_au_pluriel(famille: &str) -> String {
    match famille {
        "erea" => "EREA".into(),
        "autre" => "autres établissements".into(),
        f => format!("{}s", libelle_famille(f).to_lowercase()),
    }
}

fn centiemes(c: Cellule) -> Option<f64> {
    c.0.map(|n| f64::from(n) / 100.0)
}

/// The school's item ids → the group's item id and how the school's level
/// reads there, through the correspondence between their versions.
fn lecture_items<'c>(
    catalogue: &'c Catalogue,
    ecole: &'c Referentiel,
    groupe: Option<&'c Referentiel>,
) -> impl Fn(&str) -> Option<(String, Option<[u8; 4]>)> + 'c {
    move |item: &str| {
        let g = groupe?;
        if g.empreinte() == ecole.empreinte() {
            return Some((item.to_string(), Some([0, 1, 2, 3])));
        }
        if g.plus_recent_que(ecole) {
            let passage = catalogue.passage(ecole, g).ok()?;
            g.items().find_map(|q| match passage.comparable(&q.id) {
                Some((ancien, table)) if ancien == item => Some((q.id.clone(), Some(table))),
                _ => None,
            })
        } else {
            let passage = catalogue.passage(g, ecole).ok()?;
            // The group's levels read as the school's: the school's level is
            // marked only where both read alike.
            passage.comparable(item).map(|(ancien, table)| (ancien, (table == [0, 1, 2, 3]).then_some(table)))
        }
    }
}

impl Installation {
    /// Imports the references a DANE published, after checking them against
    /// the DANE key of this installation's enrolment certificate, the
    /// school's académie and the references already kept for that year.
    pub fn importer_reperes(&mut self, chemin: &Path) -> Result<ReperesImportesDto, ApiError> {
        let octets = lire_borne(chemin, schematic_exchange::dsse::TAILLE_MAX)?;
        let (r, empreinte, signataire) = ouvrir_reperes(&octets)?;
        let etablissement = self.etablissement_requis()?;
        let (_, certificat) = self.enveloppe_certificat()?.ok_or_else(|| {
            ApiError::new(
                ErrorKind::EtatIncompatible,
                "Cet établissement n’est pas enrôlé : les repères sont vérifiés avec la clé de la DANE que porte le certificat d’enrôlement. Importez d’abord le certificat reçu de la DANE (Paramètres → Clé et enrôlement).",
            )
        })?;
        if signataire.keyid() != certificat.dane {
            let attendue =
                ClePublique::depuis_keyid(&certificat.dane).map(|k| k.empreinte_courte()).unwrap_or_default();
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "Ces repères sont signés par une autre clé (empreinte {}) que celle de votre DANE (empreinte {attendue}, qui a signé votre certificat d’enrôlement) : ils ne sont pas importés.",
                    signataire.empreinte_courte()
                ),
            ));
        }
        if !r.academies.contains(&etablissement.academie) {
            return Err(ApiError::new(
                ErrorKind::SaisieInvalide,
                format!(
                    "Ces repères concernent {}, pas celle de votre établissement ({}) : ils ne sont pas importés.",
                    academies_couvertes(&r.academies),
                    territoire::academie_de(&etablissement.academie)
                ),
            ));
        }
        let famille = etablissement.type_etablissement.famille();
        let gardes = ReperesGardes {
            annee_scolaire: r.annee_scolaire.clone(),
            publie_le: r.publie_le.clone(),
            empreinte,
            enveloppe: octets,
            importe_le: self.horodatage(),
        };
        let mut remplace = None;
        if let Some(avant) = self.store.reperes(&r.annee_scolaire)? {
            if avant.empreinte == gardes.empreinte {
                let (ancien, _, _) = ouvrir_reperes(&avant.enveloppe)?;
                return Ok(ReperesImportesDto {
                    reperes: dto_gardes(&avant, &ancien, famille),
                    deja_importes: true,
                    remplace: None,
                });
            }
            if avant.publie_le >= gardes.publie_le {
                return Err(ApiError::new(
                    ErrorKind::EtatIncompatible,
                    format!(
                        "Des repères plus récents pour {} sont déjà gardés (publiés le {}) ; ce fichier, publié le {}, n’est pas importé.",
                        r.annee_scolaire,
                        jour(&avant.publie_le),
                        jour(&gardes.publie_le)
                    ),
                ));
            }
            remplace = Some(avant.publie_le);
        }
        self.store.garder_reperes(&gardes)?;
        Ok(ReperesImportesDto { reperes: dto_gardes(&gardes, &r, famille), deja_importes: false, remplace })
    }

    /// The references kept, the most recent year first.
    pub fn reperes_gardes(&self) -> Result<Vec<ReperesGardesDto>, ApiError> {
        let famille = self.store.etablissement()?.map_or("", |e| e.etablissement.type_etablissement.famille());
        self.store
            .tous_reperes()?
            .iter()
            .map(|g| Ok(dto_gardes(g, &ouvrir_reperes(&g.enveloppe)?.0, famille)))
            .collect()
    }

    /// The school's results of `annee` (the latest diagnostic when `None`)
    /// beside the group of its family at `echelon` (`departement`,
    /// `academie`, `region_academique`; by default the closest published).
    /// `None` when no references are kept for that year.
    pub fn comparaison(&self, annee: Option<&str>, echelon: Option<&str>) -> Result<Option<ComparaisonDto>, ApiError> {
        let etablissement = self.etablissement_requis()?;
        let d = self.cible(annee)?;
        let annee = d.cycle.annee;
        let Some(gardes) = self.store.reperes(&annee.to_string())? else { return Ok(None) };
        let (r, _, _) = ouvrir_reperes(&gardes.enveloppe)?;
        let famille = etablissement.type_etablissement.famille();
        let academie = etablissement.academie.clone();
        let territoires = [
            (Echelon::Departement, etablissement.departement),
            (Echelon::Academie, academie.clone()),
            (Echelon::RegionAcademique, territoire::region_academique(&academie).unwrap_or_default().to_string()),
        ];
        let disponibles: Vec<(Echelon, &str, &GroupeV1)> = territoires
            .iter()
            .filter_map(|(e, code)| r.groupe(famille, *e, code).map(|g| (*e, code.as_str(), g)))
            .collect();
        let echelons: Vec<EchelonDto> = disponibles
            .iter()
            .map(|(e, code, g)| EchelonDto {
                code: e.code().into(),
                libelle: libelle_territoire(*e, code),
                etablissements: g.etablissements.0,
            })
            .collect();
        let demande = match echelon {
            Some(code) => Some(Echelon::depuis_code(code).ok_or_else(|| {
                ApiError::new(
                    ErrorKind::SaisieInvalide,
                    format!("Échelon « {code} » inconnu : choisissez departement, academie ou region_academique."),
                )
            })?),
            None => None,
        };
        let choisi = match demande {
            Some(e) => disponibles.iter().find(|x| x.0 == e).ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Introuvable,
                    format!(
                        "Les repères de {annee} ne publient pas de groupe de {} pour votre {}.",
                        famille_au_pluriel(famille),
                        e.libelle()
                    ),
                )
            })?,
            // The closest territory whose count is published, else the closest.
            None => match disponibles.iter().find(|x| x.2.etablissements.0.is_some()).or(disponibles.first()) {
                Some(x) => x,
                None => {
                    return Err(ApiError::new(
                        ErrorKind::Introuvable,
                        format!(
                            "Les repères de {annee} ne publient aucun groupe de {} de votre territoire : trop peu d’établissements semblables ont répondu.",
                            famille_au_pluriel(famille)
                        ),
                    ));
                }
            },
        };
        let (echelon, code, groupe) = *choisi;

        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let reponses: Reponses = self.store.reponses(d.id)?.into_iter().map(|x| (x.item_id, x.reponse)).collect();
        let res = resultats::calculer(&referentiel, &reponses);
        let domaines: Vec<DomaineCompareDto> = res
            .domaines
            .iter()
            .map(|x| {
                let cellule = groupe.domaines.get(&x.domaine_id).copied();
                DomaineCompareDto {
                    domaine_id: x.domaine_id.clone(),
                    titre: x.titre.clone(),
                    etablissement: x.maturite.moyenne(),
                    groupe: cellule.and_then(centiemes),
                    secret: cellule.is_some_and(|c| c.0.is_none()),
                }
            })
            .collect();

        let catalogue = self.catalogue()?;
        // The establishments that answered the same version; else the newest
        // version published, through the correspondence.
        let part =
            groupe.referentiels.iter().find(|p| p.id == referentiel.id && p.version == referentiel.version).or_else(
                || {
                    groupe
                        .referentiels
                        .iter()
                        .filter(|p| p.id == referentiel.id)
                        .max_by_key(|p| schematic_core::referentiel::cle_version(&p.version))
                },
            );
        let version_groupe = part.and_then(|p| catalogue.trouver(&p.id, &p.version)).map(|p| &p.referentiel);
        let lire = lecture_items(&catalogue, &referentiel, version_groupe);
        let mut non_comparables = 0;
        let items: Vec<ItemCompareDto> = referentiel
            .domaines
            .iter()
            .flat_map(|dom| dom.items.iter().map(move |i| (dom, i)))
            .map(|(dom, item)| {
                let reponse = reponses.get(&item.id).copied().unwrap_or(Reponse::NonRenseigne);
                let lu = lire(&item.id).and_then(|(id, table)| Some((part?.items.get(&id)?, table)));
                if lu.is_none() {
                    non_comparables += 1;
                }
                let colonne = |table: Option<[u8; 4]>| match reponse {
                    Reponse::NonApplicable => Some(4),
                    Reponse::NonRenseigne => Some(5),
                    r => r.valeur().and_then(|v| table.map(|t| usize::from(t[usize::from(v)]))),
                };
                let parts = match lu {
                    Some((x, table)) => {
                        let ici = colonne(table);
                        x.niveaux
                            .iter()
                            .enumerate()
                            .map(|(k, c)| PartNiveauDto {
                                libelle: LIBELLES_NIVEAUX[k].into(),
                                pourcent: c
                                    .0
                                    .zip(x.total.0)
                                    .filter(|(_, t)| *t > 0)
                                    .map(|(n, t)| (f64::from(n) * 1000.0 / f64::from(t)).round() / 10.0),
                                secret: c.0.is_none() || x.total.0.is_none(),
                                etablissement: ici == Some(k),
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                ItemCompareDto {
                    item_id: item.id.clone(),
                    domaine_id: dom.id.clone(),
                    titre: item.titre.clone(),
                    reponse: reponse.libelle().into(),
                    comparable: lu.is_some(),
                    parts,
                }
            })
            .collect();

        let axes: Vec<(String, String)> = domaines.iter().map(|x| (x.domaine_id.clone(), x.titre.clone())).collect();
        let valeurs: Vec<Option<f64>> = domaines.iter().map(|x| x.etablissement).collect();
        let reference: Vec<Option<f64>> = domaines.iter().map(|x| x.groupe).collect();
        let radar = radar_valeurs(&axes, &valeurs, Some(&reference));
        let trajectoire = self.trajectoire((annee, &r), &referentiel.id, famille, echelon, code, &domaines)?;

        let mut notes = vec![format!(
            "Repères publiés par la DANE le {} : {} {} ; seuls les diagnostics signés par une clé enrôlée y comptent. La comparaison est calculée sur cet ordinateur : rien de l’établissement n’en sort.",
            jour(&r.publie_le),
            famille_au_pluriel(famille),
            match groupe.etablissements.0 {
                Some(n) =>
                    format!("{} ({n} établissement{})", libelle_territoire(echelon, code), if n > 1 { "s" } else { "" }),
                None => format!("{} (nombre caché par le secret statistique)", libelle_territoire(echelon, code)),
            }
        )];
        if domaines.iter().any(|x| x.secret) || items.iter().any(|i| i.parts.iter().any(|p| p.secret)) {
            notes.push(format!(
                "« secret » : chiffre caché par le secret statistique (moins de {} établissements, ou pour qu’un chiffre caché ne se retrouve pas par différence).",
                r.seuil_secret
            ));
        }
        if non_comparables > 0 {
            notes.push(format!(
                "{non_comparables} item{} sans repère : le groupe a répondu sur une autre version du référentiel, où {} pas d’item comparable.",
                if non_comparables > 1 { "s" } else { "" },
                if non_comparables > 1 { "ils n’ont" } else { "il n’a" }
            ));
        }
        Ok(Some(ComparaisonDto {
            annee: annee.to_string(),
            famille: famille_au_pluriel(famille),
            echelon: EchelonDto {
                code: echelon.code().into(),
                libelle: libelle_territoire(echelon, code),
                etablissements: groupe.etablissements.0,
            },
            echelons,
            source: dto_gardes(&gardes, &r, famille),
            domaines,
            items,
            radar,
            trajectoire,
            notes,
        }))
    }

    /// The references page of the PDF report of `annee`, when references
    /// are kept for that year and publish a group of the school's family.
    pub(crate) fn reperes_rapport(&self, annee: &str) -> Result<Option<ReperesRapport>, ApiError> {
        let c = match self.comparaison(Some(annee), None) {
            Ok(Some(c)) => c,
            Ok(None) => return Ok(None),
            // References that publish no group for this school: no page.
            Err(e) if e.kind == ErrorKind::Introuvable => return Ok(None),
            Err(e) => return Err(e),
        };
        let centiemes = |v: Option<f64>| v.map(|x| (x * 100.0).round() as u32);
        let moyenne = |v: &[Option<f64>]| {
            let x: Vec<f64> = v.iter().flatten().copied().collect();
            (!x.is_empty()).then(|| x.iter().sum::<f64>() / x.len() as f64)
        };
        let effectif = c.echelon.etablissements.map_or("nombre caché par le secret statistique".to_string(), |n| {
            format!("{n} établissement{}", if n > 1 { "s" } else { "" })
        });
        Ok(Some(ReperesRapport {
            groupe: format!("{} — {}, {effectif}", c.famille, c.echelon.libelle),
            moyennes: c.domaines.iter().map(|d| (centiemes(d.groupe), d.secret)).collect(),
            items: c
                .items
                .iter()
                .map(|i| ItemRepereRapport {
                    id: i.item_id.clone(),
                    reponse: i.reponse.clone(),
                    parts: i.parts.iter().take(4).map(|p| p.pourcent).collect(),
                    la_sienne: i.parts.iter().take(4).position(|p| p.etablissement),
                })
                .collect(),
            trajectoire: c
                .trajectoire
                .iter()
                .map(|a| (a.annee.clone(), centiemes(moyenne(&a.etablissement)), centiemes(moyenne(&a.groupe))))
                .collect(),
            publie_le: jour(&c.source.publie_le).to_string(),
            empreinte: c.source.empreinte.clone(),
            empreinte_cle_dane: c.source.empreinte_cle_dane.clone(),
            notes: c.notes.iter().skip(1).filter(|n| !n.starts_with("« secret »")).cloned().collect(),
        }))
    }

    /// The school's and the group's means per domain over up to three years
    /// up to `annee`, the oldest first.
    /// `courantes`: the year shown and its references, already open.
    fn trajectoire(
        &self,
        (annee, courantes): (AnneeScolaire, &ReperesV1),
        referentiel_id: &str,
        famille: &str,
        echelon: Echelon,
        code: &str,
        domaines: &[DomaineCompareDto],
    ) -> Result<Vec<AnneeCompareeDto>, ApiError> {
        let mut annees = Vec::new();
        for g in self.store.tous_reperes()? {
            let Ok(a) = g.annee_scolaire.parse::<AnneeScolaire>() else { continue };
            if a > annee || annees.len() == ANNEES_TRAJECTOIRE {
                continue;
            }
            let Some(d) = self.store.diagnostic(a, referentiel_id)? else { continue };
            let autres;
            let r = if a == annee {
                courantes
            } else {
                autres = ouvrir_reperes(&g.enveloppe)?.0;
                &autres
            };
            let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
            let reponses: Reponses = self.store.reponses(d.id)?.into_iter().map(|x| (x.item_id, x.reponse)).collect();
            let res = resultats::calculer(&referentiel, &reponses);
            let groupe = r.groupe(famille, echelon, code);
            annees.push(AnneeCompareeDto {
                annee: a.to_string(),
                etablissement: domaines
                    .iter()
                    .map(|x| {
                        res.domaines.iter().find(|y| y.domaine_id == x.domaine_id).and_then(|y| y.maturite.moyenne())
                    })
                    .collect(),
                groupe: domaines
                    .iter()
                    .map(|x| groupe.and_then(|g| g.domaines.get(&x.domaine_id).copied()).and_then(centiemes))
                    .collect(),
                etablissements: groupe.and_then(|g| g.etablissements.0),
            });
        }
        annees.reverse();
        Ok(annees)
    }
}

/// « l’académie de Toulouse », « les académies d’Aix-Marseille et de Nice ».
fn academies_couvertes(noms: &[String]) -> String {
    let de: Vec<String> = noms.iter().map(|a| territoire::de(a)).collect();
    match de.as_slice() {
        [seule] => format!("l’académie {seule}"),
        [debut @ .., derniere] => format!("les académies {} et {derniere}", debut.join(", ")),
        [] => "aucune académie".into(),
    }
}

/// `2026-07-03T09:00:00Z` → `2026-07-03`.
fn jour(horodatage: &str) -> &str {
    horodatage.get(..10).unwrap_or(horodatage)
}
