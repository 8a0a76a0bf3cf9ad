// Companies most often named together in the same claim.
// param limit: how many pairs (default 10)
MATCH (a:Company)<-[:ABOUT]-(c:Claim)-[:ABOUT]->(b:Company)
WHERE a.name < b.name
RETURN a.name AS company, b.name AS other, count(c) AS claims
ORDER BY claims DESC, company, other
LIMIT $limit
