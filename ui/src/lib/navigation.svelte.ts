/** An action the referential suggests, opened in the plan's form to be edited. */
export interface SuggestionAction {
  itemId: string;
  niveauCible: number;
  action: string;
}

// Which screen is shown. The app has no URLs: a small state object is enough,
// and every screen change moves the focus to the new screen's heading.
export type Ecran =
  | { nom: "accueil" }
  | { nom: "etablissement" }
  | { nom: "questionnaire"; annee: string; domaine?: string }
  | { nom: "resultats"; annee: string }
  | { nom: "plan"; annee: string; suggestion?: SuggestionAction }
  | { nom: "export"; annee: string }
  | { nom: "atelier"; annee: string }
  | { nom: "parametres" }
  | { nom: "dane" }
  | { nom: "dane-territoire" }
  | { nom: "dane-etablissement"; uai: string };

class Navigation {
  ecran: Ecran = $state({ nom: "accueil" });

  aller(ecran: Ecran) {
    this.ecran = ecran;
  }
}

export const navigation = new Navigation();
