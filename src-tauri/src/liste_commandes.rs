// The app's IPC surface, declared once. Each command has an area (the
// TypeScript module that calls it), a kind, its signature and its body, a
// one-line adapter over `schematic-api`:
//
// - `etat fn nom(etat, arg: Type…) -> Retour { … }`: runs on the main thread
//   with the shared state `etat: &Etat`; answers `Result<Retour, ApiError>`;
// - `libre fn nom(arg: Type…) -> Retour { … }`: needs no state, cannot fail;
// - `long fn nom(etat, arg: Type…) [canal: Progres] -> Retour { … }`: runs off
//   the main thread; the optional channel streams `Progres` values to the page.
//
// `avec_commandes!(rappel)` hands the list to the macro `rappel`: the app's
// `commandes.rs` generates the Tauri commands, the handler and (under test)
// the TypeScript client and the capability file from it; `build.rs` includes
// this file too, to declare the same commands to Tauri's access control.
// Argument types and return types are ts-rs types: levels, states and
// verdicts are enums, never strings.

macro_rules! avec_commandes {
    ($rappel:ident) => {
        $rappel! {
            etablissement {
                /// The establishment, or `null` before the first start is done.
                etat fn etablissement(etat) -> Option<EtablissementDto> { avec(etat, |i| i.etablissement()) }
                etat fn definir_etablissement(etat, saisie: SaisieEtablissementDto) -> EtablissementDto {
                    avec(etat, |i| i.definir_etablissement(&saisie))
                }
                libre fn verifier_uai(saisie: String) -> VerificationUaiDto { Installation::verifier_uai(&saisie) }
                libre fn types_etablissement() -> Vec<TypeEtablissementDto> { Installation::types_etablissement() }
                etat fn annee_en_cours(etat) -> String { avec(etat, |i| i.annee_en_cours().map(|a| a.to_string())) }
                etat fn preferences(etat) -> PreferencesDto { avec(etat, |i| i.preferences()) }
                etat fn definir_preferences(etat, preferences: PreferencesDto) -> PreferencesDto {
                    avec(etat, |i| i.definir_preferences(&preferences))
                }
                etat fn a_propos(etat) -> AProposDto { avec(etat, |i| i.a_propos()) }
            }
            diagnostic {
                etat fn diagnostics(etat) -> Vec<DiagnosticResume> { avec(etat, |i| i.diagnostics()) }
                /// `annee` null: the current school year.
                etat fn creer_diagnostic(etat, annee: Option<String>, reprendre: bool) -> DiagnosticResume {
                    avec(etat, |i| i.creer_diagnostic(annee.as_deref(), reprendre))
                }
                etat fn apercu_creation(etat, annee: Option<String>, reprendre: bool) -> ApercuVersionDto {
                    avec(etat, |i| i.apercu_creation(annee.as_deref(), reprendre))
                }
                etat fn apercu_changement_version(etat, annee: String) -> ApercuVersionDto {
                    avec(etat, |i| i.apercu_changement_version(Some(&annee)))
                }
                etat fn changer_version(etat, annee: String) -> DiagnosticResume {
                    avec(etat, |i| i.changer_version(Some(&annee)))
                }
                etat fn importer_referentiel(etat, chemin: String) -> ReferentielImporteDto {
                    let importe = avec(etat, |i| i.importer_referentiel(Path::new(&chemin)))?;
                    // The DANE space reads figures with the versions known when
                    // it opened: it is opened again at its next use.
                    if let Ok(mut dane) = etat.dane.try_lock() {
                        *dane = None;
                    }
                    Ok(importe)
                }
                /// `version` null: the latest version of referential `id`.
                etat fn imprimer_referentiel(etat, id: String, version: Option<String>, dossier: String) -> String {
                    avec(etat, |i| i.imprimer_referentiel(&id, version.as_deref(), Path::new(&dossier)))
                }
                etat fn diagnostic(etat, annee: String) -> DiagnosticDetail { avec(etat, |i| i.diagnostic(Some(&annee))) }
                etat fn referentiel_du_diagnostic(etat, annee: String) -> ReferentielDto {
                    avec(etat, |i| i.referentiel_du_diagnostic(Some(&annee)))
                }
                etat fn repondre(etat, annee: String, item: String, niveau: Reponse) -> ReponseDto {
                    avec(etat, |i| i.repondre(Some(&annee), &item, niveau.code(), None))
                }
                etat fn commenter(etat, annee: String, item: String, commentaire: String) -> ReponseDto {
                    avec(etat, |i| i.commenter(Some(&annee), &item, &commentaire))
                }
                etat fn effacer(etat, annee: String, item: String) -> EffacementDto {
                    avec(etat, |i| i.effacer(Some(&annee), &item))
                }
                etat fn finaliser(etat, annee: String) -> DiagnosticResume { avec(etat, |i| i.finaliser(Some(&annee))) }
                etat fn rouvrir(etat, annee: String) -> DiagnosticResume { avec(etat, |i| i.rouvrir(Some(&annee))) }
                etat fn plan_action(etat, annee: String) -> Vec<ActionDto> { avec(etat, |i| i.plan_action(Some(&annee))) }
                etat fn enregistrer_action(etat, annee: String, saisie: SaisieActionDto) -> ActionDto {
                    avec(etat, |i| i.enregistrer_action(Some(&annee), &saisie))
                }
                etat fn supprimer_action(etat, annee: String, id: i64) -> () {
                    avec(etat, |i| i.supprimer_action(Some(&annee), id))
                }
                libre fn options_plan() -> OptionsPlanDto { Installation::options_plan() }
            }
            echange {
                etat fn cle(etat) -> CleDto { avec(etat, |i| i.cle()) }
                libre fn dossier_export_par_defaut() -> Option<String> {
                    schematic_api::echange::dossier_export_par_defaut().map(|d| d.display().to_string())
                }
                etat fn exporter(etat, annee: String, json: bool, pdf: bool, commentaires: bool, dossier: String) -> ExportDto {
                    let formats = schematic_api::echange::Formats { json, pdf };
                    avec(etat, |i| i.exporter(Some(&annee), formats, commentaires, Path::new(&dossier)))
                }
                etat fn demande_enrolement(etat, dossier: String) -> String {
                    avec(etat, |i| i.demande_enrolement(Path::new(&dossier)))
                }
                etat fn importer_certificat(etat, chemin: String) -> CertificatDto {
                    avec(etat, |i| i.importer_certificat(Path::new(&chemin)))
                }
                etat fn certificat(etat) -> Option<CertificatDto> { avec(etat, |i| i.certificat()) }
                /// Territorial references published by the DANE, checked with
                /// the DANE key of the enrolment certificate.
                etat fn importer_reperes(etat, chemin: String) -> ReperesImportesDto {
                    avec(etat, |i| i.importer_reperes(Path::new(&chemin)))
                }
                etat fn reperes_gardes(etat) -> Vec<ReperesGardesDto> { avec(etat, |i| i.reperes_gardes()) }
                /// `echelon` null: the closest territory published; the answer
                /// is null when no references are kept for that year.
                etat fn comparaison(etat, annee: String, echelon: Option<String>) -> Option<ComparaisonDto> {
                    avec(etat, |i| i.comparaison(Some(&annee), echelon.as_deref()))
                }
            }
            dane {
                etat fn base_dane(etat) -> BaseDaneDto { avec(etat, |i| i.base_dane_dto()) }
                /// Connects to the server at `adresse` (null: back to this PC's
                /// file) and, once connected, uses it; a password typed is kept
                /// in memory only.
                etat fn definir_base_dane(etat, adresse: Option<String>, mot_de_passe: Option<String>) -> BaseDaneDto {
                    let mut dane = etat.dane.try_lock().map_err(|_| occupe())?;
                    avec(etat, |i| {
                        *dane = Some(i.definir_base_dane(adresse.as_deref(), mot_de_passe.as_deref())?);
                        i.base_dane_dto()
                    })
                }
                /// Copies this PC's DANE space to the server, then uses the server.
                long fn migrer_espace_dane(etat, adresse: String, mot_de_passe: Option<String>) -> MigrationDaneDto {
                    let mut dane = etat.dane.lock().map_err(|_| echec_precedent())?;
                    avec_attente(etat, |i| {
                        *dane = None;
                        let mut m = i.migrer_espace_dane(&adresse, mot_de_passe.as_deref(), false)?;
                        *dane = Some(i.definir_base_dane(Some(&adresse), mot_de_passe.as_deref())?);
                        m.utilise = true;
                        Ok(m)
                    })
                }
                etat fn etat_dane(etat) -> EtatDaneDto { avec_dane(etat, |d| d.etat_dane()) }
                etat fn cle_dane(etat) -> CleDto { avec_dane(etat, |d| d.cle_dane()) }
                etat fn exporter_cle_dane(etat, dossier: String) -> String {
                    avec_dane(etat, |d| d.exporter_cle_dane(&Path::new(&dossier).join("cle-dane.pub")))
                }
                etat fn examiner_demande(etat, demande: String) -> DemandeExamineeDto {
                    avec_dane(etat, |d| d.examiner_demande(Path::new(&demande)))
                }
                etat fn enroler(etat, demande: String, dossier: String) -> EnrolementDto {
                    avec_dane(etat, |d| {
                        d.enroler(Path::new(&demande), Path::new(&dossier), schematic_api::dane::DUREE_PAR_DEFAUT)
                    })
                }
                /// The number of diagnostics set aside by the revocation.
                etat fn revoquer(etat, uai: String, a_partir_du: Option<String>) -> usize {
                    avec_dane(etat, |d| d.revoquer(&uai, a_partir_du.as_deref()))
                }
                /// Without `remplacer`, a replacement that loses many
                /// establishments or rows is not applied: the answer says why.
                etat fn importer_annuaire(etat, annuaire: String, circonscriptions: Option<String>, remplacer: bool) -> AnnuaireImportDto {
                    avec_dane(etat, |d| {
                        d.importer_annuaire(Path::new(&annuaire), circonscriptions.as_deref().map(Path::new), remplacer)
                    })
                }
                /// `progression` is called as batches of files are verified.
                long fn importer_diagnostics(etat, chemins: Vec<String>) [progression: ProgressionDto] -> ImportDto {
                    let chemins: Vec<PathBuf> = chemins.iter().map(PathBuf::from).collect();
                    avec_dane_attente(etat, |d| {
                        d.importer_diagnostics(&chemins, &mut |p| {
                            let _ = progression.send(p);
                        })
                    })
                }
                etat fn exporter_rapport_import(etat, numero: i64, dossier: String) -> String {
                    avec_dane(etat, |d| d.exporter_rapport_import(Some(numero), Path::new(&dossier)))
                }
                etat fn synthese(etat, requete: RequeteSyntheseDto) -> SyntheseDto { avec_dane(etat, |d| d.synthese(&requete)) }
                etat fn exporter_synthese(etat, requete: RequeteSyntheseDto, format: FormatSynthese, dossier: String) -> FichiersDto {
                    avec_dane(etat, |d| d.exporter_synthese(&requete, format.code(), Path::new(&dossier)))
                }
                libre fn radar_territoire(valeurs: Vec<Option<f64>>, reference: Vec<Option<f64>>) -> RadarDto {
                    EspaceDane::radar_territoire(&valeurs, &reference)
                }
                etat fn etablissement_dane(etat, uai: String) -> EtablissementDaneDto {
                    avec_dane(etat, |d| d.etablissement_dane(&uai))
                }
                /// `annee` null: the latest year imported.
                etat fn publier_reperes(etat, annee: Option<String>, dossier: String) -> ReperesPubliesDto {
                    avec_dane(etat, |d| d.publier_reperes(annee.as_deref(), Path::new(&dossier)))
                }
            }
            atelier {
                libre fn roles_participant() -> Vec<RoleParticipantDto> { Installation::roles_participant() }
                etat fn atelier(etat, annee: String) -> AtelierDto { avec(etat, |i| i.atelier(Some(&annee))) }
                etat fn ajouter_participant(etat, annee: String, role: String, prenom: String) -> ParticipantDto {
                    avec(etat, |i| i.ajouter_participant(Some(&annee), &role, &prenom))
                }
                etat fn supprimer_participant(etat, annee: String, id: i64) -> () {
                    avec(etat, |i| i.supprimer_participant(Some(&annee), id))
                }
                /// The number of first names erased.
                etat fn purger_prenoms(etat) -> usize { avec(etat, |i| i.purger_prenoms()) }
                /// `niveau` null: the vote is withdrawn.
                etat fn voter(etat, annee: String, participant: i64, item: String, niveau: Option<Reponse>) -> ItemAtelierDto {
                    avec(etat, |i| i.voter(Some(&annee), participant, &item, niveau.map(Reponse::code)))
                }
                etat fn definir_consensus(etat, annee: String, item: String, niveau: Reponse, note: String) -> ItemAtelierDto {
                    avec(etat, |i| i.definir_consensus(Some(&annee), &item, niveau.code(), &note))
                }
                etat fn exporter_contribution(etat, annee: String, role: String, dossier: String) -> String {
                    avec(etat, |i| i.exporter_contribution(Some(&annee), &role, Path::new(&dossier)))
                }
                etat fn importer_contribution(etat, annee: String, chemin: String) -> ContributionDto {
                    avec(etat, |i| i.importer_contribution(Some(&annee), Path::new(&chemin)))
                }
            }
        }
    };
}

/// Plugin permissions the window needs besides the commands: only the native
/// file and folder pickers.
#[allow(dead_code, reason = "read by build.rs and by the app's tests only")]
pub(crate) const PERMISSIONS_GREFFONS: &[&str] = &["dialog:allow-open"];
