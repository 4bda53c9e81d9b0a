// The native folder and file pickers (Tauri dialog plugin). Mirrored by the
// `dialog:allow-open` permission of src-tauri/capabilities/default.json.
import { open } from "@tauri-apps/plugin-dialog";

/** Lets the user pick a folder; `null` when cancelled. */
export async function choisirDossier(titre: string, depart?: string): Promise<string | null> {
  const choix = await open({ directory: true, multiple: false, title: titre, defaultPath: depart });
  return typeof choix === "string" ? choix : null;
}

/** Lets the user pick one JSON file; `null` when cancelled. */
export async function choisirFichierJson(titre: string): Promise<string | null> {
  const choix = await open({
    directory: false,
    multiple: false,
    title: titre,
    filters: [{ name: "Fichier JSON", extensions: ["json"] }],
  });
  return typeof choix === "string" ? choix : null;
}

/** Lets the user pick one or several files of the given kinds; empty when cancelled. */
export async function choisirFichiers(titre: string, nom: string, extensions: string[]): Promise<string[]> {
  const choix = await open({ directory: false, multiple: true, title: titre, filters: [{ name: nom, extensions }] });
  if (choix === null) return [];
  return Array.isArray(choix) ? choix : [choix];
}
