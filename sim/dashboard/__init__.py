"""The clustersim dashboard: a Solara app (`clustersim dashboard`) that runs one model per browser tab.

Modules: `app` (the page), `controls` (settings from the parameter schema), `views` (map,
charts, network, indicators), `compare`, `lessons` (classroom mode), `figures` (plotly figures,
no Solara), `kpi` (the policymakers' indicators), `state` (a tab's model, and the tasks that play and compare) and
`i18n` (every text in English and French).
"""
