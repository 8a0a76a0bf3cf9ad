// Trends that favour or threaten one company, with how many articles say so.
// param company: the company's canonical name, e.g. OpenAI
MATCH (t:Trend)-[r:FAVORS|THREATENS]->(co:Company {name: $company})
RETURN t.name AS trend, type(r) AS effect, count(r) AS articles
ORDER BY articles DESC, trend, effect
