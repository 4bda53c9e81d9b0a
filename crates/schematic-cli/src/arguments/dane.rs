//! `schematic dane …`: the DANE space's commands and their options.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::GABARIT;

#[derive(Debug, Subcommand)]
pub enum CommandeDane {
    /// Où l’espace DANE garde ses données : le fichier SQLite de ce dossier de données (par
    /// défaut), ou un serveur PostgreSQL partagé par l’équipe. Sans argument : l’afficher.
    #[command(help_template = GABARIT)]
    Base {
        /// Adresse du serveur : postgres://utilisateur@serveur/base[?sslmode=require]. Jamais de
        /// mot de passe dans l’adresse : il est lu dans le fichier .pgpass de PostgreSQL, ou dans
        /// PGPASSWORD.
        #[arg(value_name = "ADRESSE", conflicts_with = "locale")]
        adresse: Option<String>,
        /// Revenir au fichier SQLite de ce dossier de données (rien n’est copié).
        #[arg(long)]
        locale: bool,
    },
    /// Afficher la clé publique de la DANE (créée au premier besoin) et son empreinte.
    #[command(help_template = GABARIT)]
    Cle {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
        /// Écrire aussi la clé publique dans ce fichier, pour d’autres vérificateurs
        /// (« schematic verifier --cle-dane FICHIER »).
        #[arg(long, value_name = "FICHIER")]
        exporter: Option<PathBuf>,
        /// Écrire la clé PRIVÉE de la DANE dans ce nouveau fichier : pour la sauvegarder, ou la
        /// donner délibérément à un autre conseiller de l’équipe (à garder comme un secret).
        #[arg(long, value_name = "FICHIER", conflicts_with = "importer")]
        sauvegarder: Option<PathBuf>,
        /// Installer sur ce poste la clé de la DANE sauvegardée dans ce fichier (seulement si ce
        /// poste n’en a pas, et seulement la clé de l’espace partagé).
        #[arg(long, value_name = "FICHIER")]
        importer: Option<PathBuf>,
    },
    /// Copier l’espace DANE de ce poste vers un serveur PostgreSQL (pour travailler en équipe) :
    /// chaque enveloppe conservée est vérifiée de nouveau ; relancée, la copie n’écrit rien de plus.
    #[command(help_template = GABARIT)]
    Migrer {
        /// Adresse du serveur : postgres://utilisateur@serveur/base (mot de passe dans .pgpass ou PGPASSWORD).
        #[arg(long, value_name = "ADRESSE")]
        vers: String,
        /// Une fois la copie faite, utiliser ce serveur sur ce poste.
        #[arg(long)]
        utiliser: bool,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Examiner des demandes d’enrôlement sans rien émettre : UAI, nom dans l’annuaire,
    /// empreinte de la clé (à confirmer avec l’établissement), état.
    #[command(help_template = GABARIT)]
    Examiner {
        #[arg(value_name = "DEMANDE", required = true)]
        demandes: Vec<PathBuf>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Enrôler des établissements : vérifier leurs demandes et écrire leurs certificats.
    #[command(help_template = GABARIT)]
    Enroler {
        #[arg(value_name = "DEMANDE", required = true)]
        demandes: Vec<PathBuf>,
        /// Dossier où écrire les certificats (par défaut le dossier courant).
        #[arg(long, value_name = "DOSSIER")]
        sortie: Option<PathBuf>,
        /// Durée de validité des certificats, en années (1 à 10).
        #[arg(long, value_name = "ANS", default_value_t = schematic_api::dane::DUREE_PAR_DEFAUT)]
        duree: u16,
    },
    /// Révoquer les clés enrôlées d’un établissement.
    #[command(help_template = GABARIT)]
    Revoquer {
        #[arg(value_name = "UAI")]
        uai: String,
        /// Date à partir de laquelle la clé est refusée (AAAA-MM-JJ ; par défaut aujourd’hui).
        #[arg(long, value_name = "DATE")]
        a_partir_du: Option<String>,
    },
    /// Annuaire de l’éducation : la liste des établissements du territoire.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Annuaire {
        #[command(subcommand)]
        commande: CommandeAnnuaire,
    },
    /// Importer des diagnostics signés : fichiers JSON ou rapports PDF, dossiers
    /// parcourus récursivement. Chaque fichier reçoit un statut ; code de sortie 0
    /// si aucun fichier n’est refusé, 10 sinon.
    #[command(help_template = GABARIT)]
    Importer {
        #[arg(value_name = "CHEMIN", required = true)]
        chemins: Vec<PathBuf>,
        /// Écrire le rapport d’import (un fichier par ligne, avec son statut) en CSV.
        #[arg(long, value_name = "FICHIER")]
        rapport: Option<PathBuf>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Synthèse interne par territoire, avec les diagnostics non enrôlés (à ne pas diffuser telle quelle).
    #[command(help_template = GABARIT)]
    Synthese(OptionsSynthese),
    /// Chiffres diffusables par territoire : secret statistique appliqué (moins de
    /// 5 établissements), diagnostics non enrôlés exclus.
    #[command(help_template = GABARIT)]
    Publier(OptionsSynthese),
    /// Repères territoriaux : les chiffres des établissements semblables que les établissements
    /// comparent à leurs résultats.
    #[command(help_template = GABARIT, subcommand_help_heading = "Commandes", subcommand_value_name = "COMMANDE")]
    Reperes {
        #[command(subcommand)]
        commande: CommandeReperesDane,
    },
    /// Vérifier de nouveau chaque diagnostic importé depuis son enveloppe signée conservée.
    #[command(help_template = GABARIT)]
    Reverifier {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Un établissement vu par la DANE : annuaire et diagnostics importés, avec leurs résultats.
    #[command(help_template = GABARIT)]
    Etablissement {
        #[arg(value_name = "UAI")]
        uai: String,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeReperesDane {
    /// Publier les repères d’une année, signés avec la clé de la DANE : par famille
    /// d’établissements et par département, académie et région académique, secret statistique
    /// appliqué, diagnostics non enrôlés exclus. Le fichier est à diffuser aux établissements.
    #[command(help_template = GABARIT)]
    Publier {
        /// Année scolaire (par défaut la plus récente importée).
        #[arg(long, value_name = "AAAA-AAAA")]
        annee: Option<String>,
        /// Dossier ou fichier où écrire les repères (par défaut le dossier courant).
        #[arg(long, value_name = "CHEMIN")]
        sortie: Option<PathBuf>,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommandeAnnuaire {
    /// Importer l’annuaire de l’éducation (CSV national, séparateur « ; » ou « , »,
    /// UTF-8 ou Windows-1252) et, en option, les circonscriptions (CSV
    /// « uai;circonscription »). Remplacer un annuaire par un beaucoup plus petit,
    /// ou par un fichier dont plus de 1 % des lignes sont ignorées, demande
    /// --remplacer (code de sortie 7 sans lui : rien n’est modifié).
    #[command(help_template = GABARIT)]
    Importer {
        #[arg(value_name = "CSV")]
        fichier: PathBuf,
        #[arg(long, value_name = "CSV")]
        circonscriptions: Option<PathBuf>,
        /// Confirmer le remplacement de l’annuaire actuel même s’il perd beaucoup
        /// d’établissements ou si beaucoup de lignes sont ignorées.
        #[arg(long)]
        remplacer: bool,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Par {
    Academie,
    Departement,
    Circonscription,
    Type,
    Etablissement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatSynthese {
    Texte,
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct OptionsSynthese {
    /// Regroupement des établissements.
    #[arg(long, value_enum, default_value = "academie")]
    pub par: Par,
    /// Année scolaire (par défaut la plus récente importée).
    #[arg(long, value_name = "AAAA-AAAA")]
    pub annee: Option<String>,
    /// Se limiter à une académie (son nom : « Bordeaux »).
    #[arg(long, value_name = "NOM")]
    pub academie: Option<String>,
    /// Se limiter à un département (son code : 33, 2A, 974).
    #[arg(long, value_name = "CODE")]
    pub departement: Option<String>,
    /// Se limiter à une circonscription.
    #[arg(long, value_name = "NOM")]
    pub circonscription: Option<String>,
    /// Se limiter à un type : ecole, college, lycee, erea, autre.
    #[arg(long = "type", value_name = "TYPE")]
    pub famille: Option<String>,
    /// Format de sortie ; csv (Excel français) et xlsx demandent --sortie.
    #[arg(long, value_enum, default_value = "texte")]
    pub format: FormatSynthese,
    /// Fichier à écrire (pour csv, un second fichier « …-items.csv » est écrit à côté).
    #[arg(long, value_name = "FICHIER")]
    pub sortie: Option<PathBuf>,
}
