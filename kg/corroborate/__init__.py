"""One claim for many reports, one story for many rewrites, and contradictions: applied as articles are stored.

`index` holds the claim index that decides, for each new article, which stored story and claims it
repeats; `similarity` the scores it decides by; `groups` which stored articles form one story.
"""

from kg.corroborate.groups import StoryGroups, story_of
from kg.corroborate.index import SAME_STORY_DAYS, ClaimIndex
from kg.corroborate.similarity import ClaimFeatures, claim_similarity, entity_overlap

__all__ = ["ClaimIndex", "ClaimFeatures", "SAME_STORY_DAYS", "StoryGroups", "claim_similarity", "entity_overlap", "story_of"]
