from ..adoption import conftest as adoption_fixtures

pact = adoption_fixtures.pact
chemie_chapter = adoption_fixtures.chemie_chapter
chemie_objective = adoption_fixtures.chemie_objective
voka_author = adoption_fixtures.voka_author
approved = adoption_fixtures.approved
placed = adoption_fixtures.placed
boerenbond = adoption_fixtures.boerenbond
ready_draft = adoption_fixtures.ready_draft
proposed = adoption_fixtures.proposed
adopted = adoption_fixtures.adopted
signatories = adoption_fixtures.signatories

# The consultation's round on a ready draft (for "my data": reactions authored).
from ..consultation import conftest as consultation_fixtures  # noqa: E402

draft = consultation_fixtures.draft
consultation = consultation_fixtures.consultation
farmer = consultation_fixtures.farmer
