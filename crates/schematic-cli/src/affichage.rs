//! Human-readable output, in French. `--json` prints the DTOs instead.

use schematic_api::dto::{
    ApercuVersionDto, DiagnosticDetail, DiagnosticResume, EtablissementDto, ReferentielDto, ReferentielPublieDto,
    ResultatsDto, VerificationDto,
};

use crate::sortie::Sortie;

/// `275` → `2,75`.
fn maturite(centiemes: Option<u32>) -> String {
    centiemes.map_or_else(|| "—".into(), |c| format!("{},{:02}", c / 100, c % 100))
}

fn niveau(n: Option<u8>) -> String {
    match n {
        None => "—".into(),
        Some(0) => "aucun".into(),
        Some(n) => format!("N{n}"),
    }
}

/// `2026-03-12T10:00:00Z` → `12/03/2026 10:00 UTC`.
fn date(rfc3339: &str) -> String {
    let (jour, heure) = rfc3339.split_once('T').unwrap_or((rfc3339, ""));
    let parties: Vec<&str> = jour.split('-').collect();
    match parties.as_slice() {
        [a, m, j] if heure.len() >= 5 => format!("{j}/{m}/{a} {} UTC", &heure[..5]),
        _ => rfc3339.to_string(),
    }
}

pub fn etablissement(out: &mut Sortie, e: &EtablissementDto) {
    out.ligne(format!("Établissement : {}", e.nom));
    out.ligne(format!("  Code UAI        : {}", e.uai));
    out.ligne(format!("  Type            : {} (référentiel {}, {} degré)", e.type_libelle, e.referentiel_id, e.degre));
    out.ligne(format!("  Académie        : {}", e.academie));
    let nom = e.departement_nom.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
    out.ligne(format!("  Département     : {}{nom}", e.departement));
    if let Some(c) = &e.circonscription {
        out.ligne(format!("  Circonscription : {c}"));
    }
    if let Some(c) = &e.commune {
        out.ligne(format!("  Commune         : {c}"));
    }
}

pub fn referentiels(out: &mut Sortie, liste: &[ReferentielPublieDto]) {
    for p in liste {
        let r = &p.resume;
        out.ligne(format!(
            "{:<6} version {:<8} {:<10} {} items  {}",
            r.id, r.version, r.degre, r.nombre_items, r.titre
        ));
        out.ligne(format!(
            "       publiée le {}, pour les années à partir de {} ; {}{}",
            p.publie_le,
            p.premiere_annee,
            if p.embarque { "intégrée" } else { "importée" },
            p.depuis.as_ref().map_or_else(String::new, |d| format!(" ; correspondance depuis {d}"))
        ));
        out.ligne(format!("       empreinte SHA-256 {}", r.empreinte));
    }
}

/// A referential version read from a file: what it is and its correspondence.
pub fn referentiel_verifie(out: &mut Sortie, p: &ReferentielPublieDto) {
    let r = &p.resume;
    out.ligne(format!(
        "Référentiel valide : {} (id {}, version {}), {} domaines, {} items.",
        r.titre, r.id, r.version, r.nombre_domaines, r.nombre_items
    ));
    out.ligne(format!("Empreinte SHA-256 : {}", r.empreinte));
    out.ligne(format!(
        "Publié le {} pour les années à partir de {} ; licence : {}.",
        p.publie_le, p.premiere_annee, p.licence
    ));
    for c in &p.changements {
        out.ligne(format!("  – {c}"));
    }
    if let Some(depuis) = &p.depuis {
        let mut comptes: Vec<(String, usize)> = Vec::new();
        for l in &p.liens {
            match comptes.iter_mut().find(|(r, _)| *r == l.relation_libelle) {
                Some((_, n)) => *n += 1,
                None => comptes.push((l.relation_libelle.clone(), 1)),
            }
        }
        let resume: Vec<String> = comptes.iter().map(|(r, n)| format!("{n} {r}")).collect();
        let a_revoir = p.liens.iter().filter(|l| l.a_revoir).count();
        out.ligne(format!(
            "Correspondance depuis la version {depuis} vérifiée : {} liens ({}), {a_revoir} à revoir.",
            p.liens.len(),
            resume.join(", ")
        ));
    }
}

/// What creating or moving a diagnostic carries and leaves behind.
pub fn apercu_version(out: &mut Sortie, a: &ApercuVersionDto) {
    match &a.version_depart {
        None => out.ligne(format!(
            "Diagnostic {} sur le référentiel {} version {} : rien à reprendre.",
            a.annee, a.referentiel_id, a.version_arrivee
        )),
        Some(depart) => {
            let passage = if *depart == a.version_arrivee {
                format!("version {depart}")
            } else {
                format!("de la version {depart} à la version {}", a.version_arrivee)
            };
            out.ligne(format!(
                "Diagnostic {}, référentiel {} ({passage}) : {} réponses, {} commentaires et {} actions reprises.",
                a.annee, a.referentiel_id, a.reponses_reportees, a.commentaires_reportes, a.actions_reportees
            ));
        }
    }
    if let Some(r) = a.revision {
        out.ligne(format!("Le diagnostic sera en révision {r}, brouillon."));
    }
    if !a.a_revoir.is_empty() {
        out.ligne(format!("À revoir par l’équipe ({}) :", a.a_revoir.len()));
        for i in &a.a_revoir {
            let note = i.note.as_ref().map_or_else(String::new, |n| format!(" — {n}"));
            out.ligne(format!("  {:<6} {}{note}", i.item_id, i.titre));
        }
    }
    if a.non_reportes.is_empty() {
        if a.version_depart.is_some() {
            out.ligne("Tout ce qui existait est repris.");
        }
    } else {
        out.ligne(format!("Non repris ({}) :", a.non_reportes.len()));
        for n in &a.non_reportes {
            out.ligne(format!("  {:<6} {} ({}) : {}", n.item_id, n.element_libelle, n.version, n.raison));
        }
    }
}

pub fn referentiel(out: &mut Sortie, r: &ReferentielDto) {
    out.ligne(format!("{} — version {}", r.resume.titre, r.resume.version));
    out.ligne(format!("Empreinte SHA-256 : {}", r.resume.empreinte));
    for (i, n) in r.niveaux.iter().enumerate() {
        out.ligne(format!("Niveau {} : {n}", i + 1));
    }
    for d in &r.domaines {
        out.ligne("");
        out.ligne(format!("{} — {}", d.id, d.titre));
        for item in &d.items {
            out.ligne(format!("  {:<6} {}", item.id, item.titre));
            out.ligne(format!("         {}", item.intention));
            if let Some(na) = &item.non_applicable {
                out.ligne(format!("         « Non applicable » possible : {na}"));
            }
            for o in &item.obligations {
                out.ligne(format!("         Obligation légale, au niveau 1 : {} ({})", o.objet, o.source));
            }
            if let Some(q) = &item.question_debat {
                out.ligne(format!("         Pour lancer le débat : {q}"));
            }
            for (n, descripteur) in item.niveaux.iter().enumerate() {
                out.ligne(format!("         N{} : {descripteur}", n + 1));
            }
        }
    }
    if !r.glossaire.is_empty() {
        out.ligne("");
        out.ligne("Glossaire, éléments observables et actions suggérées : « schematic referentiel imprimer » les met dans une grille PDF.");
    }
}

pub fn diagnostics(out: &mut Sortie, liste: &[DiagnosticResume]) {
    if liste.is_empty() {
        out.ligne("Aucun diagnostic pour l’instant : « schematic diagnostic creer » en commence un.");
        return;
    }
    out.ligne(format!(
        "{:<10} {:<10} {:>8} {:>11}  {}",
        "Année", "Statut", "Révision", "Complétion", "Dernière modification"
    ));
    for d in liste {
        out.ligne(format!(
            "{:<10} {:<10} {:>8} {:>5}/{:<2} {:>3} %  {}",
            d.annee,
            d.statut_libelle,
            d.revision,
            d.repondus,
            d.total,
            d.completion_pourcent,
            date(&d.modifie_le)
        ));
    }
}

pub fn resultats(out: &mut Sortie, r: &ResultatsDto) {
    out.ligne(format!("{:<42} {:>9} {:>8} {:>9}", "Domaine", "Réponses", "Maturité", "Niveau"));
    for d in &r.domaines {
        let provisoire = if d.complet || d.niveau_atteint.is_none() { "" } else { " (prov.)" };
        let na =
            if d.non_applicables > 0 { format!("  + {} non applicable(s)", d.non_applicables) } else { String::new() };
        out.ligne(format!(
            "{:<42} {:>5}/{:<3} {:>8} {:>9}{na}",
            format!("{} — {}", d.domaine_id, d.titre),
            d.repondus,
            d.items,
            maturite(d.maturite_centiemes),
            format!("{}{provisoire}", niveau(d.niveau_atteint))
        ));
    }
    out.ligne(format!(
        "Ensemble : maturité {} sur 3, niveau global {}, {} % renseigné.",
        maturite(r.maturite_globale_centiemes),
        niveau(r.niveau_global),
        r.completion_pourcent
    ));
    let liste = |items: &[schematic_api::dto::ItemClasseDto]| {
        items.iter().map(|i| format!("{} ({})", i.item_id, niveau(Some(i.niveau)))).collect::<Vec<_>>().join(", ")
    };
    if !r.forces.is_empty() {
        out.ligne(format!("Points forts : {}", liste(&r.forces)));
    }
    if !r.priorites.is_empty() {
        out.ligne(format!("Priorités    : {}", liste(&r.priorites)));
    }
}

pub fn diagnostic(out: &mut Sortie, d: &DiagnosticDetail, referentiel: &ReferentielDto) {
    let s = &d.resume;
    out.ligne(format!(
        "Diagnostic {} — {} (révision {}), référentiel {} version {}",
        s.annee, s.statut_libelle, s.revision, s.referentiel_id, s.referentiel_version
    ));
    out.ligne(format!("Dernière modification : {}", date(&s.modifie_le)));
    out.ligne("");
    resultats(out, &d.resultats);
    if let Some(e) = &d.evolution {
        out.ligne("");
        out.ligne(format!("Évolution depuis {} :", e.annee_precedente));
        if e.versions_differentes {
            out.ligne(format!(
                "  (l’an dernier : référentiel version {} ; les items se comparent à travers la correspondance)",
                e.version_precedente
            ));
        }
        for dom in &e.domaines {
            let ecart = dom.ecart_centiemes.map_or_else(
                || "—".into(),
                |c| format!("{}{}", if c >= 0 { "+" } else { "−" }, maturite(Some(c.unsigned_abs()))),
            );
            out.ligne(format!(
                "  {:<4} {} → {}  ({ecart})",
                dom.domaine_id,
                maturite(dom.avant_centiemes),
                maturite(dom.apres_centiemes)
            ));
        }
        let items = |v: &[schematic_api::dto::EvolutionItemDto]| {
            v.iter()
                .map(|i| format!("{} {}→{}", i.item_id, niveau(Some(i.avant)), niveau(Some(i.apres))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !e.progres.is_empty() {
            out.ligne(format!("  En progrès : {}", items(&e.progres)));
        }
        if !e.reculs.is_empty() {
            out.ligne(format!("  En recul   : {}", items(&e.reculs)));
        }
        if !e.sans_equivalent.is_empty() {
            out.ligne(format!("  Sans équivalent l’an dernier : {}", e.sans_equivalent.join(", ")));
        }
    }
    for dom in &referentiel.domaines {
        out.ligne("");
        out.ligne(format!("{} — {}", dom.id, dom.titre));
        for item in &dom.items {
            let reponse = d.reponses.iter().find(|r| r.item_id == item.id);
            let libelle = reponse.map_or("Non renseigné", |r| r.libelle.as_str());
            let libelle = if reponse.is_some_and(|r| r.a_revoir) {
                format!("{libelle} (à revoir)")
            } else {
                libelle.to_string()
            };
            out.ligne(format!("  {:<6} {:<22} {}", item.id, libelle, item.titre));
            if let Some(c) = reponse.and_then(|r| r.commentaire.as_deref()) {
                out.ligne(format!("         « {c} »"));
            }
        }
    }
}

pub fn verification(out: &mut Sortie, r: &VerificationDto) {
    out.ligne(format!("{} : {}", r.fichier, r.verdict_libelle));
    if let (Some(uai), Some(annee), Some(revision)) = (&r.uai, &r.annee, r.revision) {
        let statut = if r.statut.as_deref() == Some("finalise") { "finalisé" } else { "brouillon" };
        out.ligne(format!(
            "  Établissement {uai}, année {annee}, révision {revision} ({statut}), {} items renseignés sur {}",
            r.repondus.unwrap_or(0),
            r.total.unwrap_or(0)
        ));
    }
    if let (Some(charge), Some(cle)) = (&r.empreinte_charge, &r.empreinte_cle) {
        out.ligne(format!("  Empreinte du contenu : {} ; clé : {cle}", &charge[..12.min(charge.len())]));
    }
    out.ligne(format!("  {}", r.detail));
    if !r.resultats.is_empty() {
        out.ligne("  Ce que dit le diagnostic signé (à comparer avec les pages) :");
        for d in &r.resultats {
            let maturite = d.maturite_centiemes.map_or("—".into(), |c| format!("{},{:02}", c / 100, c % 100));
            let niveau = d.niveau_atteint.map_or("—".into(), |n| n.to_string());
            let na =
                d.non_applicables.filter(|n| *n > 0).map_or_else(String::new, |n| format!(", {n} non applicables"));
            out.ligne(format!(
                "    {:<5} maturité {maturite}  niveau atteint {niveau}  ({} items renseignés sur {}{na})",
                d.domaine, d.repondus, d.items
            ));
        }
        let reponses: Vec<String> = r
            .reponses
            .iter()
            .map(|x| {
                let valeur = match x.niveau {
                    None => "na".to_string(),
                    Some(0) => "aucun".to_string(),
                    Some(n) => n.to_string(),
                };
                format!("{} {valeur}", x.item)
            })
            .collect();
        for groupe in reponses.chunks(8) {
            out.ligne(format!("    {}", groupe.join(" · ")));
        }
    }
}

/// The workshop: participants, then one line per item that has votes.
pub fn atelier(out: &mut Sortie, a: &schematic_api::dto::AtelierDto) {
    out.ligne(format!("Atelier {} : {} participants.", a.annee, a.participants.len()));
    for p in &a.participants {
        let origine = if p.contribution { " (contribution)" } else { "" };
        let prenom = p.prenom.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
        out.ligne(format!("  n° {} {}{prenom}{origine}", p.id, p.libelle_role));
    }
    for i in a.items.iter().filter(|i| !i.votes.is_empty()) {
        let mediane = i.mediane_demis.map_or("—".into(), |m| format!("{}", f64::from(m) / 2.0).replace('.', ","));
        out.ligne(format!(
            "{:<7} votes aucun/1/2/3 : {}  médiane {mediane}  écart {}{}  consensus {}",
            i.item_id,
            i.repartition.iter().map(u32::to_string).collect::<Vec<_>>().join("/"),
            i.ecart.map_or("—".into(), |e| e.to_string()),
            if i.desaccord { " — DÉSACCORD FORT" } else { "" },
            niveau(i.consensus)
        ));
    }
    for d in &a.domaines {
        out.ligne(format!(
            "{} : consensus {}, avis individuels de {} à {}, {} item{} en désaccord fort",
            d.domaine_id,
            maturite(d.consensus_centiemes),
            maturite(d.individuel_min_centiemes),
            maturite(d.individuel_max_centiemes),
            d.items_en_desaccord,
            if d.items_en_desaccord > 1 { "s" } else { "" }
        ));
    }
}

/// A figure of the comparison: 2 decimals, « secret » or « — ».
fn moyenne(v: Option<f64>, secret: bool) -> String {
    match v {
        None if secret => "secret".into(),
        // A mean of levels lies in 0..=3.
        v => maturite(v.map(|x| (x * 100.0).round() as u32)),
    }
}

pub fn comparaison(out: &mut Sortie, c: &schematic_api::dto::ComparaisonDto) {
    out.ligne(format!(
        "{} : votre établissement à côté des {} — {} ({}).",
        c.annee,
        c.famille,
        c.echelon.libelle,
        c.echelon.etablissements.map_or("nombre caché par le secret statistique".to_string(), |n| format!(
            "{n} établissement{}",
            if n > 1 { "s" } else { "" }
        ))
    ));
    let autres: Vec<String> =
        c.echelons.iter().filter(|e| e.code != c.echelon.code).map(|e| format!("--echelon {}", e.code)).collect();
    if !autres.is_empty() {
        out.ligne(format!("Autres territoires publiés : {}.", autres.join(", ")));
    }
    out.ligne("");
    out.ligne(format!("{:<40} {:>14} {:>10}", "Domaine", "Établissement", "Groupe"));
    for d in &c.domaines {
        out.ligne(format!(
            "{:<40} {:>14} {:>10}",
            d.titre.chars().take(40).collect::<String>(),
            moyenne(d.etablissement, false),
            moyenne(d.groupe, d.secret)
        ));
    }
    if c.trajectoire.len() > 1 {
        out.ligne("");
        out.ligne("Trajectoire (maturité moyenne des domaines : établissement / groupe) :");
        for a in &c.trajectoire {
            let m = |v: &[Option<f64>]| {
                let x: Vec<f64> = v.iter().flatten().copied().collect();
                (!x.is_empty()).then(|| x.iter().sum::<f64>() / x.len() as f64)
            };
            out.ligne(format!(
                "  {} : {} / {}",
                a.annee,
                moyenne(m(&a.etablissement), false),
                moyenne(m(&a.groupe), true)
            ));
        }
    }
    out.ligne("");
    out.ligne("Par item, part des établissements du groupe à chaque niveau (* : votre réponse) :");
    for i in &c.items {
        if !i.comparable {
            out.ligne(format!("  {} — sans repère", i.item_id));
            continue;
        }
        let parts: Vec<String> = i
            .parts
            .iter()
            .take(4)
            .map(|p| {
                let v = match p.pourcent {
                    Some(x) => format!("{x:.0} %"),
                    None if p.secret => "secret".into(),
                    None => "—".into(),
                };
                format!("{}{} {v}", if p.etablissement { "*" } else { "" }, p.libelle)
            })
            .collect();
        out.ligne(format!("  {} — {}", i.item_id, parts.join(" · ")));
    }
    out.ligne("");
    for n in &c.notes {
        out.ligne(n.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_are_written_the_french_way() {
        assert_eq!(maturite(Some(275)), "2,75");
        assert_eq!(maturite(Some(5)), "0,05");
        assert_eq!(maturite(None), "—");
        assert_eq!(niveau(Some(0)), "aucun");
        assert_eq!(date("2026-03-12T10:00:00Z"), "12/03/2026 10:00 UTC");
    }
}
