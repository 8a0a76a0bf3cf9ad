// The people who make the most claims.
// param limit: how many people (default 10)
MATCH (p:Person)-[:ASSERTS]->(c:Claim)
RETURN p.name AS claimant, count(c) AS claims
ORDER BY claims DESC, claimant
LIMIT $limit
