// Contested companies: pairs of claims of opposite stance about the same company.
MATCH (g:Claim)-[a:ABOUT]->(co:Company)<-[b:ABOUT]-(l:Claim)
WHERE a.stance = 'gaining' AND b.stance = 'losing'
RETURN co.name AS company, count(g) AS opposing_pairs
ORDER BY opposing_pairs DESC, company
