// Companies with the most claims that they are gaining ground.
// param limit: how many companies (default 10)
MATCH (c:Claim)-[r:ABOUT]->(co:Company)
WHERE r.stance = 'gaining'
RETURN co.name AS company, count(c) AS gaining_claims
ORDER BY gaining_claims DESC, company
LIMIT $limit
