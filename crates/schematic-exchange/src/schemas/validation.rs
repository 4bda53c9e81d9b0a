//! A validator for the subset of JSON Schema 2020-12 our published schemas
//! use, with French messages that name the field. It refuses, when a schema is
//! compiled, any keyword it does not implement: a schema can never say more
//! than this code checks.
//!
//! Why not a general JSON Schema crate: this subset is small, its messages
//! must be French sentences for users, and a compiled schema (patterns
//! included) is reused across the thousands of files of a DANE import.

use regex::Regex;
use serde_json::Value;

/// Where a document departs from its schema, and how, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ecart {
    /// `etablissement.uai`, `plan_action[0].echeance`; empty for the root.
    pub chemin: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Chaine,
    Entier,
    Objet,
    Tableau,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Uai,
    Date,
    DateHeure,
}

#[derive(Debug, Clone)]
enum Autres {
    Interdites,
    Schema(Box<Schema>),
}

/// A compiled schema.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    description: Option<String>,
    genre: Option<Type>,
    constante: Option<Value>,
    valeurs: Option<Vec<Value>>,
    motif: Option<Regex>,
    format: Option<Format>,
    longueur_min: Option<usize>,
    longueur_max: Option<usize>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    requis: Vec<String>,
    proprietes: Vec<(String, Schema)>,
    autres: Option<Autres>,
    noms: Option<Box<Schema>>,
    proprietes_max: Option<usize>,
    elements: Option<Box<Schema>>,
    elements_min: Option<usize>,
    elements_max: Option<usize>,
    uniques: bool,
    un_parmi: Vec<Schema>,
}

impl Schema {
    /// Compiles a schema; `$ref`s point into its `$defs`.
    ///
    /// # Panics
    /// On a keyword this validator does not implement: the published schemas
    /// are built by this crate, so that is a programming error.
    pub fn compiler(racine: &Value) -> Self {
        compiler(racine, racine)
    }

    /// Checks `document`; the first departure found.
    pub fn valider(&self, document: &Value) -> Result<(), Ecart> {
        self.verifier(document, &mut Vec::new())
    }

    fn ecart(&self, chemin: &[Segment<'_>], detail: &str) -> Ecart {
        let chemin = ecrire_chemin(chemin);
        let attendu = self.description.as_deref().map(|d| format!(" : attendu {d}")).unwrap_or_default();
        let message = if chemin.is_empty() {
            format!("{detail}{attendu}")
        } else {
            format!("le champ « {chemin} » {detail}{attendu}")
        };
        Ecart { chemin, message }
    }

    fn verifier<'v>(&self, v: &'v Value, chemin: &mut Vec<Segment<'v>>) -> Result<(), Ecart> {
        if !self.un_parmi.is_empty() {
            let justes = self.un_parmi.iter().filter(|s| s.verifier(v, &mut Vec::new()).is_ok()).count();
            if justes != 1 {
                return Err(self.ecart(chemin, &format!("vaut {}", apercu(v))));
            }
        }
        if let Some(c) = &self.constante
            && v != c
        {
            return Err(self.ecart(chemin, &format!("vaut {}", apercu(v))));
        }
        if let Some(valeurs) = &self.valeurs
            && !valeurs.contains(v)
        {
            return Err(self.ecart(chemin, &format!("vaut {}, qui n’est pas dans la liste prévue", apercu(v))));
        }
        if let Some(t) = self.genre
            && !a_le_type(v, t)
        {
            return Err(self.ecart(chemin, &format!("est {} au lieu {}", nature(v), de_type(t))));
        }
        match v {
            Value::String(s) => self.verifier_chaine(s, chemin),
            Value::Number(_) => self.verifier_nombre(v, chemin),
            Value::Object(o) => self.verifier_objet(o, chemin),
            Value::Array(a) => self.verifier_tableau(a, chemin),
            _ => Ok(()),
        }
    }

    fn verifier_chaine(&self, s: &str, chemin: &[Segment<'_>]) -> Result<(), Ecart> {
        let n = s.chars().count();
        if let Some(min) = self.longueur_min
            && n < min
        {
            return Err(self.ecart(chemin, &format!("compte {n} caractère(s), moins que les {min} requis")));
        }
        if let Some(max) = self.longueur_max
            && n > max
        {
            return Err(self.ecart(chemin, &format!("compte {n} caractères, plus que les {max} permis")));
        }
        if let Some(m) = &self.motif
            && !m.is_match(s)
        {
            return Err(self.ecart(chemin, &format!("vaut {}", apercu_texte(s))));
        }
        if let Some(f) = self.format
            && !format_valide(f, s)
        {
            return Err(self.ecart(chemin, &format!("vaut {}", apercu_texte(s))));
        }
        Ok(())
    }

    fn verifier_nombre(&self, v: &Value, chemin: &[Segment<'_>]) -> Result<(), Ecart> {
        let x = v.as_f64().unwrap_or(f64::NAN);
        if x.is_nan() || self.minimum.is_some_and(|m| x < m) || self.maximum.is_some_and(|m| x > m) {
            return Err(self.ecart(chemin, &format!("vaut {v}, hors des bornes")));
        }
        Ok(())
    }

    fn verifier_objet<'v>(
        &self,
        o: &'v serde_json::Map<String, Value>,
        chemin: &mut Vec<Segment<'v>>,
    ) -> Result<(), Ecart> {
        for r in &self.requis {
            if !o.contains_key(r) {
                let ici = joindre(&ecrire_chemin(chemin), r);
                return Err(Ecart { message: format!("le champ « {ici} » manque"), chemin: ici });
            }
        }
        if let Some(max) = self.proprietes_max
            && o.len() > max
        {
            return Err(self.ecart(chemin, &format!("a {} entrées, plus que les {max} permises", o.len())));
        }
        for (nom, valeur) in o {
            if let Some(noms) = &self.noms
                && !noms.accepte_nom(nom)
            {
                let ici = ecrire_chemin(chemin);
                let attendu = noms.description.as_deref().map(|d| format!(" : attendu {d}")).unwrap_or_default();
                return Err(Ecart {
                    message: format!("la clé « {nom} » n’est pas permise dans « {ici} »{attendu}"),
                    chemin: joindre(&ici, nom),
                });
            }
            let schema = match self.proprietes.iter().find(|(n, _)| n == nom) {
                Some((_, s)) => Some(s),
                None => match &self.autres {
                    Some(Autres::Interdites) => {
                        let ici = joindre(&ecrire_chemin(chemin), nom);
                        return Err(Ecart {
                            message: format!("le champ « {ici} » n’est pas prévu par le format"),
                            chemin: ici,
                        });
                    }
                    Some(Autres::Schema(s)) => Some(&**s),
                    None => None,
                },
            };
            if let Some(s) = schema {
                chemin.push(Segment::Cle(nom));
                s.verifier(valeur, chemin)?;
                chemin.pop();
            }
        }
        Ok(())
    }

    /// Does a property name pass `propertyNames` (a string schema)?
    fn accepte_nom(&self, nom: &str) -> bool {
        self.valeurs.as_ref().is_none_or(|v| v.iter().any(|x| x.as_str() == Some(nom)))
            && self.verifier_chaine(nom, &[]).is_ok()
    }

    fn verifier_tableau<'v>(&self, a: &'v [Value], chemin: &mut Vec<Segment<'v>>) -> Result<(), Ecart> {
        if let Some(min) = self.elements_min
            && a.len() < min
        {
            return Err(self.ecart(chemin, &format!("a {} élément(s), moins que les {min} requis", a.len())));
        }
        if let Some(max) = self.elements_max
            && a.len() > max
        {
            return Err(self.ecart(chemin, &format!("a {} éléments, plus que les {max} permis", a.len())));
        }
        if self.uniques
            && let Some((i, v)) = a.iter().enumerate().find(|(i, v)| a[..*i].contains(v))
        {
            return Err(self.ecart(chemin, &format!("contient {} deux fois (position {i})", apercu(v))));
        }
        if let Some(s) = &self.elements {
            for (i, v) in a.iter().enumerate() {
                chemin.push(Segment::Rang(i));
                s.verifier(v, chemin)?;
                chemin.pop();
            }
        }
        Ok(())
    }
}

/// One step of the path to a value, written only when there is something to say.
#[derive(Debug, Clone, Copy)]
enum Segment<'v> {
    Cle(&'v str),
    Rang(usize),
}

/// `plan_action[0].echeance`.
fn ecrire_chemin(chemin: &[Segment<'_>]) -> String {
    let mut s = String::new();
    for segment in chemin {
        match segment {
            Segment::Cle(c) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(c);
            }
            Segment::Rang(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

fn joindre(chemin: &str, nom: &str) -> String {
    if chemin.is_empty() { nom.to_string() } else { format!("{chemin}.{nom}") }
}

fn a_le_type(v: &Value, t: Type) -> bool {
    match t {
        Type::Chaine => v.is_string(),
        // JSON Schema: a number without a fractional part is an integer.
        Type::Entier => v.as_f64().is_some_and(|x| x.fract() == 0.0),
        Type::Objet => v.is_object(),
        Type::Tableau => v.is_array(),
    }
}

fn nature(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "un booléen",
        Value::Number(_) => "un nombre",
        Value::String(_) => "une chaîne",
        Value::Array(_) => "un tableau",
        Value::Object(_) => "un objet",
    }
}

fn de_type(t: Type) -> &'static str {
    match t {
        Type::Chaine => "d’une chaîne",
        Type::Entier => "d’un entier",
        Type::Objet => "d’un objet",
        Type::Tableau => "d’un tableau",
    }
}

fn apercu_texte(s: &str) -> String {
    let court: String = s.chars().take(40).collect();
    if court.len() < s.len() { format!("« {court}… »") } else { format!("« {court} »") }
}

fn apercu(v: &Value) -> String {
    match v {
        Value::String(s) => apercu_texte(s),
        Value::Object(_) => "un objet".into(),
        Value::Array(_) => "un tableau".into(),
        autre => autre.to_string(),
    }
}

/// `date`: RFC 3339 `full-date`, a real calendar day.
pub(super) fn date_reelle(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let nombre = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())?
    };
    let (Some(a), Some(m), Some(j)) = (nombre(0..4), nombre(5..7), nombre(8..10)) else { return false };
    schematic_core::annee::jours_du_mois(a, m).is_some_and(|jours| (1..=jours).contains(&j))
}

/// `date-time`, restricted by the schemas' patterns to `AAAA-MM-JJTHH:MM:SSZ`:
/// here the day must be real (the pattern bounds hours, minutes and seconds).
fn date_heure(s: &str) -> bool {
    s.len() == 20 && s.as_bytes()[10] == b'T' && date_reelle(&s[..10])
}

fn format_valide(f: Format, s: &str) -> bool {
    match f {
        Format::Uai => schematic_core::Uai::parse(s).is_ok_and(|u| u.as_str() == s),
        Format::Date => date_reelle(s),
        Format::DateHeure => date_heure(s),
    }
}

fn compiler(racine: &Value, v: &Value) -> Schema {
    let o = v.as_object().expect("a schema is an object");
    if let Some(Value::String(r)) = o.get("$ref") {
        let nom = r.strip_prefix("#/$defs/").expect("only local $defs references");
        let cible = &racine["$defs"][nom];
        assert!(cible.is_object(), "unknown $ref {r}");
        let mut s = compiler(racine, cible);
        if let Some(Value::String(d)) = o.get("description") {
            s.description = Some(d.clone());
        }
        return s;
    }
    let mut s = Schema::default();
    for (cle, valeur) in o {
        let nombre = || valeur.as_u64().and_then(|n| usize::try_from(n).ok()).expect("a count");
        match cle.as_str() {
            "$schema" | "$id" | "title" | "$defs" => {}
            "description" => s.description = valeur.as_str().map(str::to_string),
            "type" => {
                s.genre = Some(match valeur.as_str() {
                    Some("string") => Type::Chaine,
                    Some("integer") => Type::Entier,
                    Some("object") => Type::Objet,
                    Some("array") => Type::Tableau,
                    autre => panic!("type {autre:?} not implemented"),
                });
            }
            "const" => s.constante = Some(valeur.clone()),
            "enum" => s.valeurs = valeur.as_array().cloned(),
            "pattern" => s.motif = Some(Regex::new(valeur.as_str().expect("a pattern")).expect("a valid pattern")),
            "format" => {
                s.format = Some(match valeur.as_str() {
                    Some("uai") => Format::Uai,
                    Some("date") => Format::Date,
                    Some("date-time") => Format::DateHeure,
                    autre => panic!("format {autre:?} not implemented"),
                });
            }
            "minLength" => s.longueur_min = Some(nombre()),
            "maxLength" => s.longueur_max = Some(nombre()),
            "minimum" => s.minimum = valeur.as_f64(),
            "maximum" => s.maximum = valeur.as_f64(),
            "required" => {
                s.requis =
                    valeur.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
            }
            "properties" => {
                s.proprietes = valeur
                    .as_object()
                    .expect("properties")
                    .iter()
                    .map(|(n, p)| (n.clone(), compiler(racine, p)))
                    .collect();
            }
            "additionalProperties" => {
                s.autres = Some(match valeur {
                    Value::Bool(false) => Autres::Interdites,
                    autre => Autres::Schema(Box::new(compiler(racine, autre))),
                });
            }
            "propertyNames" => s.noms = Some(Box::new(compiler(racine, valeur))),
            "maxProperties" => s.proprietes_max = Some(nombre()),
            "items" => s.elements = Some(Box::new(compiler(racine, valeur))),
            "minItems" => s.elements_min = Some(nombre()),
            "maxItems" => s.elements_max = Some(nombre()),
            "uniqueItems" => s.uniques = valeur.as_bool() == Some(true),
            "oneOf" => s.un_parmi = valeur.as_array().expect("oneOf").iter().map(|x| compiler(racine, x)).collect(),
            autre => panic!("JSON Schema keyword {autre} not implemented by this validator"),
        }
    }
    s
}
