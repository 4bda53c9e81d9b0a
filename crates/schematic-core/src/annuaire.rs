//! An establishment as the national *annuaire de l'éducation* describes it:
//! the DANE's reference list of establishments, hence the denominator of
//! participation rates and the source of every territory.

/// Establishment families, from the annuaire's `Type_etablissement`.
/// SchémaTIC serves the first four; `autre` (CIO, services…) is kept but left
/// out of participation rates.
pub const FAMILLES: [(&str, &str); 5] =
    [("ecole", "École"), ("college", "Collège"), ("lycee", "Lycée"), ("erea", "EREA"), ("autre", "Autre")];

/// The family of an annuaire type (`Ecole`, `Collège`, `Lycée`, `EREA`…).
pub fn famille(type_libelle: &str) -> &'static str {
    let t: String = type_libelle
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            autre => autre,
        })
        .collect();
    FAMILLES[..4].iter().map(|(code, _)| *code).find(|f| t.starts_with(f)).unwrap_or("autre")
}

/// The family of a stored code (`autre` for a code no longer known).
pub fn famille_connue(code: &str) -> &'static str {
    FAMILLES.iter().map(|(c, _)| *c).find(|c| *c == code).unwrap_or("autre")
}

/// The label of a family code.
pub fn libelle_famille(code: &str) -> &'static str {
    FAMILLES.iter().find(|(c, _)| *c == code).map_or("Autre", |(_, l)| l)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtablissementAnnuaire {
    pub uai: String,
    pub nom: String,
    /// As written in the annuaire (`Ecole`, `Collège`, `Lycée`…).
    pub type_libelle: String,
    /// One of [`FAMILLES`].
    pub famille: &'static str,
    /// `Public` or `Privé`, as written.
    pub secteur: String,
    pub code_postal: String,
    pub commune: String,
    /// INSEE code (`31`, `2A`, `971`).
    pub departement: String,
    pub libelle_departement: String,
    pub academie: String,
    pub ouvert: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_follow_the_annuaire_types() {
        assert_eq!(famille("Ecole"), "ecole");
        assert_eq!(famille("École primaire"), "ecole");
        assert_eq!(famille("Collège"), "college");
        assert_eq!(famille("Lycée"), "lycee");
        assert_eq!(famille("EREA"), "erea");
        assert_eq!(famille("Information et orientation"), "autre");
        assert_eq!(libelle_famille("lycee"), "Lycée");
    }
}
