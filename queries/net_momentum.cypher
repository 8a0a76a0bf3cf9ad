// Net momentum per company: gaining claims minus losing claims, with the number of claims.
// param limit: how many companies (default 20)
MATCH (c:Claim)-[r:ABOUT]->(co:Company)
RETURN co.name AS company, sum(r.score) AS net, count(c) AS claims
ORDER BY net DESC, company
LIMIT $limit
