// Display helpers shared by the screens, French conventions.
import type { Reponse } from "./bindings/Reponse";

/** The answer a level chosen on screen stands for: 0 is « aucun niveau atteint ». */
export function reponse(niveau: number): Reponse {
  return niveau === 0 ? "aucun" : niveau === 1 ? "1" : niveau === 2 ? "2" : "3";
}

/** "2026-03-12T10:00:00Z" → "12/03/2026 à 10:00" in the computer's time zone. */
export function dateHeure(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  const date = d.toLocaleDateString("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric" });
  const heure = d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" });
  return `${date} à ${heure}`;
}

/** 275 → "2,75"; null → "—". */
export function maturite(centiemes: number | null): string {
  if (centiemes === null) return "—";
  return `${Math.floor(centiemes / 100)},${String(centiemes % 100).padStart(2, "0")}`;
}

/** 0 → "Aucun niveau", 2 → "Niveau 2", null → "—". */
export function niveau(n: number | null): string {
  if (n === null) return "—";
  return n === 0 ? "Aucun niveau" : `Niveau ${n}`;
}

/** "16 items sur 20" with French plural rules. */
export function avancement(repondus: number, total: number): string {
  return `${repondus} item${repondus > 1 ? "s" : ""} sur ${total}`;
}

/** A French noun phrase agreed with `n` (singular for 0 and 1): `pluriel(3, "ligne lue", "lignes lues")`; the plural defaults to the singular + « s ». */
export function pluriel(n: number, singulier: string, pluriel: string = `${singulier}s`): string {
  return n > 1 ? pluriel : singulier;
}
