"""The edge where files come in: the YAML reader (every problem located) and the
input models, one module per kind of file: :mod:`.service`, :mod:`.local_authority`,
:mod:`.not_rated` and :mod:`.location`; :mod:`.common` holds what they share."""
