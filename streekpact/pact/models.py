"""The pact document: the pact, its chapters, objectives and actions, and rendered drafts."""
