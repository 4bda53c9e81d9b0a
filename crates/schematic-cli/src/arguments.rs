//! The command line, declared with clap: the school's commands here, the DANE
//! space's in `arguments/dane.rs`, and French messages for the errors clap
//! itself detects (clap only speaks English) in `arguments/erreurs.rs`.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};
use schematic_api::dto::SaisieEtablissementDto;

const CODES_DE_SORTIE: &str = "\
Codes de sortie :
  0  succès
  2  ligne de commande invalide
  3  saisie invalide (UAI, année, niveau, item, fichier de référentiel…)
  4  établissement non défini
  5  diagnostic ou référentiel introuvable
  6  existe déjà (diagnostic de la même année)
  7  opération impossible dans l’état actuel (diagnostic finalisé, incomplet…)
  8  fichier ou dossier illisible
  9  erreur de la base de données

Codes de sortie de « schematic verifier » (le plus élevé des fichiers vérifiés) :
  0  valide — enrôlé
 10  valide — non enrôlé
 11  certificat expiré ou ne correspondant pas
 12  signature invalide
 13  format inconnu ou contenu non conforme
 14  fichier illisible ou trop gros
 15  contenu signé non canonique
 16  pages ne correspondant pas au diagnostic signé
 (détail des étapes et des motifs : docs/format/verdicts.md)

Dossier de données : --data-dir, sinon la variable SCHEMATIC_DATA_DIR, sinon le
dossier de l’application (le même que celui de l’application de bureau).";

pub(crate) const GABARIT: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// SchémaTIC : autodiagnostic de la maturité numérique d’un établissement
/// scolaire, hors ligne.
#[derive(Debug, Parser)]
#[command(
    name = "schematic",
    version,
    help_template = GABARIT,
    after_help = CODES_DE_SORTIE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
)]
pub struct Cli {
    /// Dossier de données (base SQLite) à utiliser.
    #[arg(long, global = true, value_name = "DOSSIER", env = "SCHEMATIC_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Affiche l’aide.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    aide: Option<bool>,

    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub commande: Commande,
}

#[derive(Debug, Subcommand)]
pub enum Commande {
    /// Version, dossier de données et base utilisés (ce que l’application montre dans « Paramètres »).
    #[command(name = "a-propos", help_template = GABARIT)]
    APropos {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Définir ou afficher l’établissement de cette installation.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Etablissement {
        #[command(subcommand)]
        commande: CommandeEtablissement,
    },
    /// Consulter ou vérifier les référentiels SchémaTIC.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Referentiel {
        #[command(subcommand)]
        commande: CommandeReferentiel,
    },
    /// Créer, remplir, finaliser les diagnostics.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Diagnostic {
        #[command(subcommand)]
        commande: CommandeDiagnostic,
    },
    /// Afficher la clé de signature de cette installation.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Cle {
        #[command(subcommand)]
        commande: CommandeCle,
    },
    /// Exporter un diagnostic signé pour la DANE : fichier JSON et/ou rapport PDF.
    #[command(help_template = GABARIT)]
    Exporter {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
        /// Écrire le fichier JSON signé (par défaut si ni --json ni --pdf).
        #[arg(long)]
        json: bool,
        /// Écrire le rapport PDF, qui contient le même fichier JSON signé en pièce jointe.
        #[arg(long)]
        pdf: bool,
        /// Inclure les commentaires (ils ne doivent nommer personne).
        #[arg(long)]
        commentaires: bool,
        /// Dossier où écrire le fichier (par défaut le dossier courant).
        #[arg(long, value_name = "DOSSIER")]
        sortie: Option<PathBuf>,
    },
    /// Vérifier l’origine et l’intégrité de documents SchémaTIC signés : diagnostics (fichiers
    /// JSON ou rapports PDF), demandes et certificats d’enrôlement, contributions, et pages
    /// imprimées du rapport (photo ou numérisation PNG/JPEG de leur code QR).
    #[command(help_template = GABARIT)]
    Verifier {
        #[arg(value_name = "FICHIER", required = true)]
        fichiers: Vec<PathBuf>,
        /// Clé publique de DANE de confiance : fichier de clé publique, ou la clé elle-même
        /// (« ed25519:… » ou base64), répétable. Sans elle, un diagnostic enrôlé est reconnu
        /// valide mais « non enrôlé ».
        #[arg(long = "cle-dane", value_name = "CLE")]
        cles_dane: Vec<String>,
        /// Fichier signé (JSON ou PDF) auquel comparer les pages numérisées données.
        #[arg(long, value_name = "FICHIER")]
        reference: Option<PathBuf>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Espace DANE : clé de la DANE, enrôlement des établissements, révocation.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Dane {
        #[command(subcommand)]
        commande: CommandeDane,
    },
    /// Atelier de l’équipe-relais : contributions venues d’autres ordinateurs.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Contribution {
        #[command(subcommand)]
        commande: CommandeContribution,
    },
    /// Atelier de l’équipe-relais : votes par item, désaccords, consensus ; purge des prénoms.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Atelier {
        #[command(subcommand)]
        commande: CommandeAtelier,
    },
    /// Repères territoriaux publiés par la DANE : les importer, et voir ses résultats à côté de ceux
    /// des établissements semblables du territoire (calculé sur cet ordinateur).
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Reperes {
        #[command(subcommand)]
        commande: CommandeReperes,
    },
    /// Installer un établissement de démonstration avec deux années de réponses
    /// (dans un dossier de données vide).
    #[command(help_template = GABARIT)]
    Demo,
}

#[derive(Debug, Subcommand)]
pub enum CommandeCle {
    /// Afficher la clé publique (base64) et son empreinte ; la clé est créée au premier besoin.
    #[command(help_template = GABARIT)]
    Afficher {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Écrire la demande d’enrôlement à envoyer à la DANE (demande-enrolement_<UAI>.json).
    #[command(help_template = GABARIT)]
    DemandeEnrolement {
        /// Dossier où écrire la demande (par défaut le dossier courant).
        #[arg(long, value_name = "DOSSIER")]
        sortie: Option<PathBuf>,
    },
    /// Importer le certificat d’enrôlement reçu de la DANE.
    #[command(help_template = GABARIT)]
    ImporterCertificat {
        #[arg(value_name = "FICHIER")]
        fichier: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeReperes {
    /// Importer le fichier de repères reçu de la DANE (vérifié avec la clé de la DANE du
    /// certificat d’enrôlement).
    #[command(help_template = GABARIT)]
    Importer {
        #[arg(value_name = "FICHIER")]
        fichier: PathBuf,
    },
    /// Lister les repères gardés, un par année scolaire.
    #[command(help_template = GABARIT)]
    Lister {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Comparer les résultats d’un diagnostic aux repères de son année.
    #[command(help_template = GABARIT)]
    Comparer {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long, value_name = "AAAA-AAAA")]
        annee: Option<String>,
        /// Territoire du groupe : departement, academie ou region_academique (par défaut le plus
        /// proche qui est publié).
        #[arg(long, value_name = "ECHELON")]
        echelon: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeContribution {
    /// Exporter mes réponses comme contribution signée à l’atelier (un rôle, jamais un nom).
    #[command(help_template = GABARIT)]
    Exporter {
        /// Année scolaire du diagnostic (par défaut l’année en cours).
        #[arg(long, value_name = "AAAA-AAAA")]
        annee: Option<String>,
        /// Mon rôle : chef-etablissement, adjoint, directeur-ecole, referent-numerique, rupn, erun,
        /// enseignant, cpe, professeur-documentaliste, agent, parent, eleve, autre.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// Dossier où écrire le fichier (par défaut le dossier courant).
        #[arg(long, value_name = "DOSSIER")]
        sortie: Option<PathBuf>,
    },
    /// Importer les contributions reçues des membres de l’équipe : leurs votes s’ajoutent à l’atelier.
    #[command(help_template = GABARIT)]
    Importer {
        #[arg(value_name = "FICHIER", required = true)]
        fichiers: Vec<PathBuf>,
        /// N’accepter que des contributions à ce diagnostic.
        #[arg(long, value_name = "AAAA-AAAA")]
        annee: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeAtelier {
    /// Afficher les votes de chaque item, les désaccords forts et le consensus.
    #[command(help_template = GABARIT)]
    Afficher {
        #[arg(long, value_name = "AAAA-AAAA")]
        annee: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Effacer tous les prénoms des participants (les rôles et les votes restent).
    #[command(help_template = GABARIT)]
    PurgerPrenoms,
}

#[derive(Debug, Subcommand)]
pub enum CommandeEtablissement {
    /// Définir l’établissement (ou corriger son nom, sa commune…).
    #[command(help_template = GABARIT)]
    Definir(DefinirEtablissement),
    /// Afficher l’établissement.
    #[command(help_template = GABARIT)]
    Afficher {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct DefinirEtablissement {
    /// Code UAI (7 chiffres et une lettre de contrôle), par exemple 0330021U.
    #[arg(long)]
    pub uai: String,
    /// Nom de l’établissement.
    #[arg(long)]
    pub nom: String,
    /// Type : ecole-maternelle, ecole-elementaire, ecole-primaire, college, lycee,
    /// lycee-professionnel, erea, cite-scolaire.
    #[arg(long = "type", value_name = "TYPE")]
    pub type_etablissement: String,
    /// Département (code INSEE) ; déduit du code UAI si absent.
    #[arg(long)]
    pub departement: Option<String>,
    /// Circonscription (1er degré).
    #[arg(long)]
    pub circonscription: Option<String>,
    /// Commune.
    #[arg(long)]
    pub commune: Option<String>,
}

impl DefinirEtablissement {
    pub fn saisie(&self) -> SaisieEtablissementDto {
        SaisieEtablissementDto {
            uai: self.uai.clone(),
            nom: self.nom.clone(),
            type_etablissement: self.type_etablissement.clone(),
            departement: self.departement.clone(),
            circonscription: self.circonscription.clone(),
            commune: self.commune.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CommandeReferentiel {
    /// Lister toutes les versions publiées connues (intégrées ou importées).
    #[command(help_template = GABARIT)]
    Lister {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Afficher un référentiel : ecole (1er degré) ou eple (2nd degré).
    #[command(help_template = GABARIT)]
    Afficher {
        /// ecole ou eple.
        #[arg(value_name = "ID")]
        id: String,
        /// Version, par exemple 2026.1 (par défaut la plus récente).
        #[arg(long)]
        version: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Écrire la grille imprimable (PDF) d’un référentiel : domaines, items,
    /// les trois niveaux avec leurs éléments observables, une case à cocher
    /// et un cadre pour les notes, pour préparer un atelier sur papier.
    #[command(help_template = GABARIT)]
    Imprimer {
        /// ecole ou eple.
        #[arg(value_name = "ID")]
        id: String,
        /// Version, par exemple 2026.1 (par défaut la plus récente).
        #[arg(long)]
        version: Option<String>,
        /// Dossier où écrire la grille, ou chemin d’un fichier .pdf (par défaut le dossier courant).
        #[arg(long, value_name = "DOSSIER_OU_FICHIER")]
        sortie: Option<PathBuf>,
    },
    /// Vérifier un fichier de référentiel (JSON) sans l’installer : forme,
    /// publication et correspondance depuis la version précédente.
    #[command(help_template = GABARIT)]
    Verifier {
        #[arg(value_name = "FICHIER")]
        fichier: PathBuf,
    },
    /// Installer une version publiée plus récente, lue dans un fichier ;
    /// une version déjà connue n’est jamais remplacée.
    #[command(help_template = GABARIT)]
    Importer {
        #[arg(value_name = "FICHIER")]
        fichier: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeDiagnostic {
    /// Créer le diagnostic d’une année scolaire (par défaut l’année en cours).
    #[command(help_template = GABARIT)]
    Creer {
        /// Année scolaire, par exemple 2025-2026.
        #[arg(long)]
        annee: Option<String>,
        /// Partir des réponses de l’année scolaire précédente (lues à travers
        /// la correspondance si le référentiel a changé de version).
        #[arg(long)]
        reprendre_annee_precedente: bool,
        /// Montrer ce qui serait repris et ce qui ne le serait pas, sans rien créer.
        #[arg(long)]
        apercu: bool,
    },
    /// Passer un diagnostic à la version la plus récente de son référentiel ;
    /// un diagnostic finalisé ou déjà exporté donne une nouvelle révision.
    #[command(help_template = GABARIT)]
    ChangerVersion {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
        /// Montrer ce qui changerait, sans rien modifier.
        #[arg(long)]
        apercu: bool,
    },
    /// Lister les diagnostics, de l’année la plus récente à la plus ancienne.
    #[command(help_template = GABARIT)]
    Lister {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Afficher un diagnostic, ses résultats et son évolution.
    #[command(help_template = GABARIT)]
    Afficher {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Répondre à un item : NIVEAU vaut 1, 2, 3, aucun ou na (non applicable,
    /// là où le référentiel le prévoit).
    #[command(help_template = GABARIT)]
    Repondre {
        /// Identifiant de l’item, par exemple PIL-1.
        #[arg(value_name = "ITEM")]
        item: String,
        /// 1, 2, 3, aucun (aucun niveau atteint) ou na (non applicable).
        #[arg(value_name = "NIVEAU")]
        niveau: String,
        /// Commentaire (1 000 caractères au plus ; texte vide pour le supprimer).
        #[arg(long)]
        commentaire: Option<String>,
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
    },
    /// Remettre un item à « non renseigné » (son commentaire est supprimé).
    #[command(help_template = GABARIT)]
    Effacer {
        #[arg(value_name = "ITEM")]
        item: String,
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
    },
    /// Finaliser : verrouiller les réponses (tous les items doivent être renseignés).
    #[command(help_template = GABARIT)]
    Finaliser {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
    },
    /// Rouvrir un diagnostic finalisé : une nouvelle révision devient modifiable.
    #[command(help_template = GABARIT)]
    Rouvrir {
        /// Année scolaire (par défaut la plus récente).
        #[arg(long)]
        annee: Option<String>,
    },
}

mod dane;
mod erreurs;

pub use dane::{CommandeAnnuaire, CommandeDane, CommandeReperesDane, FormatSynthese, OptionsSynthese, Par};
pub use erreurs::erreur_de_ligne_de_commande;
