// Who said what about one company: people and companies quoted, with the claim and its stance.
// param company: the company's canonical name, e.g. OpenAI
MATCH (p:Person)-[:ASSERTS]->(c:Claim)-[r:ABOUT]->(co:Company)
WHERE co.name = $company
RETURN p.name AS claimant, r.stance AS stance, c.text AS claim
ORDER BY claimant, claim
