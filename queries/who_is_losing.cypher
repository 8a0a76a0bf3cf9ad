// Companies with the most claims that they are losing ground.
// param limit: how many companies (default 10)
MATCH (c:Claim)-[r:ABOUT]->(co:Company)
WHERE r.stance = 'losing'
RETURN co.name AS company, count(c) AS losing_claims
ORDER BY losing_claims DESC, company
LIMIT $limit
