//! `schematic dane …`: the DANE space on the command line.

use indicatif::{ProgressBar, ProgressStyle};
use schematic_api::dto::{
    AnnuaireImportDto, EtablissementDaneDto, ImportDto, RequeteSyntheseDto, StatutImport, SyntheseDto, ValeurDto,
};
use schematic_api::{ApiError, ErrorKind, EspaceDane, Installation};

use crate::arguments::{CommandeAnnuaire, CommandeDane, CommandeReperesDane, FormatSynthese, OptionsSynthese, Par};
use crate::dossier_ou_courant;
use crate::sortie::Sortie;

/// Exit code of `dane importer` when at least one file was refused.
pub const CODE_FICHIERS_REFUSES: u8 = 10;

pub fn executer(mut installation: Installation, commande: &CommandeDane, out: &mut Sortie) -> Result<u8, ApiError> {
    if let CommandeDane::Migrer { vers, utiliser, json } = commande {
        let m = installation.migrer_espace_dane(vers, None, *utiliser)?;
        if *json {
            out.json(&m);
        } else {
            out.ligne(format!("Copie de l’espace DANE : {} → {}.", m.source, m.cible));
            let s = |n: u64| crate::pluriel(usize::try_from(n).unwrap_or(usize::MAX));
            let (verifies, copies, deja) = (u64::from(m.verifies), m.copies, m.deja_presents);
            out.ligne(format!(
                "{verifies} enveloppe{} vérifiée{} de nouveau ; {copies} élément{} copié{}, {deja} déjà présent{}.",
                s(verifies),
                s(verifies),
                s(copies),
                s(copies),
                s(deja)
            ));
            for l in m.anomalies.iter().chain(&m.en_conflit) {
                out.ligne(format!("  {l}"));
            }
            out.ligne(if m.utilise {
                "Ce poste utilise désormais le serveur.".to_string()
            } else {
                format!("Pour que ce poste utilise le serveur : schematic dane base {vers}")
            });
        }
        return Ok(if m.anomalies.is_empty() && m.en_conflit.is_empty() { 0 } else { CODE_FICHIERS_REFUSES });
    }
    // The store is chosen before it is opened: the one recorded may be out of reach.
    if let CommandeDane::Base { adresse, locale } = commande {
        let changer = adresse.is_some() || *locale;
        let espace = if changer {
            installation.definir_base_dane(adresse.as_deref(), None)?
        } else {
            installation.espace_dane()?
        };
        let verbe = if changer { "utilise désormais" } else { "utilise" };
        out.ligne(format!("L’espace DANE {verbe} : {}.", espace.description_stockage()));
        return Ok(0);
    }
    let mut i = installation.espace_dane()?;
    match commande {
        CommandeDane::Base { .. } | CommandeDane::Migrer { .. } => {}
        CommandeDane::Cle { json, exporter, sauvegarder, importer } => {
            if let Some(f) = importer {
                let cle = i.importer_cle_dane(f)?;
                out.ligne(format!("Clé de la DANE installée sur ce poste (empreinte {}).", cle.empreinte_courte));
            }
            if let Some(f) = sauvegarder {
                let cle = i.sauvegarder_cle_dane(f)?;
                out.ligne(format!(
                    "Clé privée de la DANE (empreinte {}) écrite dans {} : gardez ce fichier comme un secret (il permet d’enrôler au nom de la DANE).",
                    cle.empreinte_courte,
                    f.display()
                ));
            }
            let cle = i.cle_dane()?;
            let fichier = exporter.as_ref().map(|f| i.exporter_cle_dane(f)).transpose()?;
            if *json {
                out.json(&cle);
            } else {
                out.ligne(format!("Clé publique de la DANE (Ed25519, base64) : {}", cle.publique));
                out.ligne(format!("Empreinte : {}", cle.empreinte_courte));
                match fichier {
                    Some(f) => out.ligne(format!(
                        "Clé publique écrite dans {f} : donnez ce fichier à qui doit vérifier des diagnostics (schematic verifier --cle-dane {f})."
                    )),
                    None => out.ligne(
                        "Donnez la clé publique à qui doit vérifier des diagnostics (schematic verifier --cle-dane), ou écrivez-la dans un fichier avec --exporter.",
                    ),
                }
            }
        }
        CommandeDane::Examiner { demandes, json } => {
            let examens = demandes.iter().map(|d| i.examiner_demande(d)).collect::<Result<Vec<_>, _>>()?;
            if *json {
                out.json(&examens);
            } else {
                for e in &examens {
                    out.ligne(format!(
                        "{} — {} — clé {} (demande du {})",
                        e.uai,
                        e.nom.as_deref().unwrap_or("absent de l’annuaire"),
                        e.empreinte_cle,
                        e.date
                    ));
                    out.ligne(format!("  {}", e.detail));
                }
            }
        }
        CommandeDane::Enroler { demandes, sortie, duree } => {
            let dossier = dossier_ou_courant(sortie.as_ref())?;
            let seule = demandes.len() == 1;
            let mut echecs = Vec::new();
            for demande in demandes {
                match i.enroler(demande, &dossier, *duree) {
                    Ok(e) => {
                        let deja =
                            if e.deja_enrolee { " (déjà enrôlée : certificat existant réécrit)" } else { "" };
                        let nom = e.nom.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
                        out.ligne(format!(
                            "{}{nom} : clé {} enrôlée, certificat n° {} valable du {} au {}{deja}",
                            e.uai, e.empreinte_cle, e.numero, e.valide_du, e.valide_au
                        ));
                        out.ligne(format!("  {}", e.fichier));
                    }
                    Err(e) if seule => return Err(e),
                    Err(e) => {
                        eprintln!("Erreur : {}", e.message);
                        echecs.push(e);
                    }
                }
            }
            if let Some(e) = echecs.into_iter().next() {
                return Err(ApiError::new(e.kind, "Certaines demandes n’ont pas été enrôlées (voir ci-dessus)."));
            }
        }
        CommandeDane::Revoquer { uai, a_partir_du } => {
            let n = i.revoquer(uai, a_partir_du.as_deref())?;
            let pluriel = if n > 1 { "s" } else { "" };
            out.ligne(format!(
                "{n} certificat{pluriel} révoqué{pluriel} pour l’établissement {}.",
                uai.trim().to_uppercase()
            ));
        }
        CommandeDane::Annuaire {
            commande: CommandeAnnuaire::Importer { fichier, circonscriptions, remplacer, json },
        } => {
            let r = i.importer_annuaire(fichier, circonscriptions.as_deref(), *remplacer)?;
            if *json {
                out.json(&r);
            } else {
                afficher_annuaire(out, &r);
            }
            if !r.applique {
                return Ok(crate::sortie::code(ErrorKind::EtatIncompatible));
            }
        }
        CommandeDane::Importer { chemins, rapport, json } => {
            let barre = ProgressBar::new(0);
            barre.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} fichiers vérifiés ({per_sec}, reste {eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let import = i.importer_diagnostics(chemins, &mut |p| {
                barre.set_length(u64::from(p.total));
                barre.set_position(u64::from(p.traites));
            });
            barre.finish_and_clear();
            let import = import?;
            let fichier_rapport =
                rapport.as_ref().map(|f| i.exporter_rapport_import(Some(import.import), f)).transpose()?;
            if *json {
                out.json(&import);
            } else {
                afficher_import(out, &import, fichier_rapport.as_deref());
            }
            let refuses = import.comptes.iter().filter(|c| est_refuse(c.statut)).map(|c| c.nombre).sum::<u32>();
            return Ok(if refuses > 0 { CODE_FICHIERS_REFUSES } else { 0 });
        }
        CommandeDane::Reverifier { json } => {
            let r = i.reverifier_diagnostics()?;
            if *json {
                out.json(&r);
            } else {
                out.ligne(format!(
                    "{} diagnostics importés vérifiés de nouveau : {} valides, {} anomalies.",
                    r.diagnostics,
                    r.valides,
                    r.anomalies.len()
                ));
                for a in &r.anomalies {
                    out.ligne(format!("  {a}"));
                }
            }
            if !r.anomalies.is_empty() {
                return Ok(CODE_FICHIERS_REFUSES);
            }
        }
        CommandeDane::Synthese(o) => synthese(&i, o, false, out)?,
        CommandeDane::Publier(o) => synthese(&i, o, true, out)?,
        CommandeDane::Reperes { commande: CommandeReperesDane::Publier { annee, sortie, json } } => {
            let sortie = dossier_ou_courant(sortie.as_ref())?;
            let r = i.publier_reperes(annee.as_deref(), &sortie)?;
            if *json {
                out.json(&r);
            } else {
                let s = |n: u32| crate::pluriel(n as usize);
                out.ligne(format!(
                    "Repères territoriaux {} publiés : {} groupe{} d’établissements semblables ({}), {} établissement{} compté{}.",
                    r.annee,
                    r.groupes,
                    s(r.groupes),
                    schematic_core::territoire::academies_en_clair(&r.academies),
                    r.etablissements,
                    s(r.etablissements),
                    s(r.etablissements)
                ));
                out.ligne(format!(
                    "Secret statistique : {} case{} cachée{} sur {}. Signés avec la clé de la DANE (empreinte {}).",
                    r.cases_cachees,
                    s(r.cases_cachees),
                    s(r.cases_cachees),
                    r.cases,
                    r.empreinte_cle
                ));
                out.ligne(format!("  {}", r.fichier));
                out.ligne("Diffusez ce fichier aux établissements : ils l’importent avec « schematic reperes importer FICHIER » ou dans l’application.");
            }
        }
        CommandeDane::Etablissement { uai, json } => {
            let e = i.etablissement_dane(uai)?;
            if *json { out.json(&e) } else { afficher_etablissement(out, &e) }
        }
    }
    Ok(0)
}

fn afficher_annuaire(out: &mut Sortie, r: &AnnuaireImportDto) {
    let titre = if r.applique { "Annuaire importé" } else { "Annuaire lu, pas importé" };
    let s = |n: u32| crate::pluriel(n as usize);
    out.ligne(format!(
        "{titre} : {} établissement{} ({} ligne{} lue{}, {} ignorée{}, {} en double ; encodage {}).",
        r.etablissements,
        s(r.etablissements),
        r.lignes_lues,
        s(r.lignes_lues),
        s(r.lignes_lues),
        r.lignes_ignorees,
        s(r.lignes_ignorees),
        r.doublons,
        r.encodage
    ));
    if r.avant > 0 {
        out.ligne(format!(
            "Par rapport à l’annuaire actuel ({} établissements) : {} nouveaux, {} qui n’y sont plus{}.",
            r.avant,
            r.ajoutes,
            r.retires,
            if r.exemples_retires.is_empty() {
                String::new()
            } else {
                format!(" (dont {})", r.exemples_retires.join(", "))
            }
        ));
    }
    if !r.exemples_ignores.is_empty() {
        out.ligne("Lignes non reprises, par exemple :");
        for e in &r.exemples_ignores {
            out.ligne(format!("  {e}"));
        }
    }
    if let Some(m) = &r.a_confirmer {
        out.ligne(m);
        out.ligne("Rien n’a été modifié. Pour remplacer l’annuaire malgré tout, relancez avec --remplacer.");
    }
    if let Some(n) = r.circonscriptions {
        out.ligne(format!(
            "Circonscriptions : {n} lues ({} lignes ignorées) ; {} établissements de l’annuaire en ont une.",
            r.circonscriptions_ignorees, r.avec_circonscription
        ));
    }
}

/// A file whose content was not taken in (duplicates and older revisions are
/// expected, not refused).
fn est_refuse(s: StatutImport) -> bool {
    !s.est_importe() && !matches!(s, StatutImport::DejaImporte | StatutImport::RevisionPlusAncienne)
}

fn afficher_import(out: &mut Sortie, import: &ImportDto, rapport: Option<&str>) {
    out.ligne(format!("Import n° {} : {} fichiers.", import.import, import.fichiers));
    for c in import.comptes.iter().filter(|c| c.nombre > 0) {
        out.ligne(format!("  {:>6}  {}", c.nombre, c.libelle));
    }
    let a_voir: Vec<_> = import.lignes.iter().filter(|l| est_refuse(l.statut)).collect();
    if !a_voir.is_empty() {
        out.ligne("Fichiers refusés :");
        for l in a_voir.iter().take(50) {
            out.ligne(format!("  {} — {} : {}", l.chemin, l.libelle, l.detail));
        }
        if a_voir.len() > 50 || import.lignes_tronquees {
            out.ligne("  … (le rapport CSV les liste tous : --rapport rapport.csv)");
        }
    }
    if let Some(f) = rapport {
        out.ligne(format!("Rapport écrit : {f}"));
    }
}

fn requete(o: &OptionsSynthese, publication: bool) -> RequeteSyntheseDto {
    RequeteSyntheseDto {
        par: match o.par {
            Par::Academie => "academie",
            Par::Departement => "departement",
            Par::Circonscription => "circonscription",
            Par::Type => "type",
            Par::Etablissement => "etablissement",
        }
        .into(),
        annee: o.annee.clone(),
        academie: o.academie.clone(),
        departement: o.departement.clone(),
        circonscription: o.circonscription.clone(),
        famille: o.famille.clone(),
        publication,
    }
}

fn synthese(i: &EspaceDane, o: &OptionsSynthese, publication: bool, out: &mut Sortie) -> Result<(), ApiError> {
    let q = requete(o, publication);
    let format = match o.format {
        FormatSynthese::Texte => {
            afficher_synthese(out, &i.synthese(&q)?);
            return Ok(());
        }
        FormatSynthese::Json if o.sortie.is_none() => {
            out.json(&i.synthese(&q)?);
            return Ok(());
        }
        FormatSynthese::Json => "json",
        FormatSynthese::Csv => "csv",
        FormatSynthese::Xlsx => "xlsx",
    };
    let sortie = o.sortie.as_deref().ok_or_else(|| {
        ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le format {format} s’écrit dans un fichier : ajoutez --sortie FICHIER.{format}."),
        )
    })?;
    for f in i.exporter_synthese(&q, format, sortie)?.fichiers {
        out.ligne(format!("Écrit : {f}"));
    }
    Ok(())
}

fn valeur(v: &ValeurDto, decimales: usize, suffixe: &str) -> String {
    match (v.valeur, &v.masque) {
        (_, Some(_)) => schematic_api::dane::MARQUE_SECRET.into(),
        (None, None) => "—".into(),
        (Some(x), None) => format!("{x:.decimales$}{suffixe}").replace('.', ","),
    }
}

fn signe(v: &ValeurDto) -> String {
    match v.valeur {
        Some(x) if v.masque.is_none() && x > 0.0 => format!("+{}", valeur(v, 2, "")),
        _ => valeur(v, 2, ""),
    }
}

fn afficher_synthese(out: &mut Sortie, s: &SyntheseDto) {
    let titre = if s.publication { "Publication (secret statistique appliqué)" } else { "Synthèse interne" };
    let perimetre = s.perimetre.as_ref().map(|p| format!(" — {p}")).unwrap_or_default();
    out.ligne(format!("{titre} — par {} — année scolaire {}{perimetre}", s.libelle_par.to_lowercase(), s.annee));
    let largeur = s.territoires.iter().map(|t| t.libelle.chars().count()).max().unwrap_or(10).clamp(10, 48);
    let mut entete = format!("{:<largeur$}  {:>6}  {:>6}  {:>7}", s.libelle_par, "Étab.", "Diag.", "Part.");
    if !s.publication {
        entete.push_str(&format!("  {:>6}", "Non enr."));
    }
    for d in &s.domaines {
        entete.push_str(&format!("  {:>5}", d.id));
    }
    out.ligne(&entete);
    let ligne = |t: &schematic_api::dto::LigneTerritoireDto| {
        let nom: String = t.libelle.chars().take(largeur).collect();
        let mut l = format!(
            "{nom:<largeur$}  {:>6}  {:>6}  {:>7}",
            t.etablissements,
            valeur(&t.diagnostics, 0, ""),
            valeur(&t.taux, 1, " %")
        );
        if !s.publication {
            l.push_str(&format!("  {:>8}", t.non_enroles));
        }
        for m in &t.moyennes {
            l.push_str(&format!("  {:>5}", valeur(m, 2, "")));
        }
        l
    };
    for t in &s.territoires {
        out.ligne(ligne(t));
    }
    out.ligne(ligne(&s.total));
    let evolution: Vec<String> =
        s.domaines.iter().zip(&s.total.evolutions).map(|(d, e)| format!("{} {}", d.id, signe(e))).collect();
    out.ligne(format!("Évolution du total depuis {} : {}", s.annee_precedente, evolution.join(", ")));
    out.ligne(format!(
        "Domaines : {}",
        s.domaines.iter().map(|d| format!("{} = {}", d.id, d.titre)).collect::<Vec<_>>().join(" ; ")
    ));
    if !s.versions.is_empty() {
        let versions: Vec<String> = s
            .versions
            .iter()
            .map(|v| format!("{} {} : {}", v.referentiel, v.version, valeur(&v.diagnostics, 0, "")))
            .collect();
        out.ligne(format!("Versions du référentiel répondues : {}", versions.join(" ; ")));
    }
    for n in &s.notes {
        out.ligne(format!("• {n}"));
    }
    out.ligne("Répartition des niveaux par item, formats json, csv et xlsx : --format … --sortie FICHIER.");
}

fn afficher_etablissement(out: &mut Sortie, e: &EtablissementDaneDto) {
    out.ligne(format!("{} — {} ({})", e.uai, e.nom, e.type_libelle));
    out.ligne(format!("  {} · {} · académie de {}", e.commune, e.departement, e.academie));
    if let Some(c) = &e.circonscription {
        out.ligne(format!("  Circonscription : {c}"));
    }
    if !e.ouvert {
        out.ligne("  Établissement fermé dans l’annuaire.");
    }
    if e.diagnostics.is_empty() {
        out.ligne("Aucun diagnostic importé.");
    }
    for d in &e.diagnostics {
        let enrole = if d.enrole { "enrôlé" } else { "NON enrôlé" };
        out.ligne(format!(
            "{} — révision {} ({}), référentiel {} version {}, {enrole}, signé le {}, empreinte {}",
            d.annee,
            d.revision,
            d.statut.code(),
            d.referentiel,
            d.version,
            d.genere_le.get(..10).unwrap_or_default(),
            &d.empreinte[..12.min(d.empreinte.len())]
        ));
        crate::affichage::resultats(out, &d.resultats);
    }
    if !e.ecartes.is_empty() {
        out.ligne(format!("Fichiers mis à l’écart, hors chiffres ({}) :", e.ecartes.len()));
        for x in &e.ecartes {
            out.ligne(format!(
                "  {} — {} ; reçu le {} ({}), clé {} : {}",
                x.annee,
                x.libelle,
                x.ecarte_le.get(..10).unwrap_or_default(),
                x.fichier,
                x.empreinte_cle,
                x.detail
            ));
        }
    }
}
