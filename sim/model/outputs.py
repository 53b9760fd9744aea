"""Names of the model's per-step outputs: the contract between model, result files and front ends.

Each output has a label, a unit and a plain-language description. The model computes all of
them at the end of each step (`sim.model.indicators`: the actors' and the ties' apart); the
DataCollector records them under these names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    name: str
    label: str
    unit: str
    description: str


KINDS = ("large_firm", "sme", "startup", "lab", "training_body", "tech_centre", "support", "remote_partner")
KIND_LABELS = {
    "large_firm": "Large firm", "sme": "SME", "startup": "Startup", "lab": "Research lab",
    "training_body": "Training body", "tech_centre": "Technical centre", "support": "Support institution",
    "remote_partner": "Outside partner",
}
KIND_PLURALS = {
    "large_firm": "Large firms", "sme": "SMEs", "startup": "Startups", "lab": "Research labs",
    "training_body": "Training bodies", "tech_centre": "Technical centres", "support": "Support institutions",
    "remote_partner": "Outside partners",
}

_OUTPUTS = [
    *[Output(f"agents_{k}", KIND_PLURALS[k], "agents", f"{KIND_PLURALS[k]} active.") for k in KINDS],
    Output("births", "Startups born", "per month", "Startups created this month (labs, firms, incubator)."),
    Output("deaths", "Firm exits", "per month", "Firms that left the cluster this month after persistent losses."),
    Output("startups_alive", "Startups alive", "agents", "Firms younger than five years."),
    Output("innovations_incremental", "Incremental innovations", "per month", "Successful projects with modest novelty."),
    Output("innovations_radical", "Radical innovations", "per month", "Successful projects whose novelty exceeds the radical threshold."),
    Output("innovations", "Innovations", "per month", "All successful projects this month."),
    Output("collaborative_share", "Collaborative share", "share", "Share of the last twelve months' innovations made with partners."),
    Output("remote_collab_share", "Remote collaboration share", "share", "Share of joint projects under way that include a partner at a distance."),
    Output("projects_active", "Projects under way", "projects", "Projects under way."),
    Output("projects_launched", "Projects launched", "per month", "Projects started this month."),
    Output("platform_refused", "Ideas turned away by full platforms", "per month", "Ideas that needed equipment their firm lacks and found no free platform slot this month."),
    Output("ip_conflicts", "IP conflicts", "per month", "Projects broken by opportunism or an IP dispute this month."),
    Output("mean_trust", "Mean trust", "trust", "Mean trust over pairs of actors that have met."),
    Output("trust_density", "Trust network density", "share", "Share of possible pairs linked by trust above the partner threshold."),
    Output("clustering", "Clustering coefficient", "share", "Transitivity of the trust network: how often partners of partners trust each other."),
    Output("giant_component", "Giant component share", "share", "Share of cluster actors in the largest connected group of the trust network."),
    Output("knowledge_mean", "Knowledge", "index", "Mean total knowledge of cluster actors."),
    Output("knowledge_dispersion", "Knowledge dispersion", "ratio", "Coefficient of variation of actors' total knowledge."),
    Output("knowledge_diversity", "Knowledge diversity", "entropy", "Entropy of the cluster's knowledge over domains, 1 = evenly spread."),
    Output("tacit_share", "Tacit share", "share", "Share of tacit in total knowledge of cluster actors."),
    Output("frontier", "World frontier", "index", "The outside world's knowledge frontier."),
    Output("talent_employed", "Talent employed", "people", "Staff employed by cluster firms, labs and centres."),
    Output("talent_available", "Talent available", "people", "Skilled people in the region looking for work."),
    Output("talent_skill", "Talent skill", "index", "Mean skill of the talent pool."),
    Output("migration", "Net migration", "people/month", "Skilled people moving into (positive) or out of the region this month."),
    Output("job_moves", "Job moves", "per month", "Workers changing firm within the cluster this month."),
    Output("vacancies", "Vacancies", "jobs/month", "Jobs firms posted this month as they grow."),
    Output("regional_wage", "Regional wage", "k€/staff/month", "What a staff member costs in the region: it rises when vacancies outnumber job seekers."),
    Output("public_spending", "Public spending", "k€/month", "Public money spent this month (subsidies, tax credit, incubator, events, platforms)."),
    Output("public_spending_total", "Cumulative public spending", "k€", "Public money spent since the start."),
    Output("cost_per_innovation", "Public cost per innovation", "k€", "Cumulative public spending divided by cumulative innovations."),
    Output("innovations_total", "Cumulative innovations", "innovations", "Innovations since the start."),
    Output("spatial_concentration", "Spatial concentration", "index", "Herfindahl index of firms over a 10 x 10 grid of the territory, times 100."),
    Output("capital_gini", "Capital inequality", "Gini", "Gini coefficient of firms' capital (negative capital counted as zero)."),
    Output("capital_total", "Firms' capital", "k€", "Total capital of cluster firms."),
]

OUTPUTS: dict[str, Output] = {o.name: o for o in _OUTPUTS}
