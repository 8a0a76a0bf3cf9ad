// Who said what about one company: people and companies quoted, with the claim and its stance.
// param company: the company's canonical name, e.g. OpenAI
MATCH (who)-[:ASSERTS]->(c:Claim)-[r:ABOUT]->(co:Company {name: $company})
WHERE who:Person OR who:Company
RETURN who.name AS claimant, r.stance AS stance, c.text AS claim
ORDER BY claimant, claim
