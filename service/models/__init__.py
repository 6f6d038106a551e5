"""The data every layer shares: what a caller asks for and what it gets back.

Pydantic models, so one definition validates input, serialises the JSON the
API documents, reads saved results back and gives ``openapi.json`` its
schemas (``service/web/openapi_spec.py``). Nothing here runs an engine or
touches storage: every other package may import these, and these import
none of them.
"""
