//! The équipe-relais workshop: participants, votes, the consensus (which is
//! the diagnostic's answer), and contributions from other computers. First
//! names stay in the database of this computer: nothing here puts them in a
//! file.

use std::collections::BTreeMap;
use std::path::Path;

use schematic_core::atelier::{self, ROLES_PARTICIPANT, Votes};
use schematic_core::resultats::Maturite;
use schematic_core::{Referentiel, Reponse};
use schematic_exchange::contribution::{ContributionV1, FORMAT_CONTRIBUTION, lire_contribution};
use schematic_exchange::format_diagnostic::{NiveauCharge, ReferentielCharge};
use schematic_store::{IssueContribution, ParticipantEnregistre, VoteEnregistre};

use crate::dto::{
    AtelierDto, ContributionDto, DomaineAtelierDto, ItemAtelierDto, ParticipantDto, RoleParticipantDto, VoteDto,
};
use crate::echange::{ecrire_durablement, lire_borne};
use crate::error::{ApiError, ErrorKind};
use crate::installation::Installation;

fn participant_dto(p: &ParticipantEnregistre) -> ParticipantDto {
    ParticipantDto {
        id: p.id,
        role: p.role.clone(),
        libelle_role: atelier::libelle_role(&p.role).into(),
        prenom: p.prenom.clone(),
        contribution: p.contribution.is_some(),
    }
}

fn niveau_vote(saisie: &str) -> Result<u8, ApiError> {
    match saisie.trim() {
        "0" | "aucun" => Ok(0),
        "1" => Ok(1),
        "2" => Ok(2),
        "3" => Ok(3),
        autre => Err(ApiError::new(
            ErrorKind::SaisieInvalide,
            format!("Le vote « {autre} » n’est pas un niveau : attendu 0 (aucun niveau), 1, 2 ou 3."),
        )),
    }
}

impl Installation {
    pub fn roles_participant() -> Vec<RoleParticipantDto> {
        ROLES_PARTICIPANT.iter().map(|(c, l)| RoleParticipantDto { code: (*c).into(), libelle: (*l).into() }).collect()
    }

    /// The workshop of a school year's diagnostic.
    pub fn atelier(&self, annee: Option<&str>) -> Result<AtelierDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let participants = self.store.participants(d.id)?;
        let votes = self.store.votes(d.id)?;
        let reponses: BTreeMap<String, Reponse> =
            self.store.reponses(d.id)?.into_iter().map(|r| (r.item_id, r.reponse)).collect();
        let notes: BTreeMap<String, String> = self.store.debats(d.id)?.into_iter().collect();
        let items: Vec<ItemAtelierDto> = referentiel
            .domaines
            .iter()
            .flat_map(|dom| dom.items.iter().map(move |i| (dom, i)))
            .map(|(dom, item)| item_dto(&dom.id, &item.id, &votes, &reponses, &notes))
            .collect();
        let domaines = referentiel
            .domaines
            .iter()
            .map(|dom| {
                let mut consensus = Maturite::default();
                let mut individuelles: BTreeMap<i64, Maturite> = BTreeMap::new();
                for item in &dom.items {
                    if let Some(v) = reponses.get(&item.id).and_then(|r| r.valeur()) {
                        consensus.somme += u32::from(v);
                        consensus.repondus += 1;
                    }
                    for v in votes.iter().filter(|v| v.item_id == item.id) {
                        let m = individuelles.entry(v.participant_id).or_default();
                        m.somme += u32::from(v.niveau);
                        m.repondus += 1;
                    }
                }
                let individuelles: Vec<u32> = individuelles.values().filter_map(|m| m.centiemes()).collect();
                DomaineAtelierDto {
                    domaine_id: dom.id.clone(),
                    titre: dom.titre.clone(),
                    consensus_centiemes: consensus.centiemes(),
                    individuel_min_centiemes: individuelles.iter().min().copied(),
                    individuel_max_centiemes: individuelles.iter().max().copied(),
                    items_en_desaccord: u32::try_from(
                        items.iter().filter(|i| i.domaine_id == dom.id && i.desaccord).count(),
                    )
                    .unwrap_or(u32::MAX),
                }
            })
            .collect();
        Ok(AtelierDto {
            annee: d.cycle.annee.to_string(),
            finalise: d.cycle.statut == schematic_core::Statut::Finalise,
            participants: participants.iter().map(participant_dto).collect(),
            items,
            domaines,
        })
    }

    pub fn ajouter_participant(
        &mut self,
        annee: Option<&str>,
        role: &str,
        prenom: &str,
    ) -> Result<ParticipantDto, ApiError> {
        let d = self.cible(annee)?;
        let role = atelier::role(role)?;
        let prenom = atelier::prenom(prenom)?;
        let id = self.store.ajouter_participant(d.id, role, prenom.as_deref(), &self.horodatage())?;
        self.participant(d.id, id)
    }

    pub fn supprimer_participant(&mut self, annee: Option<&str>, id: i64) -> Result<(), ApiError> {
        let d = self.cible(annee)?;
        self.participant(d.id, id)?;
        Ok(self.store.supprimer_participant(id)?)
    }

    /// Erases every participant's first name, in every diagnostic.
    pub fn purger_prenoms(&mut self) -> Result<usize, ApiError> {
        Ok(self.store.purger_prenoms()?)
    }

    fn participant(&self, diagnostic_id: i64, id: i64) -> Result<ParticipantDto, ApiError> {
        self.store.participants(diagnostic_id)?.iter().find(|p| p.id == id).map(participant_dto).ok_or_else(|| {
            ApiError::new(ErrorKind::Introuvable, format!("Le participant n° {id} n’est pas dans ce diagnostic."))
        })
    }

    /// Records a participant's vote on an item (`None` withdraws it) and
    /// returns the item as it now stands.
    pub fn voter(
        &mut self,
        annee: Option<&str>,
        participant_id: i64,
        item: &str,
        niveau: Option<&str>,
    ) -> Result<ItemAtelierDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_id = referentiel.item_saisi(item)?.id.clone();
        let niveau = niveau.map(niveau_vote).transpose()?;
        self.participant(d.id, participant_id)?;
        self.store.voter(participant_id, &item_id, niveau, &self.horodatage())?;
        self.item_atelier(annee, &item_id)
    }

    /// Sets the team's consensus on an item: the diagnostic's answer, with an
    /// optional note on the debate.
    pub fn definir_consensus(
        &mut self,
        annee: Option<&str>,
        item: &str,
        niveau: &str,
        note: &str,
    ) -> Result<ItemAtelierDto, ApiError> {
        let d = self.cible(annee)?;
        let referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        let item_ref = referentiel.item_saisi(item)?;
        let reponse: Reponse = niveau.parse()?;
        referentiel.verifier_reponse(item_ref, reponse)?;
        let item_id = item_ref.id.clone();
        let note = atelier::note(note)?;
        d.cycle.verifier_modifiable()?;
        self.store.definir_consensus(d.id, &item_id, reponse, note.as_deref(), &self.horodatage())?;
        self.item_atelier(annee, &item_id)
    }

    fn item_atelier(&self, annee: Option<&str>, item_id: &str) -> Result<ItemAtelierDto, ApiError> {
        self.atelier(annee)?
            .items
            .into_iter()
            .find(|i| i.item_id == item_id)
            .ok_or_else(|| ApiError::new(ErrorKind::Introuvable, format!("Item {item_id} introuvable.")))
    }

    /// Writes this installation's answers for `annee` as a signed
    /// contribution for the facilitator, under a role (never a name).
    pub fn exporter_contribution(&self, annee: Option<&str>, role: &str, sortie: &Path) -> Result<String, ApiError> {
        let role = atelier::role(role)?;
        let etablissement = self.etablissement_requis()?;
        let d = self.cible(annee)?;
        let votes: BTreeMap<String, NiveauCharge> = self
            .store
            .reponses(d.id)?
            .into_iter()
            .filter_map(|r| Some((r.item_id, NiveauCharge::depuis_valeur(r.reponse.valeur()?))))
            .collect();
        if votes.is_empty() {
            return Err(ApiError::new(
                ErrorKind::EtatIncompatible,
                format!("Aucun item n’est renseigné pour {} : rien à contribuer.", d.cycle.annee),
            ));
        }
        let cle = self.cle_installation()?;
        let c = ContributionV1 {
            format: FORMAT_CONTRIBUTION.into(),
            version_format: 1,
            application: format!("SchémaTIC {}", env!("CARGO_PKG_VERSION")),
            genere_le: self.horodatage(),
            cle: cle.publique().keyid(),
            uai: etablissement.uai.to_string(),
            annee_scolaire: d.cycle.annee.to_string(),
            referentiel: ReferentielCharge {
                id: d.referentiel_id,
                version: d.referentiel_version,
                empreinte: d.referentiel_empreinte,
            },
            role: role.into(),
            votes,
        };
        let chemin = sortie.join(c.nom_fichier());
        ecrire_durablement(&chemin, &c.signer(&cle).octets())?;
        Ok(chemin.display().to_string())
    }

    /// Imports a member's contribution into the diagnostic of its school
    /// year (which must be `annee` when given): its votes become one
    /// participant's. Everything is checked before anything is written.
    pub fn importer_contribution(&mut self, annee: Option<&str>, fichier: &Path) -> Result<ContributionDto, ApiError> {
        let octets = lire_borne(fichier, schematic_exchange::dsse::TAILLE_MAX)?;
        let refus = |m: String| ApiError::new(ErrorKind::SaisieInvalide, format!("{} : {m}", fichier.display()));
        let (c, empreinte) = lire_contribution(&octets).map_err(|e| refus(e.to_string()))?;
        let etablissement = self.etablissement_requis()?;
        if c.uai != etablissement.uai.as_str() {
            return Err(refus(format!(
                "cette contribution concerne l’établissement {}, pas {} : elle n’est pas pour ce diagnostic.",
                c.uai, etablissement.uai
            )));
        }
        if let Some(a) = annee
            && a.trim() != c.annee_scolaire
        {
            return Err(refus(format!(
                "cette contribution porte sur l’année scolaire {}, pas {} : elle n’est pas pour ce diagnostic.",
                c.annee_scolaire,
                a.trim()
            )));
        }
        let d = self.cible(Some(&c.annee_scolaire)).map_err(|e| refus(e.message))?;
        if c.referentiel.empreinte != d.referentiel_empreinte {
            return Err(refus(format!(
                "cette contribution suit le référentiel {} version {}, différent de celui du diagnostic {} : elle n’est pas pour ce diagnostic.",
                c.referentiel.id, c.referentiel.version, d.cycle.annee
            )));
        }
        let referentiel: Referentiel = self.store.referentiel(&d.referentiel_empreinte)?;
        if let Some(item) = c.votes.keys().find(|i| referentiel.item(i).is_none()) {
            return Err(refus(format!("l’item « {item} » n’existe pas dans le référentiel.")));
        }
        let role = atelier::role(&c.role).map_err(|e| refus(e.to_string()))?;
        d.cycle.verifier_modifiable()?;
        // A contribution's schema allows levels and « aucun » only.
        let votes: Vec<(String, u8)> = c.votes.iter().filter_map(|(i, n)| Some((i.clone(), n.valeur()?))).collect();
        let issue = self
            .store
            .importer_contribution(d.id, role, &empreinte, &c.cle, &votes, &self.horodatage())
            .map_err(|e| match e {
                schematic_store::StoreError::Existe(m) => {
                    ApiError::new(ErrorKind::ExisteDeja, format!("{} : {m}", fichier.display()))
                }
                autre => autre.into(),
            })?;
        let (participant_id, remplace) = match issue {
            IssueContribution::Nouvelle { participant_id } => (participant_id, false),
            IssueContribution::Remplace { participant_id } => (participant_id, true),
        };
        Ok(ContributionDto {
            role: role.into(),
            libelle_role: atelier::libelle_role(role).into(),
            votes: u32::try_from(votes.len()).unwrap_or(u32::MAX),
            remplace,
            participant_id,
        })
    }

    /// The items of strong disagreement, for the report: votes by role (in
    /// role order), never a name.
    pub(crate) fn points_de_debat(
        &self,
        annee: Option<&str>,
        referentiel: &Referentiel,
    ) -> Result<Vec<schematic_exchange::rapport::DebatRapport>, ApiError> {
        let a = self.atelier(annee)?;
        let role_de = |id: i64| a.participants.iter().find(|p| p.id == id).map(|p| p.role.clone()).unwrap_or_default();
        let rang = |code: &str| ROLES_PARTICIPANT.iter().position(|(c, _)| *c == code).unwrap_or(usize::MAX);
        Ok(a.items
            .iter()
            .filter(|i| i.desaccord)
            .map(|i| {
                let mut votes: Vec<(String, u8)> =
                    i.votes.iter().map(|v| (role_de(v.participant_id), v.niveau)).collect();
                votes.sort_by_key(|(role, n)| (rang(role), *n));
                schematic_exchange::rapport::DebatRapport {
                    item: i.item_id.clone(),
                    titre: referentiel.item(&i.item_id).map(|it| it.titre.clone()).unwrap_or_default(),
                    votes: votes.into_iter().map(|(role, n)| (atelier::libelle_role(&role).to_string(), n)).collect(),
                    consensus: i.consensus,
                    note: i.note.clone(),
                }
            })
            .collect())
    }

    /// Participants by role label, for the export (counts only, no names).
    pub(crate) fn participants_par_role(&self, diagnostic_id: i64) -> Result<BTreeMap<String, u32>, ApiError> {
        let mut comptes = BTreeMap::new();
        for p in self.store.participants(diagnostic_id)? {
            *comptes.entry(atelier::libelle_role(&p.role).to_string()).or_insert(0) += 1;
        }
        Ok(comptes)
    }
}

fn item_dto(
    domaine_id: &str,
    item_id: &str,
    votes: &[VoteEnregistre],
    reponses: &BTreeMap<String, Reponse>,
    notes: &BTreeMap<String, String>,
) -> ItemAtelierDto {
    let ici: Vec<&VoteEnregistre> = votes.iter().filter(|v| v.item_id == item_id).collect();
    let v = Votes::depuis(ici.iter().map(|v| v.niveau));
    ItemAtelierDto {
        item_id: item_id.into(),
        domaine_id: domaine_id.into(),
        votes: ici.iter().map(|v| VoteDto { participant_id: v.participant_id, niveau: v.niveau }).collect(),
        repartition: v.comptes.to_vec(),
        mediane_demis: v.mediane_demis(),
        ecart: v.ecart(),
        desaccord: v.desaccord_fort(),
        consensus: reponses.get(item_id).and_then(|r| r.valeur()),
        consensus_non_applicable: reponses.get(item_id) == Some(&Reponse::NonApplicable),
        note: notes.get(item_id).cloned(),
    }
}
