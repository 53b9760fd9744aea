"""Every text of the dashboard in English and French, in one place.

English descriptions of parameters, outputs and scenarios are the schema's own (`sim.model.schema`,
`sim.model.outputs`, `scenarios/*.toml`), so they never drift; this module adds their French
versions, keyed by name, plus the dashboard's own strings. `tests/test_dashboard_i18n.py`
checks that every key has both languages.
"""

from __future__ import annotations

from sim.model.outputs import KIND_LABELS, OUTPUTS
from sim.model.schema import PARAMS

LANGS = ("en", "fr")

# The dashboard's own strings: key -> language -> text (str.format fields allowed).
UI = {
    "app_title": {"en": "clustersim: industrial cluster simulator", "fr": "clustersim : simulateur de clusters industriels"},
    "language": {"en": "Language", "fr": "Langue"},
    "scenario": {"en": "Scenario", "fr": "Scénario"},
    "scenario_hint": {"en": "Loading a scenario sets every control and restarts the run.",
                      "fr": "Charger un scénario règle toutes les commandes et relance la simulation."},
    "seed": {"en": "Random seed", "fr": "Graine aléatoire"},
    "seed_hint": {"en": "Same seed and settings, same run.", "fr": "Même graine et mêmes réglages, même simulation."},
    "settings": {"en": "Settings", "fr": "Réglages"},
    "settings_hint": {"en": "Changes take effect when you press Reset.",
                      "fr": "Les changements prennent effet quand vous appuyez sur Réinitialiser."},
    "pending": {"en": "{n} setting(s) changed: press Reset to apply them.",
                "fr": "{n} réglage(s) modifié(s) : appuyez sur Réinitialiser pour les appliquer."},
    "reset": {"en": "Reset", "fr": "Réinitialiser"},
    "step": {"en": "Step", "fr": "Pas"},
    "play": {"en": "Play", "fr": "Lecture"},
    "pause": {"en": "Pause", "fr": "Pause"},
    "steps_per_frame": {"en": "Months per frame", "fr": "Mois par image"},
    "month": {"en": "Month {m} (year {y})", "fr": "Mois {m} (année {y})"},
    "colon": {"en": ":", "fr": "\u00a0:"},  # French puts a (non-breaking) space before a colon
    "month_short": {"en": "month {m}", "fr": "mois {m}"},
    "months": {"en": "Months", "fr": "Mois"},
    "default": {"en": "default", "fr": "défaut"},
    "export_csv": {"en": "Time series (CSV)", "fr": "Séries temporelles (CSV)"},
    "export_chart": {"en": "Chart (HTML)", "fr": "Graphique (HTML)"},
    "export_hint": {"en": "Each chart's camera icon saves it as a PNG image.",
                    "fr": "L'icône appareil photo de chaque graphique l'enregistre en image PNG."},
    "error": {"en": "Could not apply these settings: {msg}", "fr": "Impossible d'appliquer ces réglages : {msg}"},
    "field_error": {"en": "Not accepted: {msg}", "fr": "Refusé : {msg}"},
    "limit_event_size": {"en": "The territory has {n} actors now: an event gathers all of them, no more.",
                         "fr": "Le territoire compte {n} acteurs en ce moment : un événement les réunit tous, pas plus."},
    "limit_incubator_support": {"en": "No support institution in the territory: the incubator hosts no one.",
                                "fr": "Aucune structure d'appui sur le territoire : l'incubateur n'accueille personne."},
    "limit_incubator_budget": {"en": "The public budget pays for about {n} places all year: the other places stay "
                                     "empty once the money runs out.",
                               "fr": "Le budget public paie environ {n} places toute l'année : les autres restent "
                                     "vides une fois l'argent épuisé."},
    "tab_map": {"en": "Territory", "fr": "Territoire"},
    "tab_charts": {"en": "Outcomes", "fr": "Résultats"},
    "tab_network": {"en": "Network", "fr": "Réseau"},
    "tab_compare": {"en": "Compare", "fr": "Comparer"},
    "tab_classroom": {"en": "Classroom", "fr": "En classe"},
    "indicators": {"en": "Indicators for policymakers", "fr": "Indicateurs pour les décideurs"},
    "map_title": {"en": "Territory at month {m}", "fr": "Territoire au mois {m}"},
    "map_note": {"en": "Actors by kind, sized by staff; lines: the {n} strongest trust ties. Outside partners sit on "
                 "the ring around the territory: their place on the ring is not a distance.",
                 "fr": "Acteurs par type, taille selon l'effectif ; traits : les {n} liens de confiance les plus forts. "
                 "Les partenaires extérieurs sont sur l'anneau autour du territoire : leur place sur l'anneau n'est pas une distance."},
    "territory_box": {"en": "territory, {s:g} km × {s:g} km", "fr": "territoire, {s:g} km × {s:g} km"},
    "outside_world": {"en": "outside world", "fr": "monde extérieur"},
    "ties_local": {"en": "local ties, face to face", "fr": "liens locaux, en face à face"},
    "ties_remote": {"en": "local ties kept up at a distance", "fr": "liens locaux entretenus à distance"},
    "ties_outside": {"en": "ties with outside partners", "fr": "liens avec des partenaires extérieurs"},
    "hover_agent": {"en": "staff %{customdata[0]:.0f}<br>capital %{customdata[1]:,.0f} k€<br>innovations %{customdata[2]}",
                    "fr": "effectif %{customdata[0]:.0f}<br>capital %{customdata[1]:,.0f} k€<br>innovations %{customdata[2]}"},
    "charts_title": {"en": "Main outcomes, month {m}", "fr": "Principaux résultats, mois {m}"},
    "network_title": {"en": "Strong-trust network, month {m}", "fr": "Réseau de confiance forte, mois {m}"},
    "degree_axis": {"en": "strong-trust partners (degree)", "fr": "partenaires de confiance forte (degré)"},
    "actors_axis": {"en": "actors", "fr": "acteurs"},
    "degree_panel": {"en": "Degree distribution now", "fr": "Distribution des degrés"},
    "structure_panel": {"en": "Structure over time", "fr": "Structure dans le temps"},
    "network_note": {"en": "Strong trust means trust above the partner threshold ({thr}): enough to be invited into a "
                     "joint project. Only actors of the cluster count, not outside partners. Clustering: how often two "
                     "partners of an actor trust each other too. Giant component: share of actors linked, directly or "
                     "not, in the largest group.",
                     "fr": "Confiance forte : au-dessus du seuil de partenariat ({thr}), assez pour être invité dans un "
                     "projet commun. Seuls les acteurs du cluster comptent, pas les partenaires extérieurs. Regroupement : "
                     "à quelle fréquence deux partenaires d'un acteur se font aussi confiance. Composante géante : part "
                     "des acteurs reliés, directement ou non, dans le plus grand groupe."},
    "month_axis": {"en": "month", "fr": "mois"},
    "mean": {"en": "mean", "fr": "moyenne"},
    "band": {"en": "min–max across seeds", "fr": "min–max sur les graines"},
    "compare_intro": {"en": "Run two settings over the same seeds and see them side by side: line = mean across seeds, "
                      "band = lowest to highest run.",
                      "fr": "Simulez deux réglages avec les mêmes graines et comparez-les : trait = moyenne sur les "
                      "graines, bande = de la plus basse à la plus haute simulation."},
    "compare_a": {"en": "A", "fr": "A"},
    "compare_b": {"en": "B", "fr": "B"},
    "current_settings": {"en": "Current settings (the controls)", "fr": "Réglages actuels (les commandes)"},
    "seeds": {"en": "Seeds", "fr": "Graines"},
    "run_compare": {"en": "Run comparison", "fr": "Lancer la comparaison"},
    "stop": {"en": "Stop", "fr": "Arrêter"},
    "compare_progress": {"en": "Running {done} of {total} simulations…", "fr": "Simulation {done} sur {total}…"},
    "compare_done": {"en": "{a} vs {b}: {k} seeds × {n} months", "fr": "{a} contre {b} : {k} graines × {n} mois"},
    "compare_cancelled": {"en": "Comparison stopped.", "fr": "Comparaison arrêtée."},
    "compare_title": {"en": "A: {a} · B: {b}", "fr": "A : {a} · B : {b}"},
    "indicator": {"en": "Indicator (final year)", "fr": "Indicateur (dernière année)"},
    "difference": {"en": "B − A", "fr": "B − A"},
    "levers_intro": {"en": "Public money over the whole run, by lever (k€, mean over seeds). Innovations, B − A: "
                           "{extra}. The last column divides each lever's B − A by it: the public cost of each "
                           "innovation the side that spends more makes beyond the other (— if it makes none).",
                     "fr": "Argent public sur toute la simulation, par levier (k€, moyenne sur les graines). "
                           "Innovations, B − A : {extra}. La dernière colonne divise le B − A de chaque levier par ce "
                           "nombre : le coût public de chaque innovation que le côté qui dépense le plus fait en plus "
                           "de l'autre (— s'il n'en fait pas plus)."},
    "lever": {"en": "Public lever (k€)", "fr": "Levier public (k€)"},
    "per_extra_innovation": {"en": "per extra innovation", "fr": "par innovation en plus"},
    "lever_platforms": {"en": "Shared platforms", "fr": "Plateformes partagées"},
    "lever_incubator": {"en": "Incubator", "fr": "Incubateur"},
    "lever_events": {"en": "Networking events", "fr": "Événements de mise en réseau"},
    "lever_subsidies": {"en": "Project subsidies", "fr": "Subventions aux projets"},
    "lever_tax_credit": {"en": "R&D tax credit", "fr": "Crédit d'impôt recherche"},
    "lever_total": {"en": "All public money", "fr": "Tout l'argent public"},
    "lessons_intro": {"en": "Each lesson loads a preset, restarts the run and plays it. Ask the question first, let the "
                      "class predict, then watch and explain.",
                      "fr": "Chaque leçon charge un préréglage, relance la simulation et la joue. Posez d'abord la "
                      "question, laissez la classe prédire, puis observez et expliquez."},
    "run_lesson": {"en": "Run this lesson", "fr": "Lancer cette leçon"},
    "compare_lesson": {"en": "Compare with the contrast", "fr": "Comparer avec le contraste"},
    "question": {"en": "Ask the class", "fr": "Question à la classe"},
    "watch": {"en": "Watch", "fr": "À observer"},
    "mechanism": {"en": "Why it happens", "fr": "Pourquoi"},
    "contrast": {"en": "Contrast", "fr": "Contraste"},
    "lesson_running": {"en": "Lesson “{title}”: {n} months", "fr": "Leçon « {title} » : {n} mois"},
    "lesson_settings": {"en": "The settings of the lesson “{title}”, not a named scenario: pick one to leave the lesson.",
                        "fr": "Les réglages de la leçon « {title} », pas un scénario nommé : choisissez-en un pour quitter la leçon."},
}

GROUPS = {
    "territory": {"en": "Territory and contacts", "fr": "Territoire et contacts"},
    "trust": {"en": "Trust", "fr": "Confiance"},
    "knowledge": {"en": "Knowledge", "fr": "Connaissances"},
    "projects": {"en": "Projects and IP", "fr": "Projets et propriété intellectuelle"},
    "economy": {"en": "Economy", "fr": "Économie"},
    "talent": {"en": "Talent", "fr": "Talents"},
    "policy": {"en": "Public policy", "fr": "Politique publique"},
    "world": {"en": "Outside world", "fr": "Monde extérieur"},
}

KINDS_FR = {
    "large_firm": "Grande entreprise", "sme": "PME", "startup": "Start-up", "lab": "Laboratoire de recherche",
    "training_body": "Organisme de formation", "tech_centre": "Centre technique", "support": "Structure d'appui",
    "remote_partner": "Partenaire extérieur",
}

UNITS_FR = {
    "Gini": "Gini", "agents": "acteurs", "contacts/month": "contacts/mois", "distance": "distance",
    "domains": "domaines", "entropy": "entropie", "events/year": "événements/an", "index": "indice", "log-scale": "échelle log",
    "innovations": "innovations", "km": "km", "k€": "k€", "k€/event": "k€/événement", "k€/month": "k€/mois",
    "k€/partner": "k€/partenaire", "k€/project": "k€/projet", "jobs/month": "emplois/mois", "k€/staff/month": "k€/salarié/mois", "k€/startup/month": "k€/start-up/mois", "k€/year": "k€/an",
    "month": "mois", "months": "mois", "novelty": "nouveauté", "participants": "participants", "partners": "partenaires",
    "people": "personnes", "people/month": "personnes/mois", "per month": "par mois", "poles": "pôles",
    "probability": "probabilité", "probability/month": "probabilité/mois", "projects": "projets", "ratio": "rapport",
    "sd/month": "écart-type/mois", "share": "part", "share of revenue": "part du chiffre d'affaires",
    "share/meeting": "part/rencontre", "share/month": "part/mois", "skill/month": "compétence/mois",
    "spread": "étendue", "startups": "start-up", "strictness": "rigueur", "trust": "confiance",
    "trust/meeting": "confiance/rencontre", "weight": "poids",
    "capacity x openness": "capacité x ouverture",
}

# Short control labels: name -> (English, French). Descriptions: English in the schema, French below.
PARAM_LABELS = {
    "n_large_firms": ("Large firms", "Grandes entreprises"),
    "n_smes": ("SMEs", "PME"),
    "n_startups": ("Startups", "Start-up"),
    "n_labs": ("Research labs", "Laboratoires de recherche"),
    "n_training_bodies": ("Training bodies", "Organismes de formation"),
    "n_tech_centres": ("Technical centres", "Centres techniques"),
    "n_support": ("Support institutions", "Structures d'appui"),
    "territory_km": ("Territory size", "Taille du territoire"),
    "n_poles": ("Towns and parks (poles)", "Villes et parcs (pôles)"),
    "pole_spread_km": ("Spread around poles", "Dispersion autour des pôles"),
    "distance_decay_km": ("Face-to-face range", "Portée du face-à-face"),
    "contacts_per_month": ("Contacts per month", "Contacts par mois"),
    "digital_openness": ("Digital openness", "Ouverture numérique"),
    "revisit_share": ("Revisiting known partners", "Retour vers les partenaires connus"),
    "trust_gain_meeting": ("Trust per meeting", "Confiance par rencontre"),
    "remote_trust_factor": ("Trust from remote meetings", "Confiance des rencontres à distance"),
    "trust_gain_success": ("Trust from a success", "Confiance après un succès"),
    "trust_loss_failure": ("Trust lost after a failure", "Confiance perdue après un échec"),
    "trust_collapse": ("Trust collapse after conflict", "Effondrement après un conflit"),
    "gossip_loss": ("Word of mouth after a conflict", "Bouche-à-oreille après un conflit"),
    "trust_decay": ("Trust decay", "Érosion de la confiance"),
    "tacit_trust_threshold": ("Trust needed for tacit sharing", "Confiance requise pour le tacite"),
    "partner_trust_threshold": ("Trust needed to partner", "Confiance requise pour s'associer"),
    "cultural_diversity": ("Cultural diversity", "Diversité culturelle"),
    "cultural_friction": ("Cultural friction", "Friction culturelle"),
    "n_domains": ("Knowledge domains", "Domaines de connaissance"),
    "sector_diversity": ("Sector diversity", "Diversité sectorielle"),
    "codified_rate": ("Codified learning rate", "Apprentissage codifié"),
    "tacit_rate": ("Tacit learning rate", "Apprentissage tacite"),
    "remote_tacit_factor": ("Tacit transfer at a distance", "Tacite transmis à distance"),
    "talent_absorption": ("Weight of skill in absorption", "Poids des compétences dans l'absorption"),
    "obsolescence": ("Obsolescence", "Obsolescence"),
    "neglect_rate": ("Forgetting of neglected know-how", "Oubli des savoirs délaissés"),
    "attention": ("Attention span", "Capacité d'attention"),
    "codified_diffusion": ("Learning from the literature", "Apprentissage par la littérature"),
    "regional_literature": ("Weight of regional publications", "Poids des publications régionales"),
    "research_rate": ("Research speed of labs", "Vitesse de recherche des laboratoires"),
    "project_propensity": ("Project propensity", "Propension à lancer des projets"),
    "max_partners": ("Max partners per project", "Partenaires max. par projet"),
    "coordination_cost": ("Coordination cost per partner", "Coût de coordination par partenaire"),
    "partner_search_share": ("Share of ideas weighed with partners", "Part des idées envisagées avec des partenaires"),
    "agreement_months": ("Months to agree a joint project", "Mois pour s'accorder sur un projet commun"),
    "idea_value_sigma": ("Spread of idea values", "Dispersion de la valeur des idées"),
    "project_cost": ("Project cost", "Coût d'un projet"),
    "project_months": ("Project duration", "Durée d'un projet"),
    "base_success": ("Ceiling of success chance", "Plafond de la chance de succès"),
    "feasibility_scale": ("Bridgeable distance", "Distance franchissable"),
    "market_novelty": ("Novelty the market wants", "Nouveauté attendue par le marché"),
    "radical_threshold": ("Radical threshold", "Seuil de rupture"),
    "ip_strictness": ("IP strictness", "Rigueur de la propriété intellectuelle"),
    "ip_overhead": ("IP overhead", "Surcoût de la propriété intellectuelle"),
    "opportunist_share": ("Opportunists", "Opportunistes"),
    "conflict_risk": ("Conflict risk", "Risque de conflit"),
    "ip_wariness": ("Wariness of untrusted partners", "Méfiance envers les partenaires mal connus"),
    "equipment_share": ("Ideas needing equipment", "Idées qui exigent un équipement"),
    "equipment_cost": ("Cost of equipment access", "Coût d'accès à un équipement"),
    "platform_discount": ("Platform discount", "Réduction grâce aux plateformes"),
    "platform_capacity": ("Platform capacity", "Capacité d'une plateforme"),
    "rd_intensity": ("R&D intensity", "Intensité de R&D"),
    "productivity": ("Productivity", "Productivité"),
    "fixed_cost": ("Fixed cost", "Coût fixe"),
    "market_volatility": ("Market volatility", "Volatilité du marché"),
    "wage": ("Wage", "Salaire"),
    "innovation_revenue": ("Revenue of an innovation", "Revenu d'une innovation"),
    "revenue_decay": ("Revenue decay", "Déclin du revenu"),
    "exit_months": ("Months before exit", "Mois avant la sortie"),
    "lab_spinoff_rate": ("Lab spin-off rate", "Essaimage des laboratoires"),
    "firm_spinoff_rate": ("Firm spin-off rate", "Essaimage des entreprises"),
    "startup_capital": ("Startup seed capital", "Capital d'amorçage"),
    "startup_capital_spread": ("Spread of seed capital", "Dispersion du capital d'amorçage"),
    "spinoff_distance_km": ("Spin-off distance", "Distance de l'essaimage"),
    "talent_pool": ("Talent pool", "Vivier de talents"),
    "migration_rate": ("Migration rate", "Taux de migration"),
    "wage_flexibility": ("Wage flexibility", "Flexibilité du salaire"),
    "training_gain": ("Training gain", "Gain de formation"),
    "hiring_rate": ("Hiring rate", "Taux d'embauche"),
    "job_move_rate": ("Job moves", "Mobilité des salariés"),
    "talent_inflow": ("One-off talent inflow", "Arrivée ponctuelle de talents"),
    "talent_inflow_month": ("Month of the talent inflow", "Mois de l'arrivée de talents"),
    "public_budget": ("Public budget", "Budget public"),
    "subsidy_rate": ("Subsidy rate", "Taux de subvention"),
    "call_selection_rate": ("Call selection rate", "Taux de sélection des appels"),
    "call_months": ("Months to a call's answer", "Mois jusqu'à la réponse d'un appel"),
    "rd_tax_credit": ("R&D tax credit", "Crédit d'impôt recherche"),
    "incubator_capacity": ("Incubator places", "Places en incubateur"),
    "incubator_cost": ("Incubator cost", "Coût de l'incubateur"),
    "events_per_year": ("Networking events", "Événements de réseautage"),
    "event_size": ("Event size", "Taille d'un événement"),
    "event_cost": ("Event cost", "Coût d'un événement"),
    "platform_investment": ("Platform investment", "Investissement en plateformes"),
    "platform_slot_cost": ("Cost of a platform slot", "Coût d'une place de plateforme"),
    "n_remote_partners": ("Outside partners", "Partenaires extérieurs"),
    "frontier_growth": ("Frontier growth", "Progression de la frontière"),
    "remote_lead": ("Lead of outside partners", "Avance des partenaires extérieurs"),
    "gatekeeper_threshold": ("Gatekeeper threshold", "Seuil des passeurs (gatekeepers)"),
    "pipeline_upkeep": ("Upkeep of remote ties", "Entretien des liens lointains"),
}

PARAM_FR = {
    "n_large_firms": "Grandes entreprises (250 salariés ou plus) au départ.",
    "n_smes": "Petites et moyennes entreprises au départ.",
    "n_startups": "Jeunes entreprises (moins de cinq ans) au départ.",
    "n_labs": "Laboratoires de recherche et départements universitaires : produisent des connaissances, forment des talents, essaiment des start-up.",
    "n_training_bodies": "Organismes de formation : élèvent les compétences du vivier régional de talents.",
    "n_tech_centres": "Centres techniques : détiennent des plateformes partagées (équipements, bancs d'essai) que les petites entreprises utilisent pour une fraction du coût d'un accès acheté.",
    "n_support": "Structures d'appui (animateur de cluster, incubateur, agence) : organisent les événements de réseautage.",
    "territory_km": "Côté du territoire carré.",
    "n_poles": "Villes ou parcs scientifiques autour desquels les acteurs s'installent.",
    "pole_spread_km": "Distance typique d'un acteur à son pôle : une petite valeur donne un cluster dense.",
    "distance_decay_km": "Distance moyenne des contacts en face à face : les chances de rencontre chutent au-delà.",
    "contacts_per_month": "Contacts que chaque acteur cherche chaque mois, hors événements.",
    "digital_openness": "Part des contacts établis à distance (visio, plateformes), y compris avec le monde extérieur.",
    "revisit_share": "Part des contacts consacrée à revoir des partenaires connus et de confiance plutôt que de nouvelles personnes.",
    "trust_gain_meeting": "Confiance gagnée par une rencontre en face à face (comble cette part de l'écart à la confiance totale).",
    "remote_trust_factor": "Confiance créée par une rencontre à distance, rapportée à celle d'un face-à-face.",
    "trust_gain_success": "Confiance gagnée entre partenaires quand un projet commun réussit.",
    "trust_loss_failure": "Part de leur confiance que les partenaires perdent quand un projet commun échoue.",
    "trust_collapse": "Part de la confiance détruite après un comportement opportuniste ou un conflit de propriété intellectuelle.",
    "gossip_loss": "Part de leur confiance en un opportuniste que perdent les contacts de confiance des victimes quand on leur raconte le conflit (multipliée par leur confiance en la victime).",
    "trust_decay": "Part de la confiance perdue chaque mois où deux acteurs ne se voient pas.",
    "tacit_trust_threshold": "Confiance nécessaire avant de partager un savoir-faire tacite.",
    "partner_trust_threshold": "Confiance nécessaire pour être invité dans un projet commun.",
    "cultural_diversity": "Étendue des cultures d'entreprise : la distance culturelle ralentit la confiance mais apporte de la nouveauté.",
    "cultural_friction": "À quel point la distance culturelle ralentit la construction de la confiance.",
    "n_domains": "Nombre de domaines de connaissance (technologies, secteurs).",
    "sector_diversity": "Étendue des domaines principaux des acteurs sur l'ensemble des domaines : 0 est une monoculture.",
    "codified_rate": "Part de l'écart de connaissances codifiées comblée à chaque rencontre (voyage aussi à distance).",
    "tacit_rate": "Part de l'écart de connaissances tacites comblée à chaque rencontre de confiance en face à face.",
    "remote_tacit_factor": "Transfert tacite à distance, rapporté au face-à-face.",
    "talent_absorption": "Poids des compétences des salariés (face aux connaissances propres) dans la capacité d'absorption.",
    "obsolescence": "Part des connaissances qui devient obsolète chaque mois.",
    "neglect_rate": ("Part supplémentaire des connaissances perdue chaque mois dans les domaines auxquels un acteur "
                     "ne peut plus consacrer d'attention : un savoir-faire inutilisé s'oublie vite (environ 40 % "
                     "par an selon Benkard 2000)."),
    "attention": ("Domaines qu'un acteur entretient, par unité de compétence de ses salariés et par doublement de "
                  "ses effectifs : ses domaines les plus forts reçoivent son attention en premier."),
    "codified_diffusion": ("Part de son écart à la littérature (publications, brevets, normes, presse "
                           "spécialisée) qu'un acteur à pleine capacité d'absorption comble chaque mois, quelle "
                           "que soit la distance."),
    "regional_literature": ("Poids des publications de la région dans ce que lisent les acteurs ; le reste vient "
                            "du monde extérieur."),
    "research_rate": "Croissance propre des connaissances des laboratoires, vers la frontière mondiale.",
    "project_propensity": "Chance mensuelle qu'une entreprise de 20 salariés disposant de fonds de R&D ait une idée de projet (croît avec la racine carrée des effectifs) ; elle ne la réalise que si elle en vaut le coût.",
    "idea_value_sigma": "Dispersion de ce que valent les idées (log-normale, moyenne 1) : plus elle est grande, plus quelques idées portent l'essentiel de la valeur.",
    "max_partners": "Nombre maximal de partenaires dans un projet commun.",
    "coordination_cost": "Coût de coordination de chaque partenaire d'un projet commun (réunions, contrats, intégration), ajouté au coût du projet.",
    "partner_search_share": "Part de ses idées pour lesquelles une entreprise pleinement ouverte cherche des partenaires ; une entreprise d'ouverture o cherche des partenaires pour o fois cette part de ses idées. Les autres, elle les envisage seule.",
    "agreement_months": "Mois que prennent les partenaires pour s'accorder sur les termes d'un projet commun (périmètre, coûts, propriété intellectuelle) avant qu'il ne commence : il dure d'autant plus longtemps, et ses revenus arrivent plus tard. L'attente de la réponse d'un appel court en même temps.",
    "project_cost": "Coût d'un projet, partagé entre ses partenaires.",
    "project_months": "Durée d'un projet sans formalités de propriété intellectuelle.",
    "base_success": "Plafond de la chance de succès d'un projet, atteint seulement par un projet faisable et nouveau.",
    "feasibility_scale": "Distance cognitive que des partenaires peuvent franchir avec une pleine capacité d'absorption : au-delà, le succès chute vite.",
    "market_novelty": "Nouveauté à laquelle un projet faisable trouve son marché deux fois sur trois : les projets routiniers y parviennent rarement.",
    "radical_threshold": "Nouveauté au-delà de laquelle un succès est une innovation de rupture plutôt qu'incrémentale.",
    "ip_strictness": "Rigueur de la gouvernance de la propriété intellectuelle : des règles strictes coûtent du temps et de l'argent, des règles laxistes laissent les opportunistes faire défection.",
    "ip_overhead": "Durée et coût supplémentaires d'un projet sous les règles de propriété intellectuelle les plus strictes.",
    "opportunist_share": "Part des acteurs enclins à s'approprier les connaissances de leurs partenaires.",
    "conflict_risk": "Chance qu'un opportuniste fasse défection dans un projet sans règles de propriété intellectuelle ni confiance.",
    "ip_wariness": "Chance qu'une entreprise honnête prête à un partenaire en qui elle n'a pas confiance de faire défection : sous des règles laxistes, elle pèse le risque d'un conflit avant de s'associer.",
    "equipment_share": "Part des idées de projet qui exigent un équipement (banc d'essai, ligne pilote) ; les grandes entreprises et les centres techniques ont le leur.",
    "equipment_cost": "Coût d'accès à un équipement pour un projet, pour une équipe qui n'en a pas et n'a pas de place sur une plateforme.",
    "platform_discount": "Part du coût de l'équipement qu'un projet économise sur la plateforme partagée d'un centre technique.",
    "platform_capacity": "Projets que la plateforme d'un centre technique peut accueillir en même temps.",
    "rd_intensity": "Part du chiffre d'affaires que les entreprises versent à leur fonds de R&D ; ce qui n'est pas dépensé dans l'année retourne au capital.",
    "productivity": "Chiffre d'affaires par salarié de l'activité existante, modulé par les connaissances de l'entreprise.",
    "fixed_cost": "Coût fixe mensuel de fonctionnement d'une entreprise (locaux, équipements), quelle que soit sa taille.",
    "market_volatility": "Chocs mensuels sur la demande de chaque entreprise : la chance que les connaissances seules n'expliquent pas.",
    "wage": "Coût d'un salarié dans le monde extérieur, et dans la région au départ ; le salaire régional suit ensuite son marché du travail.",
    "innovation_revenue": "Revenu mensuel qu'une nouvelle innovation incrémentale de valeur moyenne rapporte à son lancement, partagé entre les entreprises du projet (rupture : trois fois plus).",
    "revenue_decay": "Baisse mensuelle du revenu d'une innovation à mesure que le produit vieillit.",
    "exit_months": "Mois de capital négatif après lesquels une entreprise quitte le cluster (calibré avec le capital d'amorçage sur la courbe de survie d'Eurostat).",
    "lab_spinoff_rate": "Chance qu'un laboratoire essaime une start-up dans le mois.",
    "firm_spinoff_rate": ("Chance qu'une entreprise essaime une start-up dans le mois. Au plus 0,02 (environ un "
                          "cinquième des entreprises par an) : au-delà, les essaimages d'essaimages dépassent les "
                          "sorties et le cluster se multiplie sans fin."),
    "startup_capital": "Capital d'amorçage moyen d'une nouvelle start-up (calibré avec sa dispersion et les mois avant la sortie pour qu'environ 80 %, 57 % et 44 % des start-up vivent un, trois et cinq ans, comme dans la démographie des entreprises d'Eurostat).",
    "startup_capital_spread": "Dispersion du capital d'amorçage des nouvelles start-up (lognormale autour du capital d'amorçage) : les fondateurs diffèrent par leur fortune et leurs soutiens.",
    "spinoff_distance_km": "Distance typique entre une nouvelle start-up et son parent.",
    "talent_pool": "Personnes qualifiées cherchant un emploi dans la région au départ.",
    "migration_rate": "Part des demandeurs d'emploi qui quittent la région en un mois quand elle paie autant que le monde extérieur ; plus partent quand elle paie moins, moins quand elle paie plus, et les arrivées répondent de même.",
    "wage_flexibility": "Part de l'écart au salaire qu'implique son marché du travail (la courbe des salaires) que le salaire régional comble chaque mois.",
    "training_gain": "Compétence ajoutée chaque mois au vivier de talents par organisme de formation (pour 1 000 personnes).",
    "hiring_rate": "Postes qu'une entreprise rentable ouvre en un mois, en part de ses effectifs ; une entreprise en perte en licencie autant.",
    "job_move_rate": "Chance mensuelle qu'un salarié parte occuper un poste ouvert d'une autre entreprise, en emportant du savoir-faire tacite (8,2 % des actifs occupés de l'UE ont changé d'emploi en un an).",
    "talent_inflow": "Personnes qualifiées qui arrivent d'un coup au mois choisi (programme d'attractivité, usine fermée ailleurs) : un choc ponctuel, aucun par défaut.",
    "talent_inflow_month": "Mois où arrive l'afflux ponctuel de talents.",
    "public_budget": "Argent public pour le cluster chaque année ; ce qui n'est pas dépensé est rendu.",
    "subsidy_rate": "Part du coût d'un projet collaboratif payée par des subventions.",
    "call_selection_rate": "Part des projets collaboratifs candidats à une subvention que l'appel retient, les plus prometteurs d'abord ; les autres décident à nouveau sans elle.",
    "call_months": "Mois entre la candidature à un appel et sa réponse : un projet collaboratif subventionné attend d'autant avant de commencer (ou le temps que ses partenaires s'accordent, s'il est plus long), et un candidat refusé a perdu autant de temps, quelle que soit la suite ; les revenus arrivent plus tard.",
    "rd_tax_credit": "Part des dépenses de projet des entreprises (après subventions) remboursée en crédit d'impôt.",
    "incubator_capacity": "Start-up que l'incubateur accueille en même temps (loyer et accompagnement payés par le budget).",
    "incubator_cost": "Coût mensuel de l'accueil d'une start-up dans l'incubateur.",
    "events_per_year": "Événements de réseautage organisés chaque année par les structures d'appui.",
    "event_size": "Participants à un événement de réseautage.",
    "event_cost": "Coût d'un événement de réseautage.",
    "platform_investment": "Investissement public annuel dans les plateformes partagées (capacité supplémentaire).",
    "platform_slot_cost": "Coût annuel d'une place supplémentaire sur une plateforme.",
    "n_remote_partners": "Partenaires du monde extérieur, joignables seulement par des contacts à distance.",
    "frontier_growth": "Croissance mensuelle de la frontière des connaissances du monde extérieur.",
    "remote_lead": "Connaissances des partenaires extérieurs au départ, rapportées à la moyenne du cluster.",
    "gatekeeper_threshold": ("Capacité d'absorption multipliée par l'ouverture à partir de laquelle une entreprise "
                             "ou un laboratoire joue le rôle de passeur (gatekeeper) : il construit la confiance à "
                             "distance comme en face à face et entretient ses liens lointains."),
    "pipeline_upkeep": ("Part de l'érosion mensuelle de la confiance qu'un passeur évite sur ses liens lointains "
                        "en les entretenant délibérément."),
}

_KIND_PLURALS_FR = {
    "large_firm": "Grandes entreprises", "sme": "PME", "startup": "Start-up", "lab": "Laboratoires de recherche",
    "training_body": "Organismes de formation", "tech_centre": "Centres techniques",
    "support": "Structures d'appui", "remote_partner": "Partenaires extérieurs",
}

# Outputs: name -> (French label, French description).
OUTPUT_FR = {
    **{f"agents_{k}": (v, f"{v} en activité.") for k, v in _KIND_PLURALS_FR.items()},
    "births": ("Start-up créées", "Start-up créées ce mois-ci (laboratoires, entreprises, incubateur)."),
    "deaths": ("Sorties d'entreprises", "Entreprises ayant quitté le cluster ce mois-ci après des pertes persistantes."),
    "startups_alive": ("Start-up en vie", "Entreprises de moins de cinq ans."),
    "innovations_incremental": ("Innovations incrémentales", "Projets réussis à la nouveauté modeste."),
    "innovations_radical": ("Innovations de rupture", "Projets réussis dont la nouveauté dépasse le seuil de rupture."),
    "innovations": ("Innovations", "Tous les projets réussis ce mois-ci."),
    "collaborative_share": ("Part collaborative", "Part des innovations des douze derniers mois réalisées avec des partenaires."),
    "remote_collab_share": ("Part des collaborations à distance", "Part des projets communs en cours qui incluent un partenaire éloigné."),
    "projects_active": ("Projets en cours", "Projets en cours."),
    "projects_launched": ("Projets lancés", "Projets démarrés ce mois-ci."),
    "platform_refused": ("Idées refusées faute de place", "Idées qui exigeaient un équipement que leur entreprise n'a pas et n'ont trouvé aucune place libre sur une plateforme ce mois-ci."),
    "ip_conflicts": ("Conflits de PI", "Projets rompus ce mois-ci par opportunisme ou litige de propriété intellectuelle."),
    "mean_trust": ("Confiance moyenne", "Confiance moyenne entre les paires d'acteurs qui se sont rencontrés."),
    "trust_density": ("Densité du réseau de confiance", "Part des paires possibles liées par une confiance au-dessus du seuil de partenariat."),
    "clustering": ("Coefficient de regroupement", "Transitivité du réseau de confiance : à quelle fréquence les partenaires de partenaires se font confiance."),
    "giant_component": ("Part de la composante géante", "Part des acteurs du cluster dans le plus grand groupe connexe du réseau de confiance."),
    "knowledge_mean": ("Connaissances", "Connaissances totales moyennes des acteurs du cluster."),
    "knowledge_dispersion": ("Dispersion des connaissances", "Coefficient de variation des connaissances totales des acteurs."),
    "knowledge_diversity": ("Diversité des connaissances", "Entropie des connaissances du cluster sur les domaines, 1 = réparties également."),
    "tacit_share": ("Part tacite", "Part du tacite dans les connaissances totales des acteurs du cluster."),
    "frontier": ("Frontière mondiale", "La frontière des connaissances du monde extérieur."),
    "talent_employed": ("Talents employés", "Salariés des entreprises, laboratoires et centres du cluster."),
    "talent_available": ("Talents disponibles", "Personnes qualifiées de la région cherchant un emploi."),
    "talent_skill": ("Compétence des talents", "Compétence moyenne du vivier de talents."),
    "migration": ("Migration nette", "Personnes qualifiées arrivant dans la région (positif) ou la quittant ce mois-ci."),
    "job_moves": ("Changements d'emploi", "Salariés changeant d'entreprise au sein du cluster ce mois-ci."),
    "vacancies": ("Postes ouverts", "Postes que les entreprises ont ouverts ce mois-ci en grandissant."),
    "regional_wage": ("Salaire régional", "Ce que coûte un salarié dans la région : il monte quand les postes ouverts dépassent les demandeurs d'emploi."),
    "public_spending": ("Dépense publique", "Argent public dépensé ce mois-ci (subventions, crédit d'impôt, incubateur, événements, plateformes)."),
    "public_spending_total": ("Dépense publique cumulée", "Argent public dépensé depuis le début."),
    "cost_per_innovation": ("Coût public par innovation", "Dépense publique cumulée divisée par les innovations cumulées."),
    "innovations_total": ("Innovations cumulées", "Innovations depuis le début."),
    "spatial_concentration": ("Concentration spatiale", "Indice de Herfindahl des entreprises sur une grille 10 x 10 du territoire, multiplié par 100."),
    "capital_gini": ("Inégalité de capital", "Coefficient de Gini du capital des entreprises (capital négatif compté comme zéro)."),
    "capital_total": ("Capital des entreprises", "Capital total des entreprises du cluster."),
}

# Scenarios: file name -> (French title, French description). English: the file's own.
SCENARIO_FR = {
    "baseline": ("Cluster de référence",
                 "Un cluster régional de taille moyenne, d'environ mille acteurs : quinze grandes entreprises, six cents PME, "
                 "cent start-up, des laboratoires, des organismes de formation, des centres techniques et un animateur de "
                 "cluster, répartis autour de quatre villes, avec un soutien public modéré, des règles de propriété "
                 "intellectuelle équilibrées et un cinquième des contacts à distance. Chaque autre scénario se lit par "
                 "rapport à celui-ci."),
    "digital_only": ("Cluster tout numérique",
                     "Presque tous les contacts se font à distance : les acteurs se rencontrent par plateformes et visio, "
                     "rarement en face à face. Les connaissances codifiées circulent encore et davantage de projets "
                     "associent des partenaires extérieurs, mais on apprend moins de savoir-faire tacite sur place et le "
                     "réseau local se relâche. Teste l'idée que les clusters doivent combiner liens locaux et "
                     "numériques plutôt que remplacer les uns par les autres."),
    "diverse": ("Cluster très diversifié",
                "Les acteurs se répartissent sur seize domaines technologiques avec des cultures d'entreprise très "
                "différentes. Les partenaires apportent de la nouveauté mais peinent à absorber les connaissances les uns "
                "des autres. Teste l'idée de diversité par le haut du U inversé : plus de nouveauté, moins de faisabilité."),
    "isolated_local": ("Cluster local isolé",
                       "Un cluster replié sur lui-même : aucun contact à distance et une faible portée du face-à-face ; il lit "
                       "encore les publications du monde. De l'effervescence locale sans canaux mondiaux (aucun projet "
                       "avec un partenaire extérieur) : teste si un cluster purement local s'enferme pendant "
                       "que la frontière des connaissances du monde extérieur avance sans lui."),
    "lax_ip": ("PI laxiste et opportunisme",
               "Presque pas de règles de propriété intellectuelle et trois fois plus d'opportunistes que dans la "
               "référence. Les projets sont bon marché et rapides, mais les opportunistes font défection, les conflits "
               "brisent la confiance et les partenaires cessent de coopérer. Teste le côté risque de la tension sur la "
               "propriété intellectuelle : observez les conflits de PI et la confiance moyenne."),
    "low_trust": ("Culture de faible confiance",
                  "Une culture d'affaires où la confiance se construit lentement, s'érode vite et doit être plus forte "
                  "avant que quiconque partage un savoir-faire ou rejoigne un projet, avec des cultures diverses qui se "
                  "heurtent. Teste l'idée que la confiance fonde la coopération : on attend moins de projets communs et "
                  "moins d'échanges tacites."),
    "monoculture": ("Cluster monoculturel",
                    "Tous les acteurs travaillent sur presque la même technologie et partagent une même culture "
                    "d'entreprise. Les partenaires se comprennent facilement mais ont peu de neuf à s'apporter. Teste "
                    "l'idée de diversité par le bas du U inversé : comparez les innovations de rupture avec la référence "
                    "et avec le cluster diversifié."),
    "no_support": ("Sans soutien public",
                   "Le soutien public est coupé : ni subventions, ni crédit d'impôt recherche, ni incubateur, ni "
                   "événements de réseautage, ni investissement dans les plateformes partagées. Teste l'idée que le "
                   "soutien public structure le cluster : comparez la survie des start-up, l'innovation et la densité de "
                   "confiance avec la référence."),
    "strict_ip": ("Gouvernance stricte de la PI",
                  "Une rigueur de propriété intellectuelle presque maximale : chaque collaboration passe par des contrats "
                  "et dépôts lourds. Les conflits deviennent rares, mais les projets durent plus longtemps et coûtent "
                  "plus cher, donc on en lance moins. Teste le côté coût de la tension sur la propriété intellectuelle."),
    "strong_support": ("Soutien public fort",
                       "Une politique de cluster généreuse : un budget deux fois et demie celui de la référence, des "
                       "taux élevés de subvention et de crédit d'impôt, un grand incubateur, des événements de réseautage "
                       "mensuels et un fort investissement dans les plateformes partagées. Teste si plus de soutien "
                       "achète plus d'innovation, et à quel coût public par innovation supplémentaire (rendements "
                       "décroissants)."),
}

# Indicators for policymakers (sim.dashboard.kpi): id -> language -> (label, unit, one-line explanation).
KPI_TEXT = {
    "innovations_per_year": {
        "en": ("Innovations per year", "per year", "Successful projects over the last twelve months: the cluster's output of new products and processes."),
        "fr": ("Innovations par an", "par an", "Projets réussis sur les douze derniers mois : la production de nouveaux produits et procédés du cluster."),
    },
    "startups_alive": {
        "en": ("Startups alive", "firms", "Firms younger than five years still in business: the cluster's renewal."),
        "fr": ("Start-up en vie", "entreprises", "Entreprises de moins de cinq ans encore en activité : le renouvellement du cluster."),
    },
    "talent_inflow": {
        "en": ("Talent inflow", "people per year", "Skilled people who moved into the region minus those who left, over the last twelve months."),
        "fr": ("Arrivée de talents", "personnes par an", "Personnes qualifiées arrivées dans la région moins celles parties, sur les douze derniers mois."),
    },
    "cost_per_innovation": {
        "en": ("Public cost per innovation", "k€", "All public money spent since the start divided by all innovations: what one innovation costs the taxpayer."),
        "fr": ("Coût public par innovation", "k€", "Tout l'argent public dépensé depuis le début divisé par toutes les innovations : ce qu'une innovation coûte au contribuable."),
    },
    "trust_level": {
        "en": ("Trust level", "0 to 1", "Mean trust between actors who have met (0: strangers, 1: full trust): the basis of cooperation."),
        "fr": ("Niveau de confiance", "0 à 1", "Confiance moyenne entre acteurs qui se sont rencontrés (0 : inconnus, 1 : confiance totale) : la base de la coopération."),
    },
}

# Classroom lessons (sim.dashboard.lessons): id -> language -> title, question, watch, mechanism, contrast.
LESSON_TEXT = {
    "proximity": {
        "en": {"title": "Proximity builds trust",
               "question": "If people only meet those who work nearby, will the cluster trust more or less than if they meet people far away?",
               "watch": "The trust level indicator and, in the Network tab, the clustering coefficient: compare with the contrast, where contacts reach 30 km.",
               "mechanism": "Every meeting closes part of the gap to full trust, and trust fades between meetings. When contacts stay within a couple of kilometres, the same neighbours meet again and again, so their trust keeps growing faster than it decays, and neighbours of neighbours also know each other: trust piles up in tight local groups. With a long range, meetings are spread over many people met once, and trust fades before it builds.",
               "contrast": "Face-to-face range 30 km"},
        "fr": {"title": "La proximité crée la confiance",
               "question": "Si chacun ne rencontre que ceux qui travaillent près de lui, le cluster aura-t-il plus ou moins confiance que si l'on rencontre des gens éloignés ?",
               "watch": "L'indicateur de niveau de confiance et, dans l'onglet Réseau, le coefficient de regroupement : comparez avec le contraste, où les contacts portent à 30 km.",
               "mechanism": "Chaque rencontre comble une part de l'écart à la confiance totale, et la confiance s'érode entre deux rencontres. Quand les contacts restent à quelques kilomètres, les mêmes voisins se revoient sans cesse : leur confiance croît plus vite qu'elle ne s'érode, et les voisins des voisins se connaissent aussi. La confiance s'accumule en petits groupes locaux. Avec une longue portée, les rencontres se dispersent sur beaucoup de personnes vues une seule fois, et la confiance s'efface avant de se construire.",
               "contrast": "Portée du face-à-face de 30 km"},
    },
    "tacit": {
        "en": {"title": "Tacit knowledge needs trust",
               "question": "What happens to the cluster's know-how when people share their tricks of the trade only with partners they trust a lot?",
               "watch": "Knowledge in the Outcomes tab (and, in a comparison, its gap with the contrast, where little trust is enough to share).",
               "mechanism": "Codified knowledge (documents, patents) flows at every meeting, even remotely, and through publications. Tacit know-how only passes between partners who trust each other beyond a threshold, and mostly face to face. When the threshold is high, few ties qualify, so most tacit knowledge stays where it is: each actor learns less and the cluster's knowledge grows more slowly.",
               "contrast": "Sharing tacit know-how with little trust (threshold 0.1)"},
        "fr": {"title": "Le savoir tacite a besoin de confiance",
               "question": "Que devient le savoir-faire du cluster quand chacun ne partage ses tours de main qu'avec des partenaires en qui il a une grande confiance ?",
               "watch": "Les connaissances dans l'onglet Résultats (et, dans une comparaison, leur écart avec le contraste, où peu de confiance suffit pour partager).",
               "mechanism": "Les connaissances codifiées (documents, brevets) circulent à chaque rencontre, même à distance, et par les publications. Le savoir-faire tacite ne passe qu'entre partenaires dont la confiance dépasse un seuil, et surtout en face à face. Quand le seuil est élevé, peu de liens le franchissent : l'essentiel du tacite reste où il est, chacun apprend moins et les connaissances du cluster croissent plus lentement.",
               "contrast": "Partage du tacite avec peu de confiance (seuil 0,1)"},
    },
    "diversity": {
        "en": {"title": "Diversity pays, up to a point",
               "question": "Which cluster innovates more: one where everybody works on the same technology, or one spread over sixteen technologies and very different cultures?",
               "watch": "Innovations and radical innovations. Then run the contrast (a monoculture) and the baseline scenario: which of the three has the most innovations in total?",
               "mechanism": "A project's novelty grows with the distance between its partners' knowledge, but its feasibility falls with that distance: partners must absorb what the others know. In a monoculture partners understand each other but have nothing new to offer, so radical innovations almost vanish; in a very diverse cluster projects are novel but often fail. For one project that is an inverted U; whether the cluster's total innovation peaks in between is what the three runs show.",
               "contrast": "Monoculture: one technology, one culture"},
        "fr": {"title": "La diversité paie, jusqu'à un certain point",
               "question": "Quel cluster innove le plus : celui où tous travaillent sur la même technologie, ou celui qui s'étend sur seize technologies aux cultures très différentes ?",
               "watch": "Les innovations et les innovations de rupture. Lancez ensuite le contraste (une monoculture) et le scénario de référence : lequel des trois innove le plus au total ?",
               "mechanism": "La nouveauté d'un projet croît avec la distance entre les connaissances des partenaires, mais sa faisabilité baisse avec cette distance : chacun doit absorber ce que savent les autres. En monoculture, les partenaires se comprennent mais n'ont rien de neuf à s'apporter : les ruptures disparaissent presque. Dans un cluster très divers, les projets sont nouveaux mais échouent souvent. Pour un projet, c'est un U inversé ; les trois simulations montrent si l'innovation totale du cluster culmine entre les deux.",
               "contrast": "Monoculture : une technologie, une culture"},
    },
    "platforms": {
        "en": {"title": "Pooling platforms helps small firms",
               "question": "Here most project ideas need a test bench or a pilot line, and access to one costs 300 k€. What changes when technical centres share theirs?",
               "watch": "Innovations and, in a comparison with the contrast (no platforms), innovations over time.",
               "mechanism": "Large firms and technical centres have their own equipment; a small firm must buy access, which makes most of its ideas not worth carrying out. A slot on a technical centre's platform costs a fraction of that, so small firms carry out ideas they would otherwise drop, and more of them succeed: over ten seeds, about a fifth more innovations in ten years (28 against 23; one pair of runs can hide a gain this size, so compare a few seeds), and a few more startups alive. The number of firms changes little. Capacity is limited: when every slot is taken, ideas are turned away, which is why public investment in platforms matters.",
               "contrast": "No shared platforms"},
        "fr": {"title": "Mutualiser des plateformes aide les petites entreprises",
               "question": "Ici la plupart des idées de projet exigent un banc d'essai ou une ligne pilote, et y accéder coûte 300 k€. Que change le partage de ceux des centres techniques ?",
               "watch": "Les innovations et, dans une comparaison avec le contraste (sans plateformes), les innovations dans le temps.",
               "mechanism": "Les grandes entreprises et les centres techniques ont leur propre équipement ; une petite entreprise doit en acheter l'accès, ce qui rend la plupart de ses idées trop chères pour ce qu'elles valent. Une place sur la plateforme d'un centre technique en coûte une fraction : les petites entreprises mènent des idées qu'elles abandonneraient sinon, et davantage réussissent ; sur dix graines, environ un cinquième d'innovations en plus en dix ans (28 contre 23 ; une seule paire de simulations peut masquer un gain de cette taille, comparez donc quelques graines), et un peu plus de start-up en vie. Le nombre d'entreprises change peu. La capacité est limitée : quand toutes les places sont prises, des idées sont refusées, d'où l'importance de l'investissement public dans les plateformes.",
               "contrast": "Sans plateformes partagées"},
    },
    "pipelines": {
        "en": {"title": "Local ties plus global pipelines",
               "question": "Can video calls and online platforms replace meeting in person? What if 90 % of contacts are remote?",
               "watch": "Knowledge in the Outcomes tab and the clustering coefficient in the Network tab, against the contrast (the baseline, a fifth of contacts remote).",
               "mechanism": "Remote contacts reach the outside world and carry codified knowledge, and open, capable firms and labs (gatekeepers) keep remote ties up and bring outside partners into joint projects. But most remote meetings build trust slowly and pass little tacit know-how. When nearly all contacts are remote, more projects include an outside partner, but fewer partners of partners trust each other (clustering falls), less tacit know-how is learnt locally and knowledge grows more slowly. An honest note: in this model a cluster with no remote contacts at all (scenario “isolated local”) innovates somewhat more than the baseline over twenty years (about 13 % over five seeds), and its knowledge stays slightly ahead of the baseline's.",

               "contrast": "Baseline: a fifth of contacts remote"},
        "fr": {"title": "Liens locaux et canaux mondiaux",
               "question": "La visio et les plateformes en ligne peuvent-elles remplacer les rencontres en personne ? Et si 90 % des contacts se faisaient à distance ?",
               "watch": "Les connaissances dans l'onglet Résultats et le coefficient de regroupement dans l'onglet Réseau, face au contraste (la référence, un cinquième des contacts à distance).",
               "mechanism": "Les contacts à distance atteignent le monde extérieur et transportent du savoir codifié, et les entreprises et laboratoires ouverts et capables (les passeurs) entretiennent leurs liens lointains et font entrer des partenaires extérieurs dans des projets communs. Mais la plupart des rencontres à distance construisent la confiance lentement et transmettent peu de savoir-faire tacite. Quand presque tous les contacts sont à distance, davantage de projets comptent un partenaire extérieur, mais moins de partenaires de partenaires se font confiance (le regroupement baisse), on apprend moins de savoir-faire tacite sur place et les connaissances croissent moins vite. Note honnête : dans ce modèle, un cluster sans aucun contact à distance (scénario « local isolé ») innove un peu plus que la référence en vingt ans (environ 13 % sur cinq graines), et ses connaissances restent un peu en avance sur celles de la référence.",

               "contrast": "Référence : un cinquième des contacts à distance"},
    },
    "support": {
        "en": {"title": "What does public money buy?",
               "question": "If the region spends two and a half times more on its cluster, do we get two and a half times more innovation?",
               "watch": "Startups alive and public cost per innovation, then compare with the contrast (no public support at all).",
               "mechanism": "Subsidies and the tax credit lower what a firm pays for a project, so ideas that were not worth their cost become worth carrying out: support adds projects, and the ones it adds are the marginal, lower-value ideas. But a joint project's subsidy goes only to the teams a call selects, the most promising first, and many of those would have gone ahead anyway. The incubator and platforms help startups through their first years. Innovation rises with support, but each extra euro buys less: in this model, over ten years, the baseline's budget buys each extra innovation (over no support) for about 2.4 million euros, the strong policy's further spending for about 7.7 million. Diminishing returns. The Compare tab gives the public cost per extra innovation, lever by lever.",
               "contrast": "No public support"},
        "fr": {"title": "Qu'achète l'argent public ?",
               "question": "Si la région dépense deux fois et demie plus pour son cluster, obtient-elle deux fois et demie plus d'innovation ?",
               "watch": "Les start-up en vie et le coût public par innovation, puis comparez avec le contraste (aucun soutien public).",
               "mechanism": "Subventions et crédit d'impôt baissent ce qu'une entreprise paie pour un projet : des idées qui ne valaient pas leur coût deviennent rentables. Le soutien ajoute des projets, et ceux qu'il ajoute sont les idées marginales, de moindre valeur. Mais la subvention d'un projet collaboratif ne va qu'aux équipes qu'un appel retient, les plus prometteuses d'abord, et beaucoup d'entre elles auraient mené leur projet de toute façon. L'incubateur et les plateformes aident les start-up à passer leurs premières années. L'innovation augmente avec le soutien, mais chaque euro en plus achète moins : dans ce modèle, sur dix ans, le budget de la référence achète chaque innovation en plus (par rapport à aucun soutien) environ 2,4 millions d'euros, les dépenses supplémentaires de la politique forte environ 7,7 millions. Des rendements décroissants. L'onglet Comparer donne le coût public par innovation en plus, levier par levier.",
               "contrast": "Aucun soutien public"},
    },
}


def t(key: str, lang: str, **fields) -> str:
    text = UI[key][lang]
    return text.format(**fields) if fields else text


def plain(value, lang: str) -> str:
    """A parameter value as typed, with the language's separators."""
    whole = isinstance(value, int) or (value.is_integer() and abs(value) < 1e15)
    text = f"{int(value):,}" if whole else f"{value:,.6g}"
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")


def param_label(name: str, lang: str) -> str:
    return PARAM_LABELS[name][LANGS.index(lang)]


def param_help(name: str, lang: str) -> str:
    return PARAMS[name].description if lang == "en" else PARAM_FR[name]


def output_label(name: str, lang: str) -> str:
    return OUTPUTS[name].label if lang == "en" else OUTPUT_FR[name][0]


def output_help(name: str, lang: str) -> str:
    return OUTPUTS[name].description if lang == "en" else OUTPUT_FR[name][1]


def unit(text: str, lang: str) -> str:
    return text if lang == "en" else UNITS_FR[text]


def kind_label(kind: str, lang: str) -> str:
    return KIND_LABELS[kind] if lang == "en" else KINDS_FR[kind]


def group_label(group: str, lang: str) -> str:
    return GROUPS[group][lang]


def scenario_title(scenario, lang: str) -> str:
    return scenario.title if lang == "en" else SCENARIO_FR[scenario.name][0]


def scenario_description(scenario, lang: str) -> str:
    return scenario.description if lang == "en" else SCENARIO_FR[scenario.name][1]
