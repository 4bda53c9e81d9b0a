//! The published figures on PostgreSQL, rewritten for one year and
//! grouping at a time; the views of schema `publication` read them.

use schematic_dane_store::{Publication, Resultat};

use crate::{StockagePostgres, ecrivain, erreur};

pub(crate) fn remplacer(s: &StockagePostgres, p: &Publication) -> Resultat<()> {
    let mut client = s.client()?;
    // Two advisers' processes refresh the same rows after their imports.
    let mut tx = ecrivain(&mut client)?;
    let (annee, par) = (p.annee.to_string(), p.regroupement.code());
    tx.execute("DELETE FROM dane_publication_territoire WHERE annee = $1 AND regroupement = $2", &[&annee, &par])
        .map_err(erreur)?;
    tx.execute("DELETE FROM dane_publication_maturite WHERE annee = $1 AND regroupement = $2", &[&annee, &par])
        .map_err(erreur)?;
    tx.execute("DELETE FROM dane_publication_item WHERE annee = $1", &[&annee]).map_err(erreur)?;
    let t = &p.territoires;
    let codes: Vec<&str> = t.iter().map(|x| x.code.as_str()).collect();
    let libelles: Vec<&str> = t.iter().map(|x| x.libelle.as_str()).collect();
    let etablissements: Vec<i64> = t.iter().map(|x| i64::from(x.etablissements)).collect();
    let diagnostics: Vec<Option<i64>> = t.iter().map(|x| x.diagnostics.map(i64::from)).collect();
    let taux: Vec<Option<i64>> = t.iter().map(|x| x.taux_pour_mille.map(i64::from)).collect();
    let masques: Vec<Option<&str>> = t.iter().map(|x| x.masque).collect();
    tx.execute(
        "INSERT INTO dane_publication_territoire
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[])",
        &[&annee, &par, &codes, &libelles, &etablissements, &diagnostics, &taux, &masques],
    )
    .map_err(erreur)?;
    let m = &p.maturites;
    let codes: Vec<&str> = m.iter().map(|x| x.code.as_str()).collect();
    let domaines: Vec<&str> = m.iter().map(|x| x.domaine.as_str()).collect();
    let moyennes: Vec<Option<f64>> = m.iter().map(|x| x.moyenne).collect();
    let masques_m: Vec<Option<&str>> = m.iter().map(|x| x.masque_moyenne).collect();
    let evolutions: Vec<Option<f64>> = m.iter().map(|x| x.evolution).collect();
    let masques_e: Vec<Option<&str>> = m.iter().map(|x| x.masque_evolution).collect();
    tx.execute(
        "INSERT INTO dane_publication_maturite
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::text[])",
        &[&annee, &par, &codes, &domaines, &moyennes, &masques_m, &evolutions, &masques_e],
    )
    .map_err(erreur)?;
    let i = &p.items;
    let referentiels: Vec<&str> = i.iter().map(|x| x.referentiel.as_str()).collect();
    let versions: Vec<&str> = i.iter().map(|x| x.version.as_str()).collect();
    let items: Vec<&str> = i.iter().map(|x| x.item.as_str()).collect();
    let niveaux: Vec<&str> = i.iter().map(|x| x.niveau).collect();
    let nombres: Vec<Option<i64>> = i.iter().map(|x| x.etablissements.map(i64::from)).collect();
    let masques_i: Vec<Option<&str>> = i.iter().map(|x| x.masque).collect();
    tx.execute(
        "INSERT INTO dane_publication_item
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])",
        &[&annee, &referentiels, &versions, &items, &niveaux, &nombres, &masques_i],
    )
    .map_err(erreur)?;
    tx.commit().map_err(erreur)
}
