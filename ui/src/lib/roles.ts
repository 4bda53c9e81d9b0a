// Roles proposed for the person in charge of an action: a role, never a name.
export const ROLES = [
  "Chef d’établissement",
  "Adjoint",
  "Directeur d’école",
  "Référent numérique",
  "RUPN",
  "ERUN",
  "Équipe enseignante",
  "CPE",
  "Professeur documentaliste",
  "Conseil pédagogique",
  "Conseil des maîtres",
  "Collectivité (commune, département, région)",
];

export const STATUTS_ACTION = [
  { code: "a-faire", libelle: "À faire" },
  { code: "en-cours", libelle: "En cours" },
  { code: "fait", libelle: "Fait" },
  { code: "abandonne", libelle: "Abandonné" },
];
