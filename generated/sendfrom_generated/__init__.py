"""Code generated from the specs in specs/ by ``make generate``: one subpackage per provider.

Each ``sendfrom_generated.<provider>`` holds ``models`` (pydantic wire models, from
datamodel-code-generator), ``api`` (one endpoint module per operation, sync and async, from
openapi-python-client with the templates in scripts/codegen/opc_templates), ``client`` (the
transport) and ``spec_info``. Never edit these files: change the spec, the settings or a template,
then run ``make generate``.
"""
