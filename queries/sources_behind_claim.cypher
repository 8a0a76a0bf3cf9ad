// The sources behind claims whose text contains a phrase: title, publisher, date and path.
// param text: a phrase from the claim, e.g. lost ground
MATCH (s:Source)-[:REPORTS]->(c:Claim)
WHERE c.text CONTAINS $text
RETURN c.text AS claim, s.title AS source, s.publisher AS publisher, s.published AS published, s.path AS path
ORDER BY claim, source
