// Contested companies: how many claims contradict another claim (opposite stance, same month) about them.
MATCH (a:Claim)-[:CONTRADICTS]->(b:Claim)-[r:ABOUT]->(co:Company)
WHERE r.stance IN ['gaining', 'losing']
RETURN co.name AS company, count(a) AS contradictions
ORDER BY contradictions DESC, company
