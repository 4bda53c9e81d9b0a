//! Human-readable output, in French. `--json` prints the DTOs instead.

use schematic_api::dto::{
    DiagnosticDetail, DiagnosticResume, EtablissementDto, ReferentielDto, ReferentielResume, ResultatsDto,
    VerificationDto,
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

pub fn referentiels(out: &mut Sortie, liste: &[ReferentielResume]) {
    for r in liste {
        out.ligne(format!(
            "{:<6} version {:<8} {:<10} {} items  {}",
            r.id, r.version, r.degre, r.nombre_items, r.titre
        ));
        out.ligne(format!("       empreinte SHA-256 {}", r.empreinte));
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
            for (n, descripteur) in item.niveaux.iter().enumerate() {
                out.ligne(format!("         N{} : {descripteur}", n + 1));
            }
        }
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
        out.ligne(format!(
            "{:<42} {:>5}/{:<3} {:>8} {:>9}",
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
    }
    for dom in &referentiel.domaines {
        out.ligne("");
        out.ligne(format!("{} — {}", dom.id, dom.titre));
        for item in &dom.items {
            let reponse = d.reponses.iter().find(|r| r.item_id == item.id);
            let libelle = reponse.map_or("Non renseigné", |r| r.libelle.as_str());
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
            out.ligne(format!(
                "    {:<5} maturité {maturite}  niveau atteint {niveau}  ({} items renseignés sur {})",
                d.domaine, d.repondus, d.items
            ));
        }
        let reponses: Vec<String> = r
            .reponses
            .iter()
            .map(|x| format!("{} {}", x.item, if x.niveau == 0 { "aucun".to_string() } else { x.niveau.to_string() }))
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
