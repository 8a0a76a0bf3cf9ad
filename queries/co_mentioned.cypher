// Companies most often mentioned in the same article.
// param limit: how many pairs (default 10)
MATCH (a:Company)<-[:MENTIONS]-(s:Source)-[:MENTIONS]->(b:Company)
WHERE a.name < b.name
RETURN a.name AS company, b.name AS other, count(s) AS articles
ORDER BY articles DESC, company, other
LIMIT $limit
