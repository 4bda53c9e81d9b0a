// The one place the page calls Rust: the generated client of lib/commandes/
// (one module per area of src-tauri/src/liste_commandes.rs) goes through it.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./bindings/ApiError";

/** Any failure reaches the screens as an ApiError ({ kind, message }). */
export async function appeler<T>(commande: string, args?: Record<string, unknown>): Promise<T> {
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
