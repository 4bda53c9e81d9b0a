//! Départements and the académie each belongs to, so that an establishment's
//! académie and département can be derived from its UAI. Académies as they stand
//! since 2020 (Caen and Rouen merged into Normandie), and the région académique
//! each belongs to (since 2016 the régions académiques are the administrative
//! régions; each overseas académie is a région académique of its own).

/// A département as an establishment sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departement {
    /// INSEE code: `33`, `2A`, `971`...
    pub code: &'static str,
    pub nom: &'static str,
    pub academie: &'static str,
}

const fn d(code: &'static str, nom: &'static str, academie: &'static str) -> Departement {
    Departement { code, nom, academie }
}

/// Every département with an académie, in INSEE order.
pub const DEPARTEMENTS: &[Departement] = &[
    d("01", "Ain", "Lyon"),
    d("02", "Aisne", "Amiens"),
    d("03", "Allier", "Clermont-Ferrand"),
    d("04", "Alpes-de-Haute-Provence", "Aix-Marseille"),
    d("05", "Hautes-Alpes", "Aix-Marseille"),
    d("06", "Alpes-Maritimes", "Nice"),
    d("07", "Ardèche", "Grenoble"),
    d("08", "Ardennes", "Reims"),
    d("09", "Ariège", "Toulouse"),
    d("10", "Aube", "Reims"),
    d("11", "Aude", "Montpellier"),
    d("12", "Aveyron", "Toulouse"),
    d("13", "Bouches-du-Rhône", "Aix-Marseille"),
    d("14", "Calvados", "Normandie"),
    d("15", "Cantal", "Clermont-Ferrand"),
    d("16", "Charente", "Poitiers"),
    d("17", "Charente-Maritime", "Poitiers"),
    d("18", "Cher", "Orléans-Tours"),
    d("19", "Corrèze", "Limoges"),
    d("2A", "Corse-du-Sud", "Corse"),
    d("2B", "Haute-Corse", "Corse"),
    d("21", "Côte-d'Or", "Dijon"),
    d("22", "Côtes-d'Armor", "Rennes"),
    d("23", "Creuse", "Limoges"),
    d("24", "Dordogne", "Bordeaux"),
    d("25", "Doubs", "Besançon"),
    d("26", "Drôme", "Grenoble"),
    d("27", "Eure", "Normandie"),
    d("28", "Eure-et-Loir", "Orléans-Tours"),
    d("29", "Finistère", "Rennes"),
    d("30", "Gard", "Montpellier"),
    d("31", "Haute-Garonne", "Toulouse"),
    d("32", "Gers", "Toulouse"),
    d("33", "Gironde", "Bordeaux"),
    d("34", "Hérault", "Montpellier"),
    d("35", "Ille-et-Vilaine", "Rennes"),
    d("36", "Indre", "Orléans-Tours"),
    d("37", "Indre-et-Loire", "Orléans-Tours"),
    d("38", "Isère", "Grenoble"),
    d("39", "Jura", "Besançon"),
    d("40", "Landes", "Bordeaux"),
    d("41", "Loir-et-Cher", "Orléans-Tours"),
    d("42", "Loire", "Lyon"),
    d("43", "Haute-Loire", "Clermont-Ferrand"),
    d("44", "Loire-Atlantique", "Nantes"),
    d("45", "Loiret", "Orléans-Tours"),
    d("46", "Lot", "Toulouse"),
    d("47", "Lot-et-Garonne", "Bordeaux"),
    d("48", "Lozère", "Montpellier"),
    d("49", "Maine-et-Loire", "Nantes"),
    d("50", "Manche", "Normandie"),
    d("51", "Marne", "Reims"),
    d("52", "Haute-Marne", "Reims"),
    d("53", "Mayenne", "Nantes"),
    d("54", "Meurthe-et-Moselle", "Nancy-Metz"),
    d("55", "Meuse", "Nancy-Metz"),
    d("56", "Morbihan", "Rennes"),
    d("57", "Moselle", "Nancy-Metz"),
    d("58", "Nièvre", "Dijon"),
    d("59", "Nord", "Lille"),
    d("60", "Oise", "Amiens"),
    d("61", "Orne", "Normandie"),
    d("62", "Pas-de-Calais", "Lille"),
    d("63", "Puy-de-Dôme", "Clermont-Ferrand"),
    d("64", "Pyrénées-Atlantiques", "Bordeaux"),
    d("65", "Hautes-Pyrénées", "Toulouse"),
    d("66", "Pyrénées-Orientales", "Montpellier"),
    d("67", "Bas-Rhin", "Strasbourg"),
    d("68", "Haut-Rhin", "Strasbourg"),
    d("69", "Rhône", "Lyon"),
    d("70", "Haute-Saône", "Besançon"),
    d("71", "Saône-et-Loire", "Dijon"),
    d("72", "Sarthe", "Nantes"),
    d("73", "Savoie", "Grenoble"),
    d("74", "Haute-Savoie", "Grenoble"),
    d("75", "Paris", "Paris"),
    d("76", "Seine-Maritime", "Normandie"),
    d("77", "Seine-et-Marne", "Créteil"),
    d("78", "Yvelines", "Versailles"),
    d("79", "Deux-Sèvres", "Poitiers"),
    d("80", "Somme", "Amiens"),
    d("81", "Tarn", "Toulouse"),
    d("82", "Tarn-et-Garonne", "Toulouse"),
    d("83", "Var", "Nice"),
    d("84", "Vaucluse", "Aix-Marseille"),
    d("85", "Vendée", "Nantes"),
    d("86", "Vienne", "Poitiers"),
    d("87", "Haute-Vienne", "Limoges"),
    d("88", "Vosges", "Nancy-Metz"),
    d("89", "Yonne", "Dijon"),
    d("90", "Territoire de Belfort", "Besançon"),
    d("91", "Essonne", "Versailles"),
    d("92", "Hauts-de-Seine", "Versailles"),
    d("93", "Seine-Saint-Denis", "Créteil"),
    d("94", "Val-de-Marne", "Créteil"),
    d("95", "Val-d'Oise", "Versailles"),
    d("971", "Guadeloupe", "Guadeloupe"),
    d("972", "Martinique", "Martinique"),
    d("973", "Guyane", "Guyane"),
    d("974", "La Réunion", "La Réunion"),
    d("976", "Mayotte", "Mayotte"),
];

/// Looks a département up by its INSEE code (`33`, `2a`, `971`).
pub fn departement(code: &str) -> Option<&'static Departement> {
    let code = code.trim().to_uppercase();
    let code = code.strip_prefix('0').filter(|c| c.len() == 2).unwrap_or(&code);
    DEPARTEMENTS.iter().find(|d| d.code == code)
}

/// The département named by the first three digits of a UAI: `0xx` is
/// metropolitan département `xx`, `620`/`720` are Corse-du-Sud and Haute-Corse,
/// `97x` an overseas département.
pub fn departement_du_prefixe(prefixe: &str) -> Option<&'static Departement> {
    match prefixe {
        "620" => departement("2A"),
        "720" => departement("2B"),
        p if p.starts_with("97") => departement(p),
        p if p.starts_with('0') => departement(&p[1..]),
        _ => None,
    }
}

/// The académies, sorted, without duplicates.
pub fn academies() -> Vec<&'static str> {
    let mut noms: Vec<&'static str> = DEPARTEMENTS.iter().map(|d| d.academie).collect();
    noms.sort_unstable();
    noms.dedup();
    noms
}

/// Every région académique and its académies.
pub const REGIONS_ACADEMIQUES: &[(&str, &[&str])] = &[
    ("Auvergne-Rhône-Alpes", &["Clermont-Ferrand", "Grenoble", "Lyon"]),
    ("Bourgogne-Franche-Comté", &["Besançon", "Dijon"]),
    ("Bretagne", &["Rennes"]),
    ("Centre-Val de Loire", &["Orléans-Tours"]),
    ("Corse", &["Corse"]),
    ("Grand Est", &["Nancy-Metz", "Reims", "Strasbourg"]),
    ("Guadeloupe", &["Guadeloupe"]),
    ("Guyane", &["Guyane"]),
    ("Hauts-de-France", &["Amiens", "Lille"]),
    ("Île-de-France", &["Créteil", "Paris", "Versailles"]),
    ("La Réunion", &["La Réunion"]),
    ("Martinique", &["Martinique"]),
    ("Mayotte", &["Mayotte"]),
    ("Normandie", &["Normandie"]),
    ("Nouvelle-Aquitaine", &["Bordeaux", "Limoges", "Poitiers"]),
    ("Occitanie", &["Montpellier", "Toulouse"]),
    ("Pays de la Loire", &["Nantes"]),
    ("Provence-Alpes-Côte d'Azur", &["Aix-Marseille", "Nice"]),
];

/// The région académique of an académie.
pub fn region_academique(academie: &str) -> Option<&'static str> {
    REGIONS_ACADEMIQUES.iter().find(|(_, academies)| academies.contains(&academie)).map(|(r, _)| *r)
}

/// « de Bordeaux », « d’Amiens ».
pub fn de(nom: &str) -> String {
    let elision = nom.chars().next().is_some_and(|c| "AEIOUYÉÈÎ".contains(c));
    if elision { format!("d’{nom}") } else { format!("de {nom}") }
}

/// « académie de Bordeaux », « académie d’Amiens ».
pub fn academie_de(nom: &str) -> String {
    format!("académie {}", de(nom))
}

/// Académies as a sentence names them: up to three one by one, more by
/// their number.
pub fn academies_en_clair(noms: &[String]) -> String {
    match noms {
        [] => "aucune académie".to_string(),
        [a] => academie_de(a),
        _ if noms.len() <= 3 => noms.iter().map(|a| academie_de(a)).collect::<Vec<_>>().join(", "),
        _ => format!("{} académies", noms.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_covers_every_departement_once() {
        assert_eq!(DEPARTEMENTS.len(), 101);
        let mut codes: Vec<_> = DEPARTEMENTS.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 101);
        assert_eq!(academies().len(), 30);
    }

    #[test]
    fn every_academie_is_in_exactly_one_region_academique() {
        for a in academies() {
            let n = REGIONS_ACADEMIQUES.iter().filter(|(_, liste)| liste.contains(&a)).count();
            assert_eq!(n, 1, "{a}");
        }
        let toutes: usize = REGIONS_ACADEMIQUES.iter().map(|(_, l)| l.len()).sum();
        assert_eq!((REGIONS_ACADEMIQUES.len(), toutes), (18, 30));
        assert_eq!(region_academique("Limoges"), Some("Nouvelle-Aquitaine"));
        assert_eq!(region_academique("Caen"), None);
    }

    #[test]
    fn academies_are_named_with_elision() {
        assert_eq!(academie_de("Amiens"), "académie d’Amiens");
        assert_eq!(academie_de("Orléans-Tours"), "académie d’Orléans-Tours");
        assert_eq!(academie_de("La Réunion"), "académie de La Réunion");
        let noms = |l: &[&str]| academies_en_clair(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(noms(&["Aix-Marseille", "Nice"]), "académie d’Aix-Marseille, académie de Nice");
        assert_eq!(noms(&["Lille", "Amiens", "Reims", "Paris"]), "4 académies");
    }

    #[test]
    fn nouvelle_aquitaine_academies_match_the_reference() {
        let of = |a: &str| -> Vec<&str> { DEPARTEMENTS.iter().filter(|d| d.academie == a).map(|d| d.code).collect() };
        assert_eq!(of("Bordeaux"), ["24", "33", "40", "47", "64"]);
        assert_eq!(of("Limoges"), ["19", "23", "87"]);
        assert_eq!(of("Poitiers"), ["16", "17", "79", "86"]);
    }

    #[test]
    fn lookup_accepts_leading_zero_and_lower_case() {
        assert_eq!(departement("033").unwrap().nom, "Gironde");
        assert_eq!(departement("2a").unwrap().nom, "Corse-du-Sud");
        assert!(departement("99").is_none());
        assert!(departement_du_prefixe("975").is_none());
    }
}
