// Claims about one company, with their stance and the source's title and date, newest first.
// param company: the company's canonical name, e.g. OpenAI
MATCH (s:Source)-[:REPORTS]->(c:Claim)-[r:ABOUT]->(co:Company {name: $company})
RETURN c.text AS claim, r.stance AS stance, s.title AS source, s.published AS published
ORDER BY published DESC, claim
