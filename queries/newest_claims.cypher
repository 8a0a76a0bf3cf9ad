// The newest claims: text, stance, claimant, source title and date.
// param limit: how many claims (default 10)
MATCH (s:Source)-[:REPORTS]->(c:Claim)
WHERE s.published IS NOT NULL
RETURN c.text AS claim, c.stance AS stance, c.claimant AS claimant, s.title AS source, s.published AS published
ORDER BY published DESC, claim
LIMIT $limit
