//! Untrusted referential files (`schematic referentiel verifier|importer`, the
//! Paramètres screen): parsed and validated, offered to the catalogue, and,
//! when accepted with a correspondence, a diagnostic carried through it —
//! never a panic; carried answers always name items of the new version.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schematic_core::Reponse;
use schematic_core::referentiel::correspondance::Contenu;
use schematic_core::referentiel::{Catalogue, Referentiel};

fuzz_target!(|octets: &[u8]| {
    let Ok(texte) = std::str::from_utf8(octets) else { return };
    let Ok(r) = Referentiel::depuis_json(texte) else { return };
    let _ = r.empreinte();
    let mut catalogue = Catalogue::embarque().clone();
    if !matches!(catalogue.ajouter(r.clone()), Ok(true)) {
        return;
    }
    let Some(c) = &r.correspondance else { return };
    let Some(ancien) = catalogue.trouver(&r.id, &c.depuis).map(|p| p.referentiel.clone()) else { return };
    let passage = catalogue.passage(&ancien, &r).expect("an accepted version has a way from its predecessor");
    let contenu = Contenu {
        reponses: ancien.items().map(|i| (i.id.clone(), Reponse::Niveau2)).collect(),
        commentaires: ancien.items().map(|i| (i.id.clone(), "x".repeat(600))).collect(),
        a_revoir: Default::default(),
    };
    let (reporte, _) = passage.reporter(&contenu);
    assert!(reporte.reponses.keys().chain(reporte.commentaires.keys()).all(|id| r.item(id).is_some()));
    for item in r.items() {
        let _ = passage.comparable(&item.id);
    }
    for item in ancien.items() {
        let _ = passage.action(&item.id, 3);
    }
});
