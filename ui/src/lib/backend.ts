// Every command the screens may call, from the client generated out of
// src-tauri/src/liste_commandes.rs (one module per area, same names).
export * from "./commandes/etablissement";
export * from "./commandes/diagnostic";
export * from "./commandes/echange";
export * from "./commandes/dane";
export * from "./commandes/atelier";
export { enErreurApi } from "./appel";
