//! `schematic`: the command-line shell of SchémaTIC. It parses, calls
//! `schematic-api` and prints in French; no rule lives here.

mod affichage;
mod arguments;
mod dane;
mod sortie;

use std::process::ExitCode;

use clap::Parser;
use schematic_api::{ApiError, ErrorKind, Installation, dossier};

use arguments::{
    Cli, Commande, CommandeAtelier, CommandeCle, CommandeContribution, CommandeDiagnostic, CommandeEtablissement,
    CommandeReferentiel, CommandeReperes,
};
use sortie::Sortie;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return arguments::erreur_de_ligne_de_commande(&e),
    };
    if let Commande::Verifier { fichiers, json, cles_dane, reference } = &cli.commande {
        return verifier(fichiers, *json, cles_dane, reference.as_deref());
    }
    let resultat = match &cli.commande {
        Commande::Dane { commande } => ouvrir(&cli).and_then(|i| dane::executer(i, commande, &mut Sortie::stdout())),
        _ => executer(&cli).map(|()| 0),
    };
    let code = match resultat {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Erreur : {}", sortie::pour_le_terminal(&e.message));
            sortie::code(e.kind)
        }
    };
    signaler_memoire_crete();
    ExitCode::from(code)
}

/// With `SCHEMATIC_MEMOIRE_CRETE` set, writes the process's peak resident
/// memory on stderr (Linux), for the tests and benchmarks that bound it.
fn signaler_memoire_crete() {
    if std::env::var_os("SCHEMATIC_MEMOIRE_CRETE").is_none() {
        return;
    }
    let crete = std::fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        s.lines().find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches(" kB").trim().to_string()))
    });
    eprintln!("mémoire crête : {} Kio", crete.unwrap_or_else(|| "inconnue".into()));
}

fn ouvrir(cli: &Cli) -> Result<Installation, ApiError> {
    Installation::ouvrir(&dossier::resoudre(cli.data_dir.clone())?)
}

fn executer(cli: &Cli) -> Result<(), ApiError> {
    let mut out = Sortie::stdout();
    match &cli.commande {
        Commande::APropos { json } => {
            let a = ouvrir(cli)?.a_propos()?;
            if *json {
                out.json(&a);
            } else {
                out.ligne(format!("SchémaTIC {} (schéma de données {})", a.version_application, a.version_schema));
                out.ligne(format!("Dossier de données : {}", a.dossier));
                out.ligne(format!("Base de données : {}", a.base));
                out.ligne(if a.dossier_reseau {
                    "Journal : DELETE (dossier sur un lecteur réseau, où le mode WAL ne fonctionne pas)"
                } else {
                    "Journal : WAL (dossier local)"
                });
            }
        }
        Commande::Etablissement { commande } => match commande {
            CommandeEtablissement::Definir(a) => {
                let e = ouvrir(cli)?.definir_etablissement(&a.saisie())?;
                out.ligne(format!("Établissement enregistré : {} ({}).", e.nom, e.uai));
                affichage::etablissement(&mut out, &e);
            }
            CommandeEtablissement::Afficher { json } => match ouvrir(cli)?.etablissement()? {
                Some(e) if *json => out.json(&e),
                Some(e) => affichage::etablissement(&mut out, &e),
                None => {
                    return Err(ApiError::new(
                        ErrorKind::EtablissementAbsent,
                        "Aucun établissement n’est défini : utilisez « schematic etablissement definir --uai … --nom … --type … ».",
                    ));
                }
            },
        },
        Commande::Referentiel { commande } => match commande {
            CommandeReferentiel::Lister { json } => {
                let liste = ouvrir(cli)?.referentiels()?;
                if *json { out.json(&liste) } else { affichage::referentiels(&mut out, &liste) }
            }
            CommandeReferentiel::Afficher { id, version, json } => {
                let r = ouvrir(cli)?.referentiel(id, version.as_deref())?;
                if *json { out.json(&r) } else { affichage::referentiel(&mut out, &r) }
            }
            CommandeReferentiel::Imprimer { id, version, sortie } => {
                let sortie = sortie.clone().unwrap_or_else(|| std::path::PathBuf::from("."));
                let chemin = ouvrir(cli)?.imprimer_referentiel(id, version.as_deref(), &sortie)?;
                out.ligne(format!("Grille imprimable écrite : {chemin}"));
            }
            CommandeReferentiel::Verifier { fichier } => {
                let r = ouvrir(cli)?.verifier_referentiel(fichier)?;
                affichage::referentiel_verifie(&mut out, &r.publie);
                out.ligne(if !r.nouveau {
                    "Cette version est déjà connue de l’application (texte identique)."
                } else {
                    "Cette version n’est pas encore installée : « schematic referentiel importer » l’installe."
                });
            }
            CommandeReferentiel::Importer { fichier } => {
                let r = ouvrir(cli)?.importer_referentiel(fichier)?;
                affichage::referentiel_verifie(&mut out, &r.publie);
                out.ligne(if r.nouveau {
                    "Version installée : les prochains diagnostics l’utiliseront à partir de l’année indiquée."
                } else {
                    "Cette version était déjà connue : rien n’a changé."
                });
            }
        },
        Commande::Diagnostic { commande } => {
            let mut i = ouvrir(cli)?;
            match commande {
                CommandeDiagnostic::Creer { annee, reprendre_annee_precedente, apercu } => {
                    let a = i.apercu_creation(annee.as_deref(), *reprendre_annee_precedente)?;
                    if *apercu {
                        affichage::apercu_version(&mut out, &a);
                    } else {
                        let d = i.creer_diagnostic(annee.as_deref(), *reprendre_annee_precedente)?;
                        out.ligne(format!(
                            "Diagnostic {} créé (référentiel {} version {}, {} items repris sur {}).",
                            d.annee, d.referentiel_id, d.referentiel_version, d.repondus, d.total
                        ));
                        affichage::apercu_version(&mut out, &a);
                    }
                }
                CommandeDiagnostic::ChangerVersion { annee, apercu } => {
                    let a = i.apercu_changement_version(annee.as_deref())?;
                    if *apercu {
                        affichage::apercu_version(&mut out, &a);
                    } else {
                        let d = i.changer_version(annee.as_deref())?;
                        out.ligne(format!(
                            "Diagnostic {} passé en version {} du référentiel {} (révision {}, brouillon).",
                            d.annee, d.referentiel_version, d.referentiel_id, d.revision
                        ));
                        affichage::apercu_version(&mut out, &a);
                    }
                }
                CommandeDiagnostic::Lister { json } => {
                    let liste = i.diagnostics()?;
                    if *json { out.json(&liste) } else { affichage::diagnostics(&mut out, &liste) }
                }
                CommandeDiagnostic::Afficher { annee, json } => {
                    let d = i.diagnostic(annee.as_deref())?;
                    if *json {
                        out.json(&d);
                    } else {
                        let referentiel = i.referentiel_du_diagnostic(Some(&d.resume.annee))?;
                        affichage::diagnostic(&mut out, &d, &referentiel);
                    }
                }
                CommandeDiagnostic::Repondre { item, niveau, commentaire, annee } => {
                    let r = i.repondre(annee.as_deref(), item, niveau, commentaire.as_deref())?;
                    let avec = if r.commentaire.is_some() { ", avec commentaire" } else { "" };
                    out.ligne(format!("Réponse enregistrée : {} → {}{avec}.", r.item_id, r.libelle));
                }
                CommandeDiagnostic::Effacer { item, annee } => {
                    let e = i.effacer(annee.as_deref(), item)?;
                    let suite = if e.commentaire_supprime { " ; son commentaire a été supprimé aussi" } else { "" };
                    out.ligne(format!("L’item {} est revenu à « non renseigné »{suite}.", e.item_id));
                }
                CommandeDiagnostic::Finaliser { annee } => {
                    let d = i.finaliser(annee.as_deref())?;
                    out.ligne(format!(
                        "Diagnostic {} finalisé (révision {}) : ses réponses sont verrouillées.",
                        d.annee, d.revision
                    ));
                }
                CommandeDiagnostic::Rouvrir { annee } => {
                    let d = i.rouvrir(annee.as_deref())?;
                    out.ligne(format!(
                        "Diagnostic {} rouvert : révision {} modifiable (la révision {} finalisée est conservée).",
                        d.annee,
                        d.revision,
                        d.revision - 1
                    ));
                }
            }
        }
        Commande::Cle { commande: CommandeCle::Afficher { json } } => {
            let i = ouvrir(cli)?;
            let cle = i.cle()?;
            if *json {
                out.json(&cle);
            } else {
                out.ligne(format!("Clé publique (Ed25519, base64) : {}", cle.publique));
                out.ligne(format!("Empreinte : {}", cle.empreinte_courte));
                out.ligne(format!("Empreinte complète (SHA-256) : {}", cle.empreinte));
                match i.certificat()? {
                    Some(c) => out.ligne(format!(
                        "Enrôlée : certificat n° {} de la DANE {}, valable du {} au {}.",
                        c.numero, c.empreinte_dane, c.valide_du, c.valide_au
                    )),
                    None => out.ligne("Pas encore enrôlée : « schematic cle demande-enrolement » prépare la demande."),
                }
            }
        }
        Commande::Cle { commande: CommandeCle::DemandeEnrolement { sortie } } => {
            let dossier = dossier_ou_courant(sortie.as_ref())?;
            let chemin = ouvrir(cli)?.demande_enrolement(&dossier)?;
            out.ligne("Demande d’enrôlement écrite ; envoyez-la à la DANE depuis la messagerie officielle de l’établissement :");
            out.ligne(chemin);
        }
        Commande::Cle { commande: CommandeCle::ImporterCertificat { fichier } } => {
            let c = ouvrir(cli)?.importer_certificat(fichier)?;
            out.ligne(format!(
                "Certificat n° {} importé : la clé de l’établissement {} est enrôlée du {} au {} ; les prochains exports le porteront.",
                c.numero, c.uai, c.valide_du, c.valide_au
            ));
        }
        Commande::Exporter { annee, json, pdf, commentaires, sortie } => {
            let dossier = dossier_ou_courant(sortie.as_ref())?;
            let formats = schematic_api::echange::Formats { json: *json || !*pdf, pdf: *pdf };
            let export = ouvrir(cli)?.exporter(annee.as_deref(), formats, *commentaires, &dossier)?;
            if export.brouillon {
                out.ligne("Attention : ce diagnostic est un brouillon ; le fichier l’indique.");
            }
            if *commentaires {
                out.ligne(
                    "Les commentaires sont inclus : vérifiez qu’ils ne nomment personne avant d’envoyer le fichier.",
                );
            }
            for f in &export.fichiers {
                out.ligne(f);
            }
        }
        Commande::Reperes { commande } => match commande {
            CommandeReperes::Importer { fichier } => {
                let r = ouvrir(cli)?.importer_reperes(fichier)?;
                let g = &r.reperes;
                out.ligne(if r.deja_importes {
                    format!("Ces repères {} sont déjà importés : rien n’a changé.", g.annee)
                } else {
                    format!(
                        "Repères territoriaux {} importés : publiés le {} par la DANE (clé {}), {}.",
                        g.annee,
                        &g.publie_le[..10.min(g.publie_le.len())],
                        g.empreinte_cle_dane,
                        schematic_core::territoire::academies_en_clair(&g.academies)
                    )
                });
                if let Some(avant) = &r.remplace {
                    out.ligne(format!("Ils remplacent ceux publiés le {}.", &avant[..10.min(avant.len())]));
                }
                out.ligne("Comparer : schematic reperes comparer");
            }
            CommandeReperes::Lister { json } => {
                let liste = ouvrir(cli)?.reperes_gardes()?;
                if *json {
                    out.json(&liste);
                } else if liste.is_empty() {
                    out.ligne("Aucun repère territorial n’est importé (« schematic reperes importer FICHIER »).");
                }
                for r in &liste {
                    out.ligne(format!(
                        "{} : publiés le {} par la DANE (clé {}), {} — empreinte {}",
                        r.annee,
                        &r.publie_le[..10.min(r.publie_le.len())],
                        r.empreinte_cle_dane,
                        schematic_core::territoire::academies_en_clair(&r.academies),
                        r.empreinte
                    ));
                }
            }
            CommandeReperes::Comparer { annee, echelon, json } => {
                match ouvrir(cli)?.comparaison(annee.as_deref(), echelon.as_deref())? {
                    Some(c) if *json => out.json(&c),
                    Some(c) => affichage::comparaison(&mut out, &c),
                    None => {
                        return Err(ApiError::new(
                            ErrorKind::Introuvable,
                            "Aucun repère territorial n’est importé pour cette année : importez le fichier que publie votre DANE (« schematic reperes importer FICHIER »).",
                        ));
                    }
                }
            }
        },
        Commande::Contribution { commande } => match commande {
            CommandeContribution::Exporter { annee, role, sortie } => {
                let dossier = dossier_ou_courant(sortie.as_ref())?;
                let f = ouvrir(cli)?.exporter_contribution(annee.as_deref(), role, &dossier)?;
                out.ligne(format!("Contribution signée écrite (rôle seulement, aucun nom) : {f}"));
            }
            CommandeContribution::Importer { fichiers, annee } => {
                let mut i = ouvrir(cli)?;
                let seule = fichiers.len() == 1;
                let mut echec = None;
                for f in fichiers {
                    match i.importer_contribution(annee.as_deref(), f) {
                        Ok(c) => out.ligne(format!(
                            "{} : {} vote{} de « {} »{}.",
                            f.display(),
                            c.votes,
                            pluriel(c.votes as usize),
                            c.libelle_role,
                            if c.remplace {
                                " (remplacent la contribution précédente de cet ordinateur)"
                            } else {
                                ""
                            }
                        )),
                        Err(e) if seule => return Err(e),
                        Err(e) => {
                            eprintln!("Erreur : {}", e.message);
                            echec = Some(e.kind);
                        }
                    }
                }
                if let Some(kind) = echec {
                    return Err(ApiError::new(
                        kind,
                        "Certaines contributions n’ont pas été importées (voir ci-dessus).",
                    ));
                }
            }
        },
        Commande::Atelier { commande } => match commande {
            CommandeAtelier::Afficher { annee, json } => {
                let a = ouvrir(cli)?.atelier(annee.as_deref())?;
                if *json { out.json(&a) } else { affichage::atelier(&mut out, &a) }
            }
            CommandeAtelier::PurgerPrenoms => {
                let n = ouvrir(cli)?.purger_prenoms()?;
                out.ligne(format!("{n} prénom{} effacé{} ; les rôles et les votes restent.", pluriel(n), pluriel(n)));
            }
        },
        Commande::Verifier { .. } => unreachable!("handled before opening the installation"),
        Commande::Dane { .. } => unreachable!("handled in main"),
        Commande::Demo => {
            let mut i = ouvrir(cli)?;
            let demo = i.demo()?;
            out.ligne(format!(
                "Démonstration installée dans {} : {} ({}).",
                i.dossier().display(),
                demo.etablissement.nom,
                demo.etablissement.uai
            ));
            affichage::diagnostics(&mut out, &demo.diagnostics);
        }
    }
    Ok(())
}

pub(crate) fn pluriel(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

pub(crate) fn dossier_ou_courant(sortie: Option<&std::path::PathBuf>) -> Result<std::path::PathBuf, ApiError> {
    match sortie {
        Some(d) => Ok(d.clone()),
        None => std::env::current_dir()
            .map_err(|e| ApiError::new(ErrorKind::Fichier, format!("Le dossier courant est inaccessible : {e}."))),
    }
}

/// `schematic verifier`: needs no installation; exit code of the worst verdict.
fn verifier(
    fichiers: &[std::path::PathBuf],
    json: bool,
    cles_dane: &[String],
    reference: Option<&std::path::Path>,
) -> ExitCode {
    let mut out = Sortie::stdout();
    let mut confiance = Vec::new();
    for c in cles_dane {
        match schematic_api::echange::cle_publique(c) {
            Ok(k) => confiance.push(k),
            Err(e) => {
                eprintln!("Erreur : {}", e.message);
                return ExitCode::from(2);
            }
        }
    }
    let rapports: Vec<_> = fichiers.iter().map(|f| Installation::verifier(f, &confiance, reference)).collect();
    if json {
        out.json(&rapports);
    } else {
        for r in &rapports {
            affichage::verification(&mut out, r);
        }
    }
    ExitCode::from(rapports.iter().map(|r| r.code_sortie).max().unwrap_or(0))
}
