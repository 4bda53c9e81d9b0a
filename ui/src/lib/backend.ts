// The one module through which the UI calls the Rust side. Each function
// mirrors a command of src-tauri/src/commandes.rs, with the same name.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";
import type { DiagnosticResume } from "./bindings/DiagnosticResume";
import type { EtablissementDto } from "./bindings/EtablissementDto";

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
  return {
    kind: "base_de_donnees",
    message: `L’application n’a pas pu répondre : ${String(e)}.`,
  };
}

export const etablissement = () => appeler<EtablissementDto | null>("etablissement");
export const diagnostics = () => appeler<DiagnosticResume[]>("diagnostics");
export const dossierDonnees = () => appeler<string>("dossier_donnees");
