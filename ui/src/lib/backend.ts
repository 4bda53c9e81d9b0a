// The one module through which the UI calls the Rust side. Each function
// mirrors a command of src-tauri/src/commandes.rs, with the same name.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ActionDto } from "./bindings/ActionDto";
import type { AtelierDto } from "./bindings/AtelierDto";
import type { ContributionDto } from "./bindings/ContributionDto";
import type { ItemAtelierDto } from "./bindings/ItemAtelierDto";
import type { ParticipantDto } from "./bindings/ParticipantDto";
import type { RoleParticipantDto } from "./bindings/RoleParticipantDto";
import type { AnnuaireImportDto } from "./bindings/AnnuaireImportDto";
import type { DemandeExamineeDto } from "./bindings/DemandeExamineeDto";
import type { EnrolementDto } from "./bindings/EnrolementDto";
import type { EtablissementDaneDto } from "./bindings/EtablissementDaneDto";
import type { BaseDaneDto } from "./bindings/BaseDaneDto";
import type { MigrationDaneDto } from "./bindings/MigrationDaneDto";
import type { EtatDaneDto } from "./bindings/EtatDaneDto";
import type { FichiersDto } from "./bindings/FichiersDto";
import type { ImportDto } from "./bindings/ImportDto";
import type { ProgressionDto } from "./bindings/ProgressionDto";
import type { RadarDto } from "./bindings/RadarDto";
import type { RequeteSyntheseDto } from "./bindings/RequeteSyntheseDto";
import type { SyntheseDto } from "./bindings/SyntheseDto";
import type { ApiError } from "./bindings/ApiError";
import type { ApercuVersionDto } from "./bindings/ApercuVersionDto";
import type { ReferentielImporteDto } from "./bindings/ReferentielImporteDto";
import type { AProposDto } from "./bindings/AProposDto";
import type { CleDto } from "./bindings/CleDto";
import type { CertificatDto } from "./bindings/CertificatDto";
import type { ExportDto } from "./bindings/ExportDto";
import type { OptionsPlanDto } from "./bindings/OptionsPlanDto";
import type { DiagnosticDetail } from "./bindings/DiagnosticDetail";
import type { DiagnosticResume } from "./bindings/DiagnosticResume";
import type { EffacementDto } from "./bindings/EffacementDto";
import type { EtablissementDto } from "./bindings/EtablissementDto";
import type { PreferencesDto } from "./bindings/PreferencesDto";
import type { ReferentielDto } from "./bindings/ReferentielDto";
import type { ReponseDto } from "./bindings/ReponseDto";
import type { SaisieActionDto } from "./bindings/SaisieActionDto";
import type { SaisieEtablissementDto } from "./bindings/SaisieEtablissementDto";
import type { TypeEtablissementDto } from "./bindings/TypeEtablissementDto";
import type { VerificationUaiDto } from "./bindings/VerificationUaiDto";

/** Any failure reaches the screens as an ApiError ({ kind, message }). */
async function appeler<T>(commande: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(commande, args);
  } catch (e) {
    throw enErreurApi(e);
  }
}

export function enErreurApi(e: unknown): ApiError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    return e as ApiError;
  }
  return { kind: "base_de_donnees", message: `L’application n’a pas pu répondre : ${String(e)}.` };
}

export const etablissement = () => appeler<EtablissementDto | null>("etablissement");
export const definirEtablissement = (saisie: SaisieEtablissementDto) =>
  appeler<EtablissementDto>("definir_etablissement", { saisie });
export const verifierUai = (saisie: string) => appeler<VerificationUaiDto>("verifier_uai", { saisie });
export const typesEtablissement = () => appeler<TypeEtablissementDto[]>("types_etablissement");
export const anneeEnCours = () => appeler<string>("annee_en_cours");

export const diagnostics = () => appeler<DiagnosticResume[]>("diagnostics");
export const creerDiagnostic = (annee: string | null, reprendre: boolean) =>
  appeler<DiagnosticResume>("creer_diagnostic", { annee, reprendre });
export const apercuCreation = (annee: string | null, reprendre: boolean) =>
  appeler<ApercuVersionDto>("apercu_creation", { annee, reprendre });
export const apercuChangementVersion = (annee: string) =>
  appeler<ApercuVersionDto>("apercu_changement_version", { annee });
export const changerVersion = (annee: string) => appeler<DiagnosticResume>("changer_version", { annee });
export const importerReferentiel = (chemin: string) =>
  appeler<ReferentielImporteDto>("importer_referentiel", { chemin });
export const diagnostic = (annee: string) => appeler<DiagnosticDetail>("diagnostic", { annee });
export const imprimerReferentiel = (id: string, version: string | null, dossier: string) =>
  appeler<string>("imprimer_referentiel", { id, version, dossier });
export const referentielDuDiagnostic = (annee: string) =>
  appeler<ReferentielDto>("referentiel_du_diagnostic", { annee });
export const repondre = (annee: string, item: string, niveau: string) =>
  appeler<ReponseDto>("repondre", { annee, item, niveau });
export const commenter = (annee: string, item: string, commentaire: string) =>
  appeler<ReponseDto>("commenter", { annee, item, commentaire });
export const effacer = (annee: string, item: string) => appeler<EffacementDto>("effacer", { annee, item });
export const finaliser = (annee: string) => appeler<DiagnosticResume>("finaliser", { annee });
export const rouvrir = (annee: string) => appeler<DiagnosticResume>("rouvrir", { annee });

export const planAction = (annee: string) => appeler<ActionDto[]>("plan_action", { annee });
export const enregistrerAction = (annee: string, saisie: SaisieActionDto) =>
  appeler<ActionDto>("enregistrer_action", { annee, saisie });
export const supprimerAction = (annee: string, id: number) => appeler<null>("supprimer_action", { annee, id });

export const preferences = () => appeler<PreferencesDto>("preferences");
export const definirPreferences = (preferences: PreferencesDto) =>
  appeler<PreferencesDto>("definir_preferences", { preferences });
export const aPropos = () => appeler<AProposDto>("a_propos");
export const cle = () => appeler<CleDto>("cle");
export const dossierExportParDefaut = () => appeler<string | null>("dossier_export_par_defaut");
export const exporter = (annee: string, json: boolean, pdf: boolean, commentaires: boolean, dossier: string) =>
  appeler<ExportDto>("exporter", { annee, json, pdf, commentaires, dossier });
export const demandeEnrolement = (dossier: string) => appeler<string>("demande_enrolement", { dossier });
export const importerCertificat = (chemin: string) => appeler<CertificatDto>("importer_certificat", { chemin });
export const certificat = () => appeler<CertificatDto | null>("certificat");
export const optionsPlan = () => appeler<OptionsPlanDto>("options_plan");

// ---- DANE space ----
export const baseDane = () => appeler<BaseDaneDto>("base_dane");
/** `adresse` null: back to this PC's file. The password is never stored. */
export const definirBaseDane = (adresse: string | null, motDePasse: string | null) =>
  appeler<BaseDaneDto>("definir_base_dane", { adresse, motDePasse });
export const migrerEspaceDane = (adresse: string, motDePasse: string | null) =>
  appeler<MigrationDaneDto>("migrer_espace_dane", { adresse, motDePasse });
export const etatDane = () => appeler<EtatDaneDto>("etat_dane");
export const cleDane = () => appeler<CleDto>("cle_dane");
export const exporterCleDane = (dossier: string) => appeler<string>("exporter_cle_dane", { dossier });
export const examinerDemande = (demande: string) => appeler<DemandeExamineeDto>("examiner_demande", { demande });
export const enroler = (demande: string, dossier: string) => appeler<EnrolementDto>("enroler", { demande, dossier });
export const revoquer = (uai: string, aPartirDu: string | null) =>
  appeler<number>("revoquer", { uai, aPartirDu });
/** Without `remplacer`, a replacement that loses many establishments or rows is not applied: the answer says why. */
export const importerAnnuaire = (annuaire: string, circonscriptions: string | null, remplacer = false) =>
  appeler<AnnuaireImportDto>("importer_annuaire", { annuaire, circonscriptions, remplacer });
/** Long-running: `progression` is called as batches of files are verified. */
export function importerDiagnostics(chemins: string[], progression: (p: ProgressionDto) => void) {
  const canal = new Channel<ProgressionDto>();
  canal.onmessage = progression;
  return appeler<ImportDto>("importer_diagnostics", { chemins, canal });
}
export const exporterRapportImport = (importId: number, dossier: string) =>
  appeler<string>("exporter_rapport_import", { import: importId, dossier });
export const synthese = (requete: RequeteSyntheseDto) => appeler<SyntheseDto>("synthese", { requete });
export const exporterSynthese = (requete: RequeteSyntheseDto, format: string, dossier: string) =>
  appeler<FichiersDto>("exporter_synthese", { requete, format, dossier });
export const radarTerritoire = (valeurs: (number | null)[], reference: (number | null)[]) =>
  appeler<RadarDto>("radar_territoire", { valeurs, reference });
export const etablissementDane = (uai: string) => appeler<EtablissementDaneDto>("etablissement_dane", { uai });

// ---- Workshop ----
export const rolesParticipant = () => appeler<RoleParticipantDto[]>("roles_participant");
export const atelier = (annee: string) => appeler<AtelierDto>("atelier", { annee });
export const ajouterParticipant = (annee: string, role: string, prenom: string) =>
  appeler<ParticipantDto>("ajouter_participant", { annee, role, prenom });
export const supprimerParticipant = (annee: string, id: number) =>
  appeler<null>("supprimer_participant", { annee, id });
export const purgerPrenoms = () => appeler<number>("purger_prenoms");
export const voter = (annee: string, participant: number, item: string, niveau: string | null) =>
  appeler<ItemAtelierDto>("voter", { annee, participant, item, niveau });
export const definirConsensus = (annee: string, item: string, niveau: string, note: string) =>
  appeler<ItemAtelierDto>("definir_consensus", { annee, item, niveau, note });
export const exporterContribution = (annee: string, role: string, dossier: string) =>
  appeler<string>("exporter_contribution", { annee, role, dossier });
export const importerContribution = (annee: string, chemin: string) =>
  appeler<ContributionDto>("importer_contribution", { annee, chemin });
