"""contract: the care contract (Betreuungsvertrag) of an accepted offer, process step 6.

- ``model``/``check`` — ``forms/<kommune>/vertrag.yaml``: the Kommune's and its Träger's contract texts with
  placeholders, and how the contract is signed; loaded by the project loader, checked with located
  ``VERTRAG_*`` diagnostics;
- ``fill`` — the placeholders (``{kind.name}``, ``{platz.beginn}`` …);
- ``document`` — the contract of one offer as data (``kitaforms-vertrag/1``); its PDF/UA is
  :func:`kitaforms.documents.contract.contract_pdf`;
- ``state`` — awaiting_consent → consented, or awaiting_signature; the consent record.

The form server (:mod:`kitaforms.serve.offers`) makes the contract when a family accepts its offer and
records the consent; nothing here reads or writes files or a clock.
"""
