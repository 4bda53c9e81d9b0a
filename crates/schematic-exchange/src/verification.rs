//! Verifying a file that claims to be a signed SchémaTIC document: a
//! diagnostic (JSON, or the PDF report carrying it), an enrolment request, an
//! enrolment certificate or a workshop contribution. Untrusted input: the
//! size is capped before anything is parsed, the envelope is parsed strictly,
//! and the payload is read only after its signature is verified.
//!
//! Every file gets exactly one verdict, decided by the first step that fails,
//! in the order of `docs/format/diagnostic-v1.md` (« Vérifier »). Each refusal
//! has a [`Motif`]: a stable code, its verdict and its French sentence, listed
//! once in [`motifs!`] and published as the specification's verdict table (a
//! test compares the two).

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signature;
use serde::Deserialize;
use serde_json::Value;

use crate::canonique;
use crate::cles::ClePublique;
use crate::contribution::{ContributionV1, TYPE_CONTRIBUTION_V1};
use crate::dsse::{Enveloppe, TAILLE_MAX, TYPE_DIAGNOSTIC_V1, TYPE_DIAGNOSTIC_V2, pae};
use crate::enrolement::{CertificatV1, DemandeV1, TYPE_CERTIFICAT_V1, TYPE_DEMANDE_V1};
use crate::error::ExchangeError;
use crate::format_diagnostic::{ChargeDiagnostic, empreinte_charge};
use crate::pdf::{DefautLiaison, LiaisonV1, TYPE_LIAISON_V1};
use crate::reperes::{ReperesV1, TYPE_REPERES_V1};
use crate::schemas::{self, Schema};

/// The verdict on a file; the exit code of `schematic verifier` says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    ValideEnrole,
    ValideNonEnrole,
    CertificatInvalide,
    SignatureInvalide,
    FormatInconnu,
    Illisible,
    NonCanonique,
    PagesNonConformes,
}

impl Verdict {
    pub const TOUS: [Self; 8] = [
        Self::ValideEnrole,
        Self::ValideNonEnrole,
        Self::CertificatInvalide,
        Self::SignatureInvalide,
        Self::FormatInconnu,
        Self::Illisible,
        Self::NonCanonique,
        Self::PagesNonConformes,
    ];

    pub fn libelle(self) -> &'static str {
        match self {
            Self::ValideEnrole => "valide — enrôlé",
            Self::ValideNonEnrole => "valide — non enrôlé",
            Self::CertificatInvalide => "certificat expiré ou ne correspondant pas",
            Self::SignatureInvalide => "signature invalide",
            Self::FormatInconnu => "format inconnu ou contenu non conforme",
            Self::Illisible => "fichier illisible ou trop gros",
            Self::NonCanonique => "contenu signé non canonique",
            Self::PagesNonConformes => "pages ne correspondant pas au diagnostic signé",
        }
    }

    /// The exit code of `schematic verifier` (and of any conforming verifier).
    pub fn code_sortie(self) -> u8 {
        match self {
            Self::ValideEnrole => 0,
            Self::ValideNonEnrole => 10,
            Self::CertificatInvalide => 11,
            Self::SignatureInvalide => 12,
            Self::FormatInconnu => 13,
            Self::Illisible => 14,
            Self::NonCanonique => 15,
            Self::PagesNonConformes => 16,
        }
    }

    /// A stable code for programs (IPC, JSON output).
    pub fn code(self) -> &'static str {
        match self {
            Self::ValideEnrole => "valide-enrole",
            Self::ValideNonEnrole => "valide-non-enrole",
            Self::CertificatInvalide => "certificat-invalide",
            Self::SignatureInvalide => "signature-invalide",
            Self::FormatInconnu => "format-inconnu",
            Self::Illisible => "illisible",
            Self::NonCanonique => "non-canonique",
            Self::PagesNonConformes => "pages-non-conformes",
        }
    }

    pub fn est_valide(self) -> bool {
        matches!(self, Self::ValideEnrole | Self::ValideNonEnrole)
    }
}

macro_rules! motifs {
    ($($nom:ident => $code:literal, $verdict:ident, $phrase:literal;)+) => {
        /// Why a file got its verdict: one row of the specification's verdict table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Motif { $($nom),+ }

        impl Motif {
            pub const TOUS: &'static [Motif] = &[$(Motif::$nom),+];

            /// Stable code, as in the specification (`charge.non-canonique`).
            pub fn code(self) -> &'static str {
                match self { $(Motif::$nom => $code),+ }
            }

            pub fn verdict(self) -> Verdict {
                match self { $(Motif::$nom => Verdict::$verdict),+ }
            }

            /// The sentence that starts every message of this motif.
            pub fn phrase(self) -> &'static str {
                match self { $(Motif::$nom => $phrase),+ }
            }
        }
    };
}

motifs! {
    ValideEnrole => "valide.enrole", ValideEnrole,
        "Signature valide ; la clé qui signe est enrôlée par une DANE de confiance.";
    ValideNonEnrole => "valide.non-enrole", ValideNonEnrole,
        "Signature valide ; la clé qui signe n’est pas enrôlée auprès de la DANE.";
    ValideCertificatNonVerifie => "valide.certificat-non-verifie", ValideNonEnrole,
        "Signature valide ; le certificat d’enrôlement est bien formé, mais aucune clé DANE de confiance n’a été donnée pour le vérifier.";
    ValideDemande => "valide.demande", ValideNonEnrole,
        "Demande d’enrôlement valide : signée par la clé qu’elle présente.";
    ValideContribution => "valide.contribution", ValideNonEnrole,
        "Contribution à un atelier valide : signée par la clé qu’elle annonce.";
    ValideReperes => "valide.reperes", ValideEnrole,
        "Repères territoriaux valides : signés par la clé DANE de confiance.";
    ValideReperesNonVerifie => "valide.reperes-non-verifie", ValideNonEnrole,
        "Repères territoriaux bien signés ; aucune clé DANE de confiance n’a été donnée pour vérifier qui les publie.";
    FichierTropGros => "fichier.trop-gros", Illisible,
        "Le fichier dépasse la taille acceptée : il n’a pas été lu.";
    FichierIllisible => "fichier.illisible", Illisible,
        "Le fichier ne peut pas être lu.";
    FichierInconnu => "fichier.inconnu", FormatInconnu,
        "Ce fichier n’est ni un document SchémaTIC signé (JSON) ni un rapport PDF SchémaTIC.";
    JsonIllisible => "json.illisible", Illisible,
        "Le fichier n’est pas un texte JSON lisible : UTF-8 sans erreur, bien formé, complet.";
    EnveloppeNonConforme => "enveloppe.non-conforme", FormatInconnu,
        "Le fichier n’est pas une enveloppe signée SchémaTIC conforme.";
    CleInvalide => "signature.cle-invalide", SignatureInvalide,
        "La clé annoncée par l’enveloppe n’est pas une clé publique Ed25519 valide.";
    SignatureInvalide => "signature.invalide", SignatureInvalide,
        "La signature ne correspond pas au contenu : le fichier a été modifié après sa signature, ou signé par une autre clé.";
    ChargeIllisible => "charge.illisible", FormatInconnu,
        "Le contenu signé n’est pas un texte JSON lisible.";
    ChargeNonCanonique => "charge.non-canonique", NonCanonique,
        "Le contenu signé n’est pas écrit sous sa forme canonique (RFC 8785) : il n’a pas été produit par un logiciel conforme.";
    ChargeNonConforme => "charge.non-conforme", FormatInconnu,
        "Le contenu signé ne suit pas le schéma publié de son format.";
    ChargeItemEnDouble => "charge.item-en-double", FormatInconnu,
        "Un item est à la fois renseigné et déclaré non renseigné.";
    ChargeDatesInversees => "charge.dates-inversees", FormatInconnu,
        "La période de validité finit avant de commencer.";
    ChargeGroupeEnDouble => "charge.groupe-en-double", FormatInconnu,
        "Un groupe d’établissements (même famille, même territoire) apparaît deux fois.";
    ChargeAutreSignataire => "charge.autre-signataire", SignatureInvalide,
        "Le contenu annonce une autre clé que celle qui l’a signé.";
    CertificatInvalide => "certificat.invalide", CertificatInvalide,
        "Le certificat d’enrôlement joint n’est pas un certificat valide.";
    CertificatAutreEtablissement => "certificat.autre-etablissement", CertificatInvalide,
        "Le certificat d’enrôlement joint concerne un autre établissement.";
    CertificatAutreCle => "certificat.autre-cle", CertificatInvalide,
        "Le certificat d’enrôlement joint concerne une autre clé que celle qui a signé.";
    CertificatHorsValidite => "certificat.hors-validite", CertificatInvalide,
        "Le certificat d’enrôlement ne couvre pas le jour où le document a été signé.";
    CertificatDaneNonReconnue => "certificat.dane-non-reconnue", CertificatInvalide,
        "Le certificat d’enrôlement est signé par une clé DANE qui n’est pas celle de confiance.";
    ReperesDaneNonReconnue => "reperes.dane-non-reconnue", SignatureInvalide,
        "Les repères territoriaux sont signés par une clé DANE qui n’est pas celle de confiance.";
    PdfTropGros => "pdf.trop-gros", Illisible,
        "Ce PDF est trop gros ou trop complexe pour être un rapport SchémaTIC : il n’est pas lu.";
    PdfSansDiagnostic => "pdf.sans-diagnostic", FormatInconnu,
        "Ce PDF ne porte pas de diagnostic signé lisible.";
    PdfNonScelle => "pdf.non-scelle", PagesNonConformes,
        "Ce rapport n’est pas scellé : rien ne prouve que ses pages montrent le diagnostic signé qu’il porte.";
    PdfModifie => "pdf.modifie", PagesNonConformes,
        "Le PDF a été modifié après son export : ses pages ne sont plus prouvées être celles du diagnostic signé qu’il porte.";
    PdfSceauInvalide => "pdf.sceau-invalide", PagesNonConformes,
        "Le sceau du PDF ne correspond pas au diagnostic signé qu’il porte : ses pages ne sont pas prouvées être les siennes.";
    ImageIllisible => "image.illisible", Illisible,
        "L’image ne peut pas être lue : PNG ou JPEG attendu, d’au plus 60 millions de pixels.";
    ImageSansCode => "image.sans-code", FormatInconnu,
        "Aucun code QR SchémaTIC lisible n’a été trouvé sur l’image.";
    ImageReference => "image.reference", FormatInconnu,
        "Cette page porte la référence d’un diagnostic signé (empreinte, clé, signature), pas son contenu : donnez aussi le fichier signé (--reference) pour l’y comparer.";
    ImageAutreDiagnostic => "image.autre-diagnostic", PagesNonConformes,
        "Cette page appartient à un autre diagnostic signé que le fichier de référence.";
}

/// A refusal: its motif and the full French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refus {
    pub motif: Motif,
    pub detail: String,
}

impl Refus {
    /// A refusal of `motif`; `precision` (a sentence) follows its phrase.
    pub fn new(motif: Motif, precision: impl AsRef<str>) -> Self {
        let p = precision.as_ref();
        let detail =
            if p.is_empty() { motif.phrase().to_string() } else { format!("{} {}", motif.phrase(), majuscule(p)) };
        Self { motif, detail }
    }
}

impl From<Refus> for ExchangeError {
    fn from(r: Refus) -> Self {
        match r.motif.verdict() {
            Verdict::SignatureInvalide | Verdict::CertificatInvalide => ExchangeError::Signature(r.detail),
            Verdict::Illisible => ExchangeError::TropGros(r.detail),
            _ => ExchangeError::Format(r.detail),
        }
    }
}

fn majuscule(p: &str) -> String {
    let mut c = p.chars();
    let debut = c.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    let texte = format!("{debut}{}", c.as_str());
    if texte.ends_with(['.', '!', '?']) { texte } else { format!("{texte}.") }
}

/// A signed document, once every rule of its format holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    Diagnostic(Box<ChargeDiagnostic>),
    Demande(DemandeV1),
    Certificat(CertificatV1),
    Contribution(ContributionV1),
    Reperes(Box<ReperesV1>),
    /// A PDF report's binding statement (inside a PDF only).
    Liaison(LiaisonV1),
}

/// A document whose envelope, signature and payload passed every check.
#[derive(Debug, Clone)]
pub struct Ouvert {
    pub signataire: ClePublique,
    /// The payload bytes, as signed.
    pub charge: Vec<u8>,
    pub document: Document,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rapport {
    pub verdict: Verdict,
    pub motif: Motif,
    /// Why, in French: the motif's sentence and what precisely is wrong.
    pub detail: String,
    /// The document, once its signature and format are verified.
    pub document: Option<Document>,
    /// What the diagnostic says, once its signature is verified.
    pub diagnostic: Option<ChargeDiagnostic>,
    /// SHA-256 of the payload bytes, once verified.
    pub empreinte_charge: Option<String>,
    /// Short fingerprint of the signing key, once verified.
    pub empreinte_cle: Option<String>,
    /// Serial number of the enrolment certificate, when it is valid.
    pub certificat: Option<String>,
}

impl From<Refus> for Rapport {
    fn from(r: Refus) -> Self {
        Rapport {
            verdict: r.motif.verdict(),
            motif: r.motif,
            detail: r.detail,
            document: None,
            diagnostic: None,
            empreinte_charge: None,
            empreinte_cle: None,
            certificat: None,
        }
    }
}

/// Verifies a file's bytes: a JSON envelope, or a PDF report carrying one.
/// `confiance` lists the DANE keys whose enrolment certificates are trusted.
pub fn verifier(octets: &[u8], confiance: &[ClePublique]) -> Rapport {
    verifier_avec_reference(octets, confiance, None)
}

/// Is this a PNG or a JPEG (a scanned or photographed page)?
pub fn est_une_image(octets: &[u8]) -> bool {
    octets.starts_with(b"\x89PNG\r\n\x1a\n") || octets.starts_with(&[0xff, 0xd8, 0xff])
}

/// [`verifier`], with the report of a signed file that a scanned page is
/// compared with.
pub fn verifier_avec_reference(octets: &[u8], confiance: &[ClePublique], reference: Option<&Rapport>) -> Rapport {
    if est_une_image(octets) {
        return verifier_image(octets, confiance, reference);
    }
    if !octets.starts_with(b"%PDF-") {
        return verifier_json(octets, confiance);
    }
    let lu = match crate::pdf::extraire(octets, crate::rapport::PIECE_JOINTE) {
        Ok(lu) => lu,
        Err(ExchangeError::TropGros(m)) => return Refus::new(Motif::PdfTropGros, m).into(),
        Err(e) => return Refus::new(Motif::PdfSansDiagnostic, e.to_string()).into(),
    };
    let mut rapport = verifier_json(&lu.piece, confiance);
    // The pages are checked once the attached data passed its own checks up to
    // its certificate (step 10): a PDF whose seal fails keeps what it carries,
    // so that the DANE can file the signed data, flagged.
    if let (Some(d), Some(empreinte)) = (&rapport.diagnostic, &rapport.empreinte_charge) {
        match sceau(octets, d, empreinte, lu.pages) {
            Ok(None) => {}
            Ok(Some(remarque)) => rapport.detail = format!("{} {remarque}", rapport.detail),
            Err(r) => {
                rapport.verdict = r.motif.verdict();
                rapport.motif = r.motif;
                rapport.detail = r.detail;
                rapport.certificat = None;
            }
        }
    }
    rapport
}

/// Verifies the bytes of a JSON envelope.
pub fn verifier_json(octets: &[u8], confiance: &[ClePublique]) -> Rapport {
    let o = match ouvrir(octets) {
        Ok(o) => o,
        Err(r) => return r.into(),
    };
    let issue = match &o.document {
        Document::Diagnostic(d) => match &d.certificat {
            None => Ok((Motif::ValideNonEnrole, String::new(), None)),
            Some(c) => enrolement(c, d, confiance),
        },
        Document::Demande(d) => Ok((Motif::ValideDemande, format!("Établissement {}.", d.uai), None)),
        Document::Contribution(c) => Ok((
            Motif::ValideContribution,
            format!("Établissement {}, année {}, rôle {}.", c.uai, c.annee_scolaire, c.role),
            None,
        )),
        Document::Certificat(c) => confiance_dane(c, confiance)
            .map(|m| (m, precision_certificat(c), (m == Motif::ValideEnrole).then(|| c.numero.clone()))),
        Document::Reperes(r) => reperes_de_confiance(r, confiance),
        Document::Liaison(_) => {
            Err(Refus::new(Motif::EnveloppeNonConforme, "Un sceau de PDF n’est pas un document à part."))
        }
    };
    // A certificate that does not hold still leaves a validly signed document:
    // the report says what it is (the DANE import files it under its UAI).
    let (r, numero) = match issue {
        Ok((motif, precision, numero)) => (Refus::new(motif, precision), numero),
        Err(r) => (r, None),
    };
    Rapport {
        verdict: r.motif.verdict(),
        motif: r.motif,
        detail: r.detail,
        diagnostic: match &o.document {
            Document::Diagnostic(d) => Some((**d).clone()),
            _ => None,
        },
        empreinte_charge: Some(empreinte_charge(&o.charge)),
        empreinte_cle: Some(o.signataire.empreinte_courte()),
        certificat: numero,
        document: Some(o.document),
    }
}

/// Are references signed by one of the trusted DANE keys?
fn reperes_de_confiance(r: &ReperesV1, confiance: &[ClePublique]) -> Result<(Motif, String, Option<String>), Refus> {
    let precision = format!(
        "Année {}, {} ({} groupe{}), publiés le {}.",
        r.annee_scolaire,
        schematic_core::territoire::academies_en_clair(&r.academies),
        r.groupes.len(),
        if r.groupes.len() > 1 { "s" } else { "" },
        r.publie_le.get(..10).unwrap_or_default()
    );
    match dane_de_confiance(&r.dane, confiance) {
        None => Ok((Motif::ValideReperesNonVerifie, precision, None)),
        Some(Ok(())) => Ok((Motif::ValideReperes, precision, None)),
        Some(Err(dane)) => Err(Refus::new(Motif::ReperesDaneNonReconnue, format!("Clé DANE {dane}."))),
    }
}

fn precision_certificat(c: &CertificatV1) -> String {
    format!("Certificat n° {} : établissement {}, valable du {} au {}.", c.numero, c.uai, c.valide_du, c.valide_au)
}

/// Is `dane` (a key id) one of the trusted DANE keys? `None` when none was
/// given; otherwise the short fingerprint of an untrusted one as the error.
fn dane_de_confiance(dane: &str, confiance: &[ClePublique]) -> Option<Result<(), String>> {
    (!confiance.is_empty()).then(|| {
        if confiance.iter().any(|k| k.keyid() == dane) {
            Ok(())
        } else {
            Err(ClePublique::depuis_keyid(dane).map(|k| k.empreinte_courte()).unwrap_or_default())
        }
    })
}

/// Is a certificate's signer one of the trusted DANE keys?
fn confiance_dane(c: &CertificatV1, confiance: &[ClePublique]) -> Result<Motif, Refus> {
    match dane_de_confiance(&c.dane, confiance) {
        None => Ok(Motif::ValideNonEnrole),
        Some(Ok(())) => Ok(Motif::ValideEnrole),
        Some(Err(dane)) => {
            Err(Refus::new(Motif::CertificatDaneNonReconnue, format!("Certificat n° {}, clé DANE {dane}.", c.numero)))
        }
    }
}

fn compile(cellule: &'static OnceLock<Schema>, schema: fn() -> Value) -> &'static Schema {
    cellule.get_or_init(|| Schema::compiler(&schema()))
}

fn schema_du_type(type_charge: &str) -> Option<&'static Schema> {
    static DIAGNOSTIC: OnceLock<Schema> = OnceLock::new();
    static DIAGNOSTIC_V2: OnceLock<Schema> = OnceLock::new();
    static DEMANDE: OnceLock<Schema> = OnceLock::new();
    static CERTIFICAT: OnceLock<Schema> = OnceLock::new();
    static CONTRIBUTION: OnceLock<Schema> = OnceLock::new();
    static LIAISON: OnceLock<Schema> = OnceLock::new();
    static REPERES: OnceLock<Schema> = OnceLock::new();
    Some(match type_charge {
        TYPE_DIAGNOSTIC_V1 => compile(&DIAGNOSTIC, schemas::diagnostic),
        TYPE_DIAGNOSTIC_V2 => compile(&DIAGNOSTIC_V2, schemas::diagnostic_v2),
        TYPE_DEMANDE_V1 => compile(&DEMANDE, schemas::demande),
        TYPE_CERTIFICAT_V1 => compile(&CERTIFICAT, schemas::certificat),
        TYPE_CONTRIBUTION_V1 => compile(&CONTRIBUTION, schemas::contribution),
        TYPE_LIAISON_V1 => compile(&LIAISON, schemas::liaison),
        TYPE_REPERES_V1 => compile(&REPERES, schemas::reperes),
        _ => return None,
    })
}

fn schema_enveloppe() -> &'static Schema {
    static ENVELOPPE: OnceLock<Schema> = OnceLock::new();
    compile(&ENVELOPPE, schemas::enveloppe)
}

/// Why bytes are neither a signed JSON document nor a PDF report, in the
/// words of the user who has to fix it.
fn pourquoi_inconnu(octets: &[u8]) -> &'static str {
    if octets.iter().all(u8::is_ascii_whitespace) {
        "Il est vide."
    } else if octets.starts_with(b"\xEF\xBB\xBF") {
        "Il commence par une marque d’ordre des octets (BOM), qu’un éditeur de texte a ajoutée en l’enregistrant : un document signé n’en a pas. Renvoyez le fichier tel que SchémaTIC l’a exporté."
    } else if octets.starts_with(b"\xFF\xFE") || octets.starts_with(b"\xFE\xFF") {
        "Il est en UTF-16 : un éditeur de texte l’a réenregistré. Renvoyez le fichier tel que SchémaTIC l’a exporté."
    } else if octets.starts_with(b"PK\x03\x04") {
        "C’est une archive ZIP (ou un document bureautique) : extrayez-en le fichier JSON ou PDF de SchémaTIC."
    } else {
        "Il ne commence ni par « { » (document signé, JSON) ni par « %PDF- » (rapport PDF)."
    }
}

/// Reads the envelope of untrusted bytes: size, JSON, strict shape, schema.
pub fn lire_enveloppe(octets: &[u8]) -> Result<Enveloppe, Refus> {
    if octets.len() > TAILLE_MAX {
        return Err(Refus::new(
            Motif::FichierTropGros,
            format!("Il fait {} octets ; un document signé en fait au plus {TAILLE_MAX}.", octets.len()),
        ));
    }
    if octets.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Refus::new(Motif::FichierInconnu, pourquoi_inconnu(octets)));
    }
    let texte =
        std::str::from_utf8(octets).map_err(|_| Refus::new(Motif::JsonIllisible, "Le texte n’est pas en UTF-8."))?;
    let enveloppe: Enveloppe = serde_json::from_str(texte).map_err(|e| {
        let motif = if e.is_syntax() || e.is_eof() || e.to_string().starts_with("recursion limit") {
            Motif::JsonIllisible
        } else {
            Motif::EnveloppeNonConforme
        };
        Refus::new(motif, schematic_core::json::erreur_en_francais(&e))
    })?;
    let valeur = serde_json::to_value(&enveloppe).expect("an envelope is JSON");
    schema_enveloppe().valider(&valeur).map_err(|e| Refus::new(Motif::EnveloppeNonConforme, e.message))?;
    Ok(enveloppe)
}

/// [`ouvrir`] for a document of one expected type; another type is told in
/// one sentence naming `quoi` (« une demande d’enrôlement »).
pub fn ouvrir_type(octets: &[u8], type_attendu: &str, quoi: &str) -> Result<Ouvert, ExchangeError> {
    if let Ok(e) = Enveloppe::lire(octets)
        && e.payload_type != type_attendu
    {
        return Err(ExchangeError::Format(format!(
            "Ce fichier n’est pas {quoi} SchémaTIC (type « {} »).",
            e.payload_type
        )));
    }
    Ok(ouvrir(octets)?)
}

/// Opens a signed document: envelope, signature, canonical payload, schema of
/// its type, and the rules a schema cannot state (who signs, items once).
pub fn ouvrir(octets: &[u8]) -> Result<Ouvert, Refus> {
    let enveloppe = lire_enveloppe(octets)?;
    ouvrir_enveloppe(&enveloppe)
}

/// [`ouvrir`] on an envelope already read (a certificate inside a diagnostic).
pub fn ouvrir_enveloppe(e: &Enveloppe) -> Result<Ouvert, Refus> {
    ouvrir_enveloppe_avec(e, &[])
}

/// [`ouvrir_enveloppe`], taking the signer's key from `connues` when it is
/// one of them: the same key, without decoding its point again (the DANE's
/// key signs every certificate of an import).
fn ouvrir_enveloppe_avec(e: &Enveloppe, connues: &[ClePublique]) -> Result<Ouvert, Refus> {
    let signature = &e.signatures[0];
    // A key id names its key in one way only (the schema requires canonical
    // base64), as `confiance_dane` relies on too.
    let cle = match connues.iter().find(|k| k.keyid() == signature.keyid) {
        Some(k) => *k,
        None => ClePublique::depuis_keyid(&signature.keyid)
            .map_err(|_| Refus::new(Motif::CleInvalide, format!("« {} ».", signature.keyid)))?,
    };
    let corps = STANDARD
        .decode(&e.payload)
        .map_err(|_| Refus::new(Motif::EnveloppeNonConforme, "« payload » n’est pas en base64."))?;
    let sig: [u8; 64] = STANDARD
        .decode(&signature.sig)
        .ok()
        .and_then(|o| o.try_into().ok())
        .ok_or_else(|| Refus::new(Motif::EnveloppeNonConforme, "« sig » n’est pas une signature en base64."))?;
    cle.0
        .verify_strict(&pae(&e.payload_type, &corps), &Signature::from_bytes(&sig))
        .map_err(|_| Refus::new(Motif::SignatureInvalide, ""))?;
    let (document, annonce) = lire_charge(&e.payload_type, &corps)?;
    if !matches!(document, Document::Liaison(_)) && annonce != cle.keyid() {
        return Err(Refus::new(Motif::ChargeAutreSignataire, ""));
    }
    Ok(Ouvert { signataire: cle, charge: corps, document })
}

/// Reads payload bytes of type `type_charge` (their signature already
/// verified): canonical form, schema, and the rules a schema cannot state.
/// Returns the document and the key id it names as its signer.
pub fn lire_charge(type_charge: &str, corps: &[u8]) -> Result<(Document, String), Refus> {
    let (valeur, canonique) = canonique::lire(corps)
        .map_err(|err| Refus::new(Motif::ChargeIllisible, schematic_core::json::erreur_en_francais(&err)))?;
    let schema = schema_du_type(type_charge)
        .ok_or_else(|| Refus::new(Motif::EnveloppeNonConforme, format!("Type « {type_charge} » inconnu.")))?;
    let ecart = schema.valider(&valeur);
    if !canonique {
        return Err(Refus::new(
            Motif::ChargeNonCanonique,
            "Il devrait être écrit clés triées, sans espace ni clé en double, nombres et chaînes sous leur forme RFC 8785.",
        ));
    }
    ecart.map_err(|e| Refus::new(Motif::ChargeNonConforme, e.message))?;
    let non_conforme = |err: serde_json::Error| Refus::new(Motif::ChargeNonConforme, err.to_string());
    let (document, annonce) = match type_charge {
        TYPE_DIAGNOSTIC_V1 | TYPE_DIAGNOSTIC_V2 => {
            let d = ChargeDiagnostic::deserialize(&valeur).map_err(non_conforme)?;
            if let Some(item) = d.non_renseignes.iter().find(|i| d.reponses.contains_key(*i)) {
                return Err(Refus::new(Motif::ChargeItemEnDouble, format!("Item {item}.")));
            }
            let cle = d.cle.clone();
            (Document::Diagnostic(Box::new(d)), cle)
        }
        TYPE_DEMANDE_V1 => {
            let d = DemandeV1::deserialize(&valeur).map_err(non_conforme)?;
            let cle = d.cle.clone();
            (Document::Demande(d), cle)
        }
        TYPE_CERTIFICAT_V1 => {
            let c = CertificatV1::deserialize(&valeur).map_err(non_conforme)?;
            if c.valide_au < c.valide_du {
                return Err(Refus::new(Motif::ChargeDatesInversees, format!("Du {} au {}.", c.valide_du, c.valide_au)));
            }
            let cle = c.dane.clone();
            (Document::Certificat(c), cle)
        }
        TYPE_CONTRIBUTION_V1 => {
            let c = ContributionV1::deserialize(&valeur).map_err(non_conforme)?;
            let cle = c.cle.clone();
            (Document::Contribution(c), cle)
        }
        TYPE_REPERES_V1 => {
            let r = ReperesV1::deserialize(&valeur).map_err(non_conforme)?;
            if let Some(g) = r.groupe_en_double() {
                let (echelon, code) = g.territoire.echelon().map_or(("", ""), |(e, c)| (e.libelle(), c));
                return Err(Refus::new(
                    Motif::ChargeGroupeEnDouble,
                    format!("Famille {}, {echelon} {code}.", g.famille),
                ));
            }
            let cle = r.dane.clone();
            (Document::Reperes(Box::new(r)), cle)
        }
        TYPE_LIAISON_V1 => {
            let l = LiaisonV1::deserialize(&valeur).map_err(non_conforme)?;
            (Document::Liaison(l), String::new())
        }
        autre => return Err(Refus::new(Motif::EnveloppeNonConforme, format!("Type « {autre} » inconnu."))),
    };
    Ok((document, annonce))
}

/// The verdict on the certificate a validly signed diagnostic carries:
/// (motif, precision, serial number when enrolled).
fn enrolement(
    certificat: &Enveloppe,
    d: &ChargeDiagnostic,
    confiance: &[ClePublique],
) -> Result<(Motif, String, Option<String>), Refus> {
    let c = match ouvrir_enveloppe_avec(certificat, confiance) {
        Ok(Ouvert { document: Document::Certificat(c), .. }) => c,
        Ok(_) => return Err(Refus::new(Motif::CertificatInvalide, "Ce n’est pas un certificat.")),
        Err(r) => return Err(Refus::new(Motif::CertificatInvalide, r.detail)),
    };
    let jour = d.genere_le.get(..10).unwrap_or_default();
    if c.uai != d.etablissement.uai {
        return Err(Refus::new(
            Motif::CertificatAutreEtablissement,
            format!("Certificat n° {} pour l’UAI {}, diagnostic de {}.", c.numero, c.uai, d.etablissement.uai),
        ));
    }
    if c.cle != d.cle {
        return Err(Refus::new(Motif::CertificatAutreCle, format!("Certificat n° {}.", c.numero)));
    }
    // Dates are checked real and written AAAA-MM-JJ: they compare as strings.
    if jour < c.valide_du.as_str() || jour > c.valide_au.as_str() {
        return Err(Refus::new(
            Motif::CertificatHorsValidite,
            format!(
                "Certificat n° {} valable du {} au {} ; document signé le {jour}.",
                c.numero, c.valide_du, c.valide_au
            ),
        ));
    }
    let motif = confiance_dane(&c, confiance)?;
    let numero = (motif == Motif::ValideEnrole).then(|| c.numero.clone());
    let motif = if motif == Motif::ValideNonEnrole { Motif::ValideCertificatNonVerifie } else { motif };
    Ok((motif, format!("Certificat n° {}.", c.numero), numero))
}

mod pages;

pub use pages::{APPLICATION_SANS_SCEAU, TAILLE_MAX_IMAGE};
use pages::{sceau, verifier_image};

#[cfg(test)]
mod tests;
