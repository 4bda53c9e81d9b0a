//! What a DANE store keeps, as values: enrolments, imported diagnostics,
//! the import report, the annuaire, the territories.

use schematic_core::import::StatutImport;
use schematic_core::{AnneeScolaire, Statut, Uai};

/// An enrolment certificate issued by the DANE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolementEnregistre {
    /// `SCH-<année>-<n°>`, unique across every process sharing the store.
    pub numero: String,
    pub uai: Uai,
    pub cle: String,
    pub valide_du: String,
    pub valide_au: String,
    pub emis_le: String,
    pub revoque_a_partir_du: Option<String>,
    /// The certificate envelope as issued (JSON).
    pub certificat: String,
}

/// An enrolment to issue: the store gives it its serial number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NouvelEnrolement {
    pub uai: Uai,
    pub cle: String,
    pub valide_du: String,
    pub valide_au: String,
    pub emis_le: String,
}

/// A verified diagnostic, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticImporte {
    /// SHA-256 of the payload: the identity of an import.
    pub empreinte: String,
    pub uai: Uai,
    pub annee: AnneeScolaire,
    pub referentiel: String,
    pub version_referentiel: String,
    /// The fingerprint of the exact version answered.
    pub empreinte_referentiel: String,
    pub revision: u32,
    pub genere_le: String,
    pub statut: Statut,
    pub cle: String,
    pub enrole: bool,
    pub certificat: Option<String>,
    /// One character per item of the version answered, see
    /// `schematic_core::synthese`.
    pub niveaux: String,
    pub fichier: String,
    pub importe_le: String,
    /// The envelope as received (JSON bytes).
    pub enveloppe: Vec<u8>,
}

/// One line of an import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LigneRapport {
    pub rang: u32,
    pub chemin: String,
    pub statut: StatutImport,
    pub detail: String,
    /// As the file said (already made safe to show), when it could be read.
    pub uai: Option<String>,
    pub annee: Option<String>,
}

/// A stored diagnostic, as listed for one establishment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticDane {
    pub empreinte: String,
    pub annee: AnneeScolaire,
    pub referentiel: String,
    /// The fingerprint of the version answered (its *niveaux* follow it).
    pub empreinte_referentiel: String,
    pub revision: u32,
    pub statut: Statut,
    pub genere_le: String,
    pub enrole: bool,
    pub niveaux: String,
    pub importe_le: String,
}

/// A file set aside for one establishment: validly signed, kept as
/// received, never counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticEcarte {
    pub annee: AnneeScolaire,
    pub cle: String,
    /// Why it was set aside.
    pub motif: StatutImport,
    pub detail: String,
    pub fichier: String,
    pub ecarte_le: String,
}

/// What an imported diagnostic's establishment must agree with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FicheAnnuaire {
    /// One of `schematic_core::annuaire::FAMILLES`.
    pub famille: String,
    /// INSEE code, empty when the annuaire does not say.
    pub departement: String,
    pub academie: String,
}

/// How a new annuaire differs from the one it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferenceAnnuaire {
    pub avant: u32,
    pub apres: u32,
    /// UAIs that are new, and that are no longer there.
    pub ajoutes: u32,
    pub retires: u32,
    /// A few of the UAIs no longer there.
    pub exemples_retires: Vec<String>,
}

/// How establishments are grouped into territories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regroupement {
    Academie,
    Departement,
    Circonscription,
    Type,
    Etablissement,
}

impl Regroupement {
    pub const TOUS: [Self; 5] =
        [Self::Academie, Self::Departement, Self::Circonscription, Self::Type, Self::Etablissement];

    /// The grouping's code, as stored and as the shells name it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Academie => "academie",
            Self::Departement => "departement",
            Self::Circonscription => "circonscription",
            Self::Type => "type",
            Self::Etablissement => "etablissement",
        }
    }

    pub fn depuis_code(code: &str) -> Option<Self> {
        Self::TOUS.into_iter().find(|r| r.code() == code)
    }
}

/// Restricts a query to part of the annuaire; `None` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filtre {
    pub academie: Option<String>,
    pub departement: Option<String>,
    pub circonscription: Option<String>,
    pub famille: Option<String>,
}

/// A territory and how many establishments it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territoire {
    pub code: String,
    pub libelle: String,
    pub etablissements: u32,
}

/// One stored diagnostic as a territory query reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagnosticLu<'a> {
    /// It belongs to the first year asked (else to the second).
    pub annee_courante: bool,
    /// The code of its territory.
    pub territoire: &'a str,
    /// The number of the referential version answered (see
    /// [`crate::StockageDane::referentiels_dane`]).
    pub referentiel: i64,
    pub niveaux: &'a str,
    pub enrole: bool,
}

/// The figures a DANE publishes for one school year and one grouping,
/// statistical secrecy applied: a hidden cell has no value, and its mask
/// says why (`primaire`, `secondaire`). What dashboard tools read.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub annee: AnneeScolaire,
    pub regroupement: Regroupement,
    pub territoires: Vec<TerritoirePublie>,
    pub maturites: Vec<MaturitePubliee>,
    /// The distribution of levels per item (the same for every grouping).
    pub items: Vec<RepartitionPubliee>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerritoirePublie {
    pub code: String,
    pub libelle: String,
    /// Establishments of the annuaire (public, never hidden).
    pub etablissements: u32,
    pub diagnostics: Option<u32>,
    /// Participation in tenths of a percent.
    pub taux_pour_mille: Option<u32>,
    pub masque: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MaturitePubliee {
    pub code: String,
    pub domaine: String,
    pub moyenne: Option<f64>,
    pub masque_moyenne: Option<&'static str>,
    pub evolution: Option<f64>,
    pub masque_evolution: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepartitionPubliee {
    pub referentiel: String,
    pub version: String,
    pub item: String,
    /// `aucun`, `1`, `2`, `3`, `non-applicable`, `non-renseigne`.
    pub niveau: &'static str,
    pub etablissements: Option<u32>,
    pub masque: Option<&'static str>,
}

/// One thing a store holds, as copied from one store to another
/// (`schematic dane migrer`): everything but the published figures, which
/// the target computes again.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementCopie {
    Enrolement(EnrolementEnregistre),
    Annuaire(schematic_core::annuaire::EtablissementAnnuaire),
    Circonscription {
        uai: String,
        circonscription: String,
    },
    /// A stored diagnostic (its envelope in `diagnostic.enveloppe`).
    Diagnostic(DiagnosticImporte),
    /// A file set aside.
    Ecarte {
        diagnostic: DiagnosticImporte,
        motif: StatutImport,
        detail: String,
        ecarte_le: String,
    },
    Reception {
        empreinte: String,
        recu_le: String,
    },
    /// An import report.
    Import {
        numero: i64,
        commence_le: String,
        lignes: Vec<LigneRapport>,
    },
}

/// What a copy into a store did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BilanCopie {
    /// Rows written, per kind.
    pub ecrits: u64,
    /// Already there (a copy run again).
    pub deja: u64,
    /// Diagnostics not copied: another diagnostic of the target holds their
    /// establishment and year (payload hash, UAI, year).
    pub en_conflit: Vec<(String, String, String)>,
}
